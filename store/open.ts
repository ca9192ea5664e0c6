// Opens the store the bot runs on: the JSON-file store in DATA_DIR (created when missing).
import type { Logger } from 'pino';
import { JsonFileStore, type JsonStoreOptions } from './json/json-store.ts';
import type { Store } from './types.ts';

export interface OpenOptions extends Omit<JsonStoreOptions, 'log'> {
  log?: Logger;
}

/**
 * Throws StoreLockedError when another process holds DATA_DIR, StoreCorruptError when the files are
 * damaged (nothing is changed then; `npm run cli -- check` explains).
 */
export async function openStore(dataDir: string, opts: OpenOptions = {}): Promise<Store> {
  return JsonFileStore.open(dataDir, opts);
}
