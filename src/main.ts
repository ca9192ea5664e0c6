// Composition root: read config, open the store, start the configured platforms of the table
// (src/platforms/index.ts; the console when none is), wire the dispatcher and the digest scheduler.
import dotenv from 'dotenv';
import { loadConfig, storeLabel, type Config } from './config.ts';
import { createLogger } from './log.ts';
import { openStore } from '../store/open.ts';
import { LEDGER_SCHEMA, type Store } from './core/store-port.ts';
import { createDesk } from './core/create-desk.ts';
import { settingsFromConfig } from './desk-settings.ts';
import { Dispatcher } from './core/dispatcher.ts';
import { DigestScheduler } from './core/scheduler.ts';
import type { PlatformHost } from './core/platform.ts';
import { createInbound } from '../commands/inbound.ts';
import { loadDemo } from './demo/index.ts';
import { consoleFlagEmoji } from './platforms/console/config.ts';
import { startConsole, type ConsoleRuntime } from './platforms/console/index.ts';
import { PLATFORMS, platformNotes } from './platforms/index.ts';
import { configuredPlatforms, incompletePlatforms, startPlatforms, type Configured } from './platforms/start.ts';
import { describeStartupError, describeStoreFailure } from './startup-errors.ts';

dotenv.config({ quiet: true });

function fail(message: string): never {
  process.stderr.write(`claimdesk: ${message}\n`);
  process.exit(1);
}

let config: Config;
// the rows of the platform table whose variables are set (each reads its own)
let configured: Configured[];
try {
  config = loadConfig();
  configured = configuredPlatforms(PLATFORMS, process.env);
} catch (err) {
  fail(describeStartupError(err));
}
// LOG_LEVEL unset: the default for where the logs go (warn on a terminal, info as JSON elsewhere)
const log = createLogger(process.env.LOG_LEVEL?.trim() ? config.logLevel : undefined);
// A platform given half its credentials is a deployment slip: running the console instead (which on a server
// reads an empty stdin and exits 0) would hide it. Say which variable is missing and stop.
const halfSet = incompletePlatforms(PLATFORMS, process.env);
if (halfSet.length) fail(`a platform is only half configured (check your environment and .env):\n${halfSet.map((l) => `  ${l}`).join('\n')}`);

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
  const desk = createDesk({ store, log, settings: { ...settingsFromConfig(config), helpNotes: platformNotes() }, dataDir: config.dataDir });
  // PUBLIC_URL: the verdict pages on PORT in every mode. Created before the platforms so Slack over HTTP can
  // mount its receiver on the same server; it listens once they are up.
  const web = config.publicUrl
    ? (await import('./web/server.ts')).createWeb(desk, { publicUrl: config.publicUrl, org: config.org })
    : undefined;
  const inbound = createInbound(desk);
  const host: PlatformHost = { desk, inbound, ...(web ? { http: web } : {}) };
  // Platforms load on demand (inside start): their SDKs take seconds to import, which the console need not pay.
  // Several instances on one database: a platform with a lease (the Discord gateway) runs only where it is held.
  const { runtimes, leased } = await startPlatforms(configured, host, { leases: store.leases, onPort: (id, port) => dispatcher?.setPort(id, port), log });

  if (web) {
    const port = await web.listen(config.port);
    log.info({ port, publicUrl: config.publicUrl }, 'public pages served');
  }

  let dispatcher: Dispatcher | undefined;
  let consoleRt: ConsoleRuntime | undefined;
  if (runtimes.length === 0 && leased.length === 0) {
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
      flagEmoji: consoleFlagEmoji(process.env),
      inbound,
    });
    runtimes.push(consoleRt);
  }

  dispatcher = new Dispatcher(desk, runtimes.map((r) => r.delivery), { leaseMs: config.outboxLeaseMs });
  const scheduler = new DigestScheduler(desk);
  dispatcher.start();
  for (const l of leased) await l.gateway.start();
  await scheduler.start();
  log.info({ platforms: [...runtimes.map((r) => r.delivery.platform), ...leased.map((l) => `${l.platform.id} (leased)`)], store: storeLabel(config) }, 'claimdesk started');

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
      for (const l of leased) await l.gateway.stop().catch((err) => log.warn({ err }, `${l.platform.label} stop failed`));
      for (const r of runtimes) await r.stop().catch((err) => log.warn({ err }, 'platform stop failed'));
      await web?.close().catch((err) => log.warn({ err }, 'web server stop failed'));
      await desk.search.close(); // saves the search index if it changed
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
