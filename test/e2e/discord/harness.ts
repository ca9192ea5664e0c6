// Runs the real bot (`node --import tsx src/main.ts`, Discord via discord.js) against the fake Discord, and
// seeds its DATA_DIR through the real store before it starts.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openStore } from '../../../store/open.ts';
import { createDesk } from '../../../src/core/create-desk.ts';
import { loadDemo } from '../../../src/demo/index.ts';
import type { Store } from '../../../store/types.ts';
import type { FakeDiscord } from '../../fakes/discord/index.ts';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

export async function tmpDataDir(): Promise<string> {
  return fs.mkdtemp(path.join(os.tmpdir(), 'claimdesk-discord-e2e-'));
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

export class DiscordBot {
  output = '';
  private exited: Promise<number | null>;

  private constructor(private child: ChildProcess) {
    this.child.stderr!.on('data', (d: Buffer) => (this.output += d.toString()));
    this.child.stdout!.on('data', (d: Buffer) => (this.output += d.toString()));
    this.exited = new Promise((resolve) => this.child.once('exit', (code) => resolve(code)));
  }

  /**
   * Start the bot and wait until it is in service: identified on the gateway and its slash commands
   * registered (startDiscord registers after READY, then main starts the dispatcher).
   */
  static async start(fake: FakeDiscord, dataDir: string, env: Record<string, string> = {}): Promise<DiscordBot> {
    const identified = fake.identifies.length;
    const registrations = fake.calls.filter((c) => c.method === 'PUT' && c.path.endsWith('/commands')).length;
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? os.tmpdir(),
        DISCORD_TOKEN: fake.token,
        DISCORD_APPLICATION_ID: fake.applicationId,
        DISCORD_API_URL: fake.apiUrl,
        DISCORD_GUILD_ID: fake.guild.id,
        DATA_DIR: dataDir,
        LOG_LEVEL: 'warn',
        CLAIMDESK_DEMO: '0',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const bot = new DiscordBot(child);
    let exitCode: number | null | undefined;
    void bot.exited.then((c) => (exitCode = c));
    await fake.waitFor(
      () => {
        if (exitCode !== undefined) throw new Error(`bot exited with ${exitCode}:\n${bot.output}`);
        const puts = fake.calls.filter((c) => c.method === 'PUT' && c.path.endsWith('/commands') && c.status === 200).length;
        return fake.identifies.length > identified && puts > registrations;
      },
      'the bot to identify and register its commands',
      30_000,
    );
    // main starts the dispatcher right after startDiscord returns; give it a moment to be wired
    await new Promise((r) => setTimeout(r, 300));
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
