// What the Slack and Discord end-to-end harnesses share: the real bot (`node --import tsx src/main.ts`) as a
// child process with a minimal environment, a tmp DATA_DIR seeded through the real store, and a free port.
// Each platform's harness adds its own env and its own "in service" check on top of BotProcess.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openStore } from '../../store/open.ts';
import { createDesk } from '../../src/core/create-desk.ts';
import { loadDemo } from '../../src/demo/index.ts';
import { LEDGER_SCHEMA, type Store } from '../../src/core/store-port.ts';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export async function tmpDataDir(prefix: string): Promise<string> {
  return fs.mkdtemp(path.join(os.tmpdir(), prefix));
}

/** Load the demo newsroom into dataDir through the real store, then release it for the bot. */
export async function seedDemo(dataDir: string): Promise<void> {
  const store = await openStore(dataDir, LEDGER_SCHEMA);
  try {
    await loadDemo(createDesk({ store }));
  } finally {
    await store.close();
  }
}

/** Read the store of a stopped bot. */
export async function withStore<T>(dataDir: string, fn: (store: Store) => T | Promise<T>): Promise<T> {
  const store = await openStore(dataDir, LEDGER_SCHEMA);
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

/**
 * The environment of one of our entry points run as a child: nothing inherited but PATH and HOME (so no
 * token from the developer's shell leaks in), the given DATA_DIR, quiet logs, then `extra` (which wins).
 */
export function childEnv(dataDir: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? os.tmpdir(),
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    ...extra,
  };
}

/** The bot as a child process, without the demo newsroom; `env` (platform tokens, overrides) wins. */
export class BotProcess {
  /** Everything the bot printed (stdout and stderr), for failure messages. */
  output = '';
  /** The exit code once the bot has exited; undefined while it runs. */
  exitCode: number | null | undefined;
  private child: ChildProcess;
  private exited: Promise<number | null>;

  constructor(dataDir: string, env: Record<string, string>) {
    this.child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: ROOT,
      env: childEnv(dataDir, { CLAIMDESK_DEMO: '0', ...env }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child.stderr!.on('data', (d: Buffer) => (this.output += d.toString()));
    this.child.stdout!.on('data', (d: Buffer) => (this.output += d.toString()));
    this.exited = new Promise((resolve) => this.child.once('exit', (code) => resolve(code)));
    void this.exited.then((c) => (this.exitCode = c));
  }

  /** For use inside a readiness poll: fails at once, with what the bot printed, if it has exited. */
  assertRunning(): void {
    if (this.exitCode !== undefined) throw new Error(`bot exited with ${this.exitCode}:\n${this.output}`);
  }

  /** kill -9: the process dies mid-whatever, nothing of it runs again; resolves once it is gone. */
  async kill(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
    await this.exited;
  }

  /** SIGTERM, as a supervisor would; resolves with the exit code. */
  async stop(): Promise<number | null> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 15_000);
    const code = await this.exited;
    clearTimeout(timer);
    return code;
  }
}
