// Composition root: read config, open the store, pick platforms, wire the dispatcher and the digest scheduler.
import dotenv from 'dotenv';
import { loadConfig } from './config.ts';
import { createLogger } from './log.ts';
import { openStore } from '../store/open.ts';
import { createDesk, settingsFromConfig } from './core/create-desk.ts';
import { Dispatcher } from './core/dispatcher.ts';
import { DigestScheduler } from './core/scheduler.ts';
import type { PlatformRuntime } from './core/desk.ts';
import { loadDemo } from './demo/index.ts';
import { startConsole } from './platforms/console/index.ts';
import { startSlack } from './platforms/slack/index.ts';
import { startDiscord } from './platforms/discord/index.ts';

dotenv.config({ quiet: true });
const config = loadConfig();
const log = createLogger(config.logLevel);

async function main(): Promise<void> {
  const store = await openStore(config.dataDir, { log });
  const desk = createDesk({ store, log, settings: settingsFromConfig(config) });
  const runtimes: PlatformRuntime[] = [];
  if (config.slack) runtimes.push(await startSlack(desk, config.slack));
  if (config.discord) runtimes.push(await startDiscord(desk, config.discord));

  let consoleDone: Promise<void> | undefined;
  if (runtimes.length === 0) {
    if (config.demo && store.count('claims') === 0 && store.count('actors') === 0) {
      const n = await loadDemo(desk);
      process.stdout.write(`Loaded the demo newsroom (${n} claims) into ${config.dataDir}. Try: /claim status massacre\n`);
    }
    const c = await startConsole(desk, { input: process.stdin, output: process.stdout });
    runtimes.push(c);
    consoleDone = c.done;
  }

  const dispatcher = new Dispatcher(desk, runtimes.map((r) => r.delivery));
  const scheduler = new DigestScheduler(desk);
  dispatcher.start();
  await scheduler.start();
  log.info({ platforms: runtimes.map((r) => r.delivery.platform), dataDir: config.dataDir }, 'claimdesk started');

  let stopping = false;
  const shutdown = async (code: number) => {
    if (stopping) return;
    stopping = true;
    await scheduler.stop();
    await dispatcher.drain().catch((err) => log.warn({ err }, 'could not deliver everything before exit'));
    await dispatcher.stop();
    for (const r of runtimes) await r.stop().catch((err) => log.warn({ err }, 'platform stop failed'));
    await store.close();
    process.exit(code);
  };
  process.on('SIGINT', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));
  // The console ends with its input: finish pending work (saves, due alerts) and exit 0.
  if (consoleDone) consoleDone.then(() => shutdown(0));
}

main().catch((err) => {
  log.fatal({ err }, 'claimdesk could not start');
  process.stderr.write(`claimdesk could not start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
