// Composition root: read config, open the store, pick platforms, wire the dispatcher and the digest scheduler.
import dotenv from 'dotenv';
import { loadConfig, storeLabel, type Config } from './config.ts';
import { createLogger } from './log.ts';
import { openStore } from '../store/open.ts';
import { LEDGER_SCHEMA, type Store } from './core/store-port.ts';
import { createDesk } from './core/create-desk.ts';
import { settingsFromConfig } from './desk-settings.ts';
import type { LedgerSearch } from './core/search.ts';
import { Dispatcher } from './core/dispatcher.ts';
import { DigestScheduler } from './core/scheduler.ts';
import { LeasedPlatform } from './core/leased-platform.ts';
import type { PlatformRuntime } from './core/desk.ts';
import { loadDemo } from './demo/index.ts';
import { startConsole, type ConsoleRuntime } from './platforms/console/index.ts';
import { describeStartupError, describeStoreFailure } from './startup-errors.ts';

dotenv.config({ quiet: true });

function fail(message: string): never {
  process.stderr.write(`claimdesk: ${message}\n`);
  process.exit(1);
}

let config: Config;
try {
  config = loadConfig();
} catch (err) {
  fail(describeStartupError(err));
}
// LOG_LEVEL unset: the default for where the logs go (warn on a terminal, info as JSON elsewhere)
const log = createLogger(process.env.LOG_LEVEL?.trim() ? config.logLevel : undefined);
// A platform given half its credentials is a deployment slip: running the console instead (which on a server
// reads an empty stdin and exits 0) would hide it. Say which variable is missing and stop.
const halfSet = incompletePlatforms(process.env);
if (halfSet.length) fail(`a platform is only half configured (check your environment and .env):\n${halfSet.map((l) => `  ${l}`).join('\n')}`);

function incompletePlatforms(env: NodeJS.ProcessEnv): string[] {
  const set = (k: string) => !!env[k]?.trim(); // an empty string counts as unset
  const out: string[] = [];
  if (set('SLACK_BOT_TOKEN') && !set('SLACK_SIGNING_SECRET') && !set('SLACK_APP_TOKEN')) {
    out.push('SLACK_BOT_TOKEN is set but neither SLACK_SIGNING_SECRET (HTTP) nor SLACK_APP_TOKEN (Socket Mode)');
  }
  for (const k of ['SLACK_SIGNING_SECRET', 'SLACK_APP_TOKEN']) if (set(k) && !set('SLACK_BOT_TOKEN')) out.push(`${k} is set but SLACK_BOT_TOKEN is not`);
  if (set('DISCORD_TOKEN') !== set('DISCORD_APPLICATION_ID')) {
    out.push(set('DISCORD_TOKEN') ? 'DISCORD_TOKEN is set but DISCORD_APPLICATION_ID is not' : 'DISCORD_APPLICATION_ID is set but DISCORD_TOKEN is not');
  }
  return out;
}

async function main(): Promise<void> {
  let store: Store;
  // A store that stops accepting writes (disk full, I/O error) stops the bot: one line, then a clean exit 1.
  let storeFailed: ((err: Error) => void) | undefined;
  let failure: Error | undefined;
  const onFailure = (err: Error) => {
    if (failure) return;
    failure = err;
    process.stderr.write(`claimdesk: ${describeStoreFailure(err, config.dataDir)}\n`);
    storeFailed?.(err);
  };
  try {
    // What the start repaired (a torn journal tail cut and saved aside) goes to the operator's console too,
    // unless the log already shows it there as a human line (a terminal, warnings on).
    const logShows = process.stderr.isTTY && log.isLevelEnabled('warn');
    const onNotice = (m: string) => void (logShows || process.stderr.write(`claimdesk: ${m}\n`));
    store = await openStore(config.dataDir, LEDGER_SCHEMA, { log, onNotice, onFailure, databaseUrl: config.databaseUrl });
  } catch (err) {
    // Never start empty on top of a damaged store: say what is wrong and stop (the details only at debug).
    log.debug({ err, store: storeLabel(config) }, 'could not open the store');
    fail(describeStartupError(err, storeLabel(config)));
  }
  const desk = createDesk({ store, log, settings: settingsFromConfig(config), dataDir: config.dataDir });
  const runtimes: PlatformRuntime[] = [];
  // PUBLIC_URL: the verdict pages on PORT in every mode. Created before the platforms so Slack over HTTP can
  // mount its receiver on the same server; it listens once they are up.
  const web = config.publicUrl
    ? (await import('./web/server.ts')).createWeb(desk, { publicUrl: config.publicUrl, org: config.org })
    : undefined;
  // Platforms load on demand: Bolt and discord.js take seconds to import, which the console need not pay.
  if (config.slack) {
    const { startSlack } = await import('./platforms/slack/index.ts');
    runtimes.push(await startSlack(desk, config.slack, web));
  }
  let gateway: LeasedPlatform | undefined;
  if (config.discord) {
    const { startDiscord } = await import('./platforms/discord/index.ts');
    const discord = config.discord;
    // Several instances on one database: only the holder of the lease runs the Discord gateway.
    if (store.leases) gateway = new LeasedPlatform(store.leases, () => startDiscord(desk, discord), (rt) => dispatcher?.setPort('discord', rt?.delivery), { name: 'discord-gateway', log });
    else runtimes.push(await startDiscord(desk, discord));
  }

  if (web) {
    const port = await web.listen(config.port);
    log.info({ port, publicUrl: config.publicUrl }, 'public pages served');
  }

  let dispatcher: Dispatcher | undefined;
  let consoleRt: ConsoleRuntime | undefined;
  if (runtimes.length === 0 && !gateway) {
    if (config.demo && store.count('claims') === 0 && store.count('actors') === 0) {
      const n = await loadDemo(desk);
      process.stdout.write(
        `Loaded the demo newsroom (${n} claims, ${store.count('actors')} actors) into ${storeLabel(config)}. ` +
          `Try: /claim status massacre   (CLAIMDESK_DEMO=0 starts empty)\n`,
      );
    }
    if (process.stdin.isTTY) {
      process.stdout.write('claimdesk console: /claim help lists the commands; any other line is a chat message; Ctrl-D quits.\n');
    }
    // Draining after every line makes alerts and flag answers print right after the command that caused them.
    consoleRt = await startConsole(desk, {
      input: process.stdin,
      output: process.stdout,
      autoStart: false,
      afterCommand: async () => dispatcher?.drain(),
    });
    runtimes.push(consoleRt);
  }

  dispatcher = new Dispatcher(desk, runtimes.map((r) => r.delivery));
  const scheduler = new DigestScheduler(desk);
  dispatcher.start();
  await gateway?.start();
  await scheduler.start();
  log.info({ platforms: [...runtimes.map((r) => r.delivery.platform), ...(gateway ? ['discord (leased)'] : [])], store: storeLabel(config) }, 'claimdesk started');

  let stopping = false;
  const shutdown = async (code: number) => {
    if (stopping) return;
    stopping = true;
    try {
      if (consoleRt) {
        // Stop reading, let the line in progress finish (its reply, its write), then wind down the rest.
        await consoleRt.stop();
        await Promise.race([consoleRt.done, new Promise((r) => setTimeout(r, 10_000).unref())]);
      }
      await scheduler.stop();
      await dispatcher!.drain().catch((err) => log.warn({ err }, 'could not deliver everything before exit'));
      await dispatcher!.stop();
      await gateway?.stop().catch((err) => log.warn({ err }, 'Discord stop failed'));
      for (const r of runtimes) await r.stop().catch((err) => log.warn({ err }, 'platform stop failed'));
      await web?.close().catch((err) => log.warn({ err }, 'web server stop failed'));
      await (desk.search as LedgerSearch).close(); // saves the search index if it changed
      await store.close();
    } catch (err) {
      log.error({ err }, 'shutdown failed');
      process.stderr.write(`claimdesk: could not shut down cleanly: ${err instanceof Error ? err.message : String(err)}\n`);
      code = 1;
    }
    process.exit(code);
  };
  storeFailed = () => void shutdown(1);
  if (failure) void shutdown(1);
  process.on('SIGINT', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));
  // stdout closed by the reader (`… | head`): stop quietly instead of crashing on EPIPE.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') void shutdown(0);
    else log.error({ err }, 'stdout failed');
  });
  if (consoleRt) {
    // The console ends with its input: finish pending work (saves, due alerts) and exit 0.
    void consoleRt.done.then(() => shutdown(0));
    consoleRt.begin();
  }
}

main().catch((err) => {
  log.debug({ err }, 'claimdesk could not start');
  fail(`could not start: ${describeStartupError(err, config.dataDir)}`);
});
