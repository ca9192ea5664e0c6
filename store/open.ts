// Opens the store the bot runs on. STUB: the JSON-file store (store/json/) replaces the MemoryStore here.
import type { Logger } from 'pino';
import { MemoryStore } from './memory.ts';
import type { Store } from './types.ts';

export interface OpenOptions {
  log?: Logger;
}

export async function openStore(dataDir: string, _opts: OpenOptions = {}): Promise<Store> {
  void dataDir;
  return new MemoryStore();
}
