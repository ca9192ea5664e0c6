// The console platform: stdin/stdout. STUB until the console work lands.
import type { Readable, Writable } from 'node:stream';
import type { Desk, PlatformRuntime } from '../../core/desk.ts';

export interface ConsoleRuntime extends PlatformRuntime {
  /** resolves at end of input */
  readonly done: Promise<void>;
}

export async function startConsole(desk: Desk, io: { input: Readable; output: Writable }): Promise<ConsoleRuntime> {
  void desk; void io;
  return { delivery: { platform: 'console', deliver: async () => ({ ref: '0' }) }, done: Promise.resolve(), stop: async () => {} };
}
