// Runs the real bot (`node --import tsx src/main.ts`, Slack over HTTP) against the fake Slack, and seeds its
// DATA_DIR through the real store before it starts.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openStore } from '../../../store/open.ts';
import { createDesk } from '../../../src/core/create-desk.ts';
import { loadDemo } from '../../../src/demo/index.ts';
import type { Store } from '../../../store/types.ts';
import { SlackSender, waitFor } from '../../fakes/slack/client.ts';
import type { FakeSlack } from '../../fakes/slack/server.ts';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const SECRET = 'e2e-signing-secret-0123456789abcdef';

export async function tmpDataDir(): Promise<string> {
  return fs.mkdtemp(path.join(os.tmpdir(), 'claimdesk-slack-e2e-'));
}

/** Load the demo newsroom into dataDir through the real store, then release it for the bot. */
export async function seedDemo(dataDir: string): Promise<void> {
  const store = await openStore(dataDir);
  try {
    await loadDemo(createDesk({ store }));
  } finally {
    await store.close();
  }
}

/** Read the store of a stopped bot. */
export async function withStore<T>(dataDir: string, fn: (store: Store) => T | Promise<T>): Promise<T> {
  const store = await openStore(dataDir);
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

export class BotProcess {
  stderr = '';
  private exited: Promise<number | null>;

  private constructor(
    private child: ChildProcess,
    readonly port: number,
    readonly sender: SlackSender,
  ) {
    this.child.stderr!.on('data', (d: Buffer) => (this.stderr += d.toString()));
    this.child.stdout!.on('data', (d: Buffer) => (this.stderr += d.toString()));
    this.exited = new Promise((resolve) => this.child.once('exit', (code) => resolve(code)));
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  static async start(fake: FakeSlack, dataDir: string, env: Record<string, string> = {}): Promise<BotProcess> {
    const port = await freePort();
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? os.tmpdir(),
        SLACK_BOT_TOKEN: fake.token,
        SLACK_SIGNING_SECRET: SECRET,
        SLACK_API_URL: fake.apiUrl,
        PORT: String(port),
        DATA_DIR: dataDir,
        EDITORS: 'slack:UEDITOR',
        LOG_LEVEL: 'warn',
        CLAIMDESK_DEMO: '0',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const bot = new BotProcess(child, port, new SlackSender(`http://127.0.0.1:${port}`, SECRET, fake));
    let exitCode: number | null | undefined;
    void bot.exited.then((c) => (exitCode = c));
    await waitFor(
      async () => {
        if (exitCode !== undefined) throw new Error(`bot exited with ${exitCode}:\n${bot.stderr}`);
        const res = await fetch(`${bot.url}/healthz`).catch(() => undefined);
        return res?.status === 200;
      },
      20_000,
      'the bot to answer /healthz',
    );
    return bot;
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
