// Administration CLI: npm run cli -- demo | import <file> | export [--format json|claimreview] | check | register-commands
// Results go to stdout, logs and errors to stderr. Exit codes: 0 done, 1 failed, 2 bad arguments.
import dotenv from 'dotenv';
import { loadConfig, storeLabel, type Config } from './config.ts';
import { createLogger } from './log.ts';
import type { Logger } from './core/ports.ts';
import { openStore, type OpenOptions } from '../store/open.ts';
import { StoreLockedError, type ReadView, type Store, LEDGER_SCHEMA } from './core/store-port.ts';
import { describeStartupError } from './startup-errors.ts';
import { JsonReadError, peekJsonArray, readJsonFile, readJsonItems } from './read-json.ts';
// Each subcommand loads what only it needs (below, with import()): a CLI process pays for every module it
// loads, through tsx, before doing anything.

export const USAGE = `usage: npm run cli -- <subcommand>
  demo                                 load the demo newsroom into DATA_DIR
  import <file> [--skip-invalid]       import a claimdesk JSON export or ClaimReview JSON-LD
                                       (--skip-invalid: ClaimReview only, import the valid items)
  export [--format json|claimreview]   write the store to stdout (default json)
  check                                verify the store on disk; exit 1 with a report when damaged
  register-commands                    register the Discord slash commands (DISCORD_TOKEN, DISCORD_APPLICATION_ID)`;

class UsageError extends Error {}
class CliError extends Error {
  constructor(message: string, readonly locked = false) {
    super(message);
  }
}

/**
 * An import is durable once its journal record is synced; serialising the whole store again into a
 * snapshot before this process exits would double the import's time. The next start replays the record
 * (as fast as reading a snapshot) and folds the journal into a snapshot in the background.
 */
const LEAVE_CHECKPOINT_TO_BOT: OpenOptions = { checkpointOnClose: false, maxJournalBytes: Infinity, maxJournalRecords: Infinity };

const out = (s: string): void => void process.stdout.write(s.endsWith('\n') ? s : s + '\n');

async function withStore<T>(config: Config, log: Logger, fn: (store: Store) => Promise<T>, opts: OpenOptions = {}): Promise<T> {
  let store: Store;
  try {
    store = await openStore(config.dataDir, LEDGER_SCHEMA, { log, ...opts, databaseUrl: config.databaseUrl });
  } catch (err) {
    throw new CliError(describeStartupError(err, storeLabel(config)), err instanceof StoreLockedError);
  }
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

async function cmdImport(config: Config, log: Logger, args: string[]): Promise<void> {
  const skipInvalid = args.includes('--skip-invalid');
  const files = args.filter((a) => a !== '--skip-invalid');
  if (files.length !== 1 || files[0].startsWith('--')) throw new UsageError('import needs exactly one file');
  const file = files[0];
  const unreadable = (err: unknown): CliError =>
    err instanceof JsonReadError ? new CliError(`${file} is not valid JSON: ${err.message}`) : new CliError(`cannot read ${file}: ${(err as Error).message}`);
  const { formatImportReport, importClaimReview, importClaimReviewStream, isClaimReview } = await import('./claimreview/index.ts');
  // A top-level array of reviews (what fact-check dumps are) is imported as it is read, item by item, in
  // the store's transaction: the file's items are never all in memory at once.
  let head: Awaited<ReturnType<typeof peekJsonArray>>;
  try {
    head = await peekJsonArray(file);
  } catch (err) {
    throw unreadable(err);
  }
  if (head.array && head.first !== undefined && isClaimReview([head.first])) {
    await withStore(config, log, async (store) => {
      let r: Awaited<ReturnType<typeof importClaimReviewStream>>;
      try {
        r = await importClaimReviewStream(store, () => reading(file), { skipInvalid });
      } catch (err) {
        if (err instanceof ReadFailure) throw unreadable(err.cause);
        throw err;
      }
      if (!r.written) throw new CliError(`${file}: ${formatImportReport(r)}`);
      out(formatImportReport(r));
    }, LEAVE_CHECKPOINT_TO_BOT);
    return;
  }
  // anything else is read whole (still chunk by chunk: no string is ever the whole file)
  let json: unknown;
  try {
    json = await readJsonFile(file);
  } catch (err) {
    throw unreadable(err);
  }
  const { isLedger, importLedger, LedgerImportError } = await import('./ledger-json.ts');
  if (isLedger(json)) {
    await withStore(config, log, async (store) => {
      try {
        const r = await importLedger(store, json);
        const n = Object.entries(r.imported).filter(([, v]) => v > 0).map(([k, v]) => `${v} ${v === 1 ? k.replace(/s$/, '') : k}`);
        out(`Imported ${n.length ? n.join(', ') : 'nothing new'} from ${file}${r.unchanged ? ` (${r.unchanged} already in the store, unchanged)` : ''}.`);
      } catch (err) {
        if (err instanceof LedgerImportError) throw new CliError(`${file}: ${err.message}`);
        throw err;
      }
    }, LEAVE_CHECKPOINT_TO_BOT);
    return;
  }
  if (!isClaimReview(json)) {
    throw new CliError(`${file} is neither a claimdesk export ("format": "claimdesk") nor ClaimReview JSON-LD ("@type": "ClaimReview")`);
  }
  await withStore(config, log, async (store) => {
    // the store alone, not a desk: a desk builds a search index, which a CLI process that exits right after
    // the import would build for nothing (the bot builds its own at start)
    const r = await importClaimReview(store, json, { skipInvalid });
    if (!r.written) throw new CliError(`${file}: ${formatImportReport(r)}`);
    out(formatImportReport(r));
  }, LEAVE_CHECKPOINT_TO_BOT);
}

/** Reading the file failed (not JSON, or the disk): told apart from the store's own errors. */
class ReadFailure extends Error {}

function* reading(file: string): Generator<unknown, void, undefined> {
  try {
    yield* readJsonItems(file);
  } catch (err) {
    throw new ReadFailure('reading the import file failed', { cause: err });
  }
}

async function cmdExport(config: Config, log: Logger, args: string[]): Promise<void> {
  let format = 'json';
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--format') format = args[++i] ?? '';
    else if (a.startsWith('--format=')) format = a.slice('--format='.length);
    else throw new UsageError(`unexpected argument to export: ${a}`);
  }
  if (format !== 'json' && format !== 'claimreview') throw new UsageError(`unknown export format "${format}" (json or claimreview)`);
  if (format === 'claimreview' && !config.org.url && !config.org.publicUrl) {
    // the export is still valid JSON-LD (it imports back), but Google and the rest index only web urls
    process.stderr.write(
      'claimdesk: neither PUBLIC_URL nor CLAIMDESK_ORG_URL is set, so the desk\'s review urls are urns (urn:claimdesk:claim:C1) that no search engine can read; ' +
        'set PUBLIC_URL to where the desk\'s verdict pages are served to publish https urls (<PUBLIC_URL>/claims/C1)\n',
    );
  }
  const { exportLedger } = await import('./ledger-json.ts');
  const { exportClaimReview } = await import('./claimreview/index.ts');
  const write = (view: ReadView) =>
    out(JSON.stringify(format === 'json' ? exportLedger(view) : exportClaimReview(view, { org: config.org }), null, 2));
  try {
    await withStore(config, log, async (store) => write(store));
  } catch (err) {
    if (!(err instanceof CliError && err.locked)) throw err;
    // A running bot holds the lock: read the files as they are now (read-only, as `check` does).
    process.stderr.write(`claimdesk: ${config.dataDir} is in use by a running bot; exporting the state on disk now\n`);
    const { readDisk } = await import('../store/json/recovery.ts');
    write((await readDisk(config.dataDir, LEDGER_SCHEMA)).engine as unknown as ReadView); // the engine holds the ledger's docs
  }
}

async function cmdCheck(config: Config): Promise<void> {
  if (config.databaseUrl) {
    // Reads the tables in one read-only snapshot: safe next to running instances.
    const { checkPgStore, formatPgCheck } = await import('../store/pg/check.ts');
    const r = await checkPgStore(config.databaseUrl, storeLabel(config), LEDGER_SCHEMA);
    if (!r.ok) throw new CliError(formatPgCheck(r));
    return out(formatPgCheck(r));
  }
  // Reads the files without the lock and changes nothing: safe next to a running bot.
  const { checkStore, formatCheck } = await import('../store/check.ts');
  const r = await checkStore(config.dataDir, LEDGER_SCHEMA);
  if (!r.ok) throw new CliError(formatCheck(r));
  out(formatCheck(r));
}

async function cmdRegister(log: Logger): Promise<void> {
  const { discordConfig } = await import('./platforms/discord/config.ts');
  const discord = discordConfig(process.env);
  if (!discord) {
    throw new CliError('register-commands needs DISCORD_TOKEN and DISCORD_APPLICATION_ID (in the environment or .env); set DISCORD_GUILD_ID to register in one guild instantly');
  }
  // Loaded only here: the other subcommands do not need discord.js.
  const { registerCommands } = await import('./platforms/discord/index.ts');
  const stored = await registerCommands(discord, log);
  const where = discord.guildId ? `in guild ${discord.guildId}` : 'globally (Discord may take a while to show them)';
  // the slash commands (/claim, /actor) and the message command (Apps → Flag as claim)
  const names = (stored as { name?: string; type?: number }[]).map((c) => (c.type === 1 || c.type === undefined ? `/${c.name}` : c.name));
  out(`Registered ${stored.length} command${stored.length === 1 ? '' : 's'} (${names.join(', ')}) ${where}.`);
}

export async function runCli(argv: string[]): Promise<number> {
  const [sub, ...args] = argv;
  if (sub === 'help' || sub === '--help' || sub === '-h') {
    out(USAGE);
    return 0;
  }
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    process.stderr.write(`claimdesk: ${describeStartupError(err)}\n`);
    return 1;
  }
  const log = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel);
  try {
    switch (sub) {
      case 'demo': {
        if (args.length) throw new UsageError('demo takes no arguments');
        const { createDesk } = await import('./core/create-desk.ts');
        const { settingsFromConfig } = await import('./desk-settings.ts');
        const { loadDemo } = await import('./demo/index.ts');
        await withStore(config, log, async (store) => {
          const n = await loadDemo(createDesk({ store, log, settings: settingsFromConfig(config) }));
          out(n > 0 ? `Loaded the demo newsroom (${n} claims, ${store.count('actors')} actors) into ${storeLabel(config)}.` : `The demo newsroom is already in ${storeLabel(config)}; nothing added.`);
        });
        return 0;
      }
      case 'import':
        await cmdImport(config, log, args);
        return 0;
      case 'export':
        await cmdExport(config, log, args);
        return 0;
      case 'check':
        if (args.length) throw new UsageError('check takes no arguments');
        await cmdCheck(config);
        return 0;
      case 'register-commands':
        if (args.length) throw new UsageError('register-commands takes no arguments');
        await cmdRegister(log);
        return 0;
      default:
        throw new UsageError(sub ? `unknown subcommand "${sub}"` : 'no subcommand given');
    }
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`claimdesk: ${err.message}\n${USAGE}\n`);
      return 2;
    }
    if (!(err instanceof CliError)) log.error({ err }, 'cli failed');
    process.stderr.write(`claimdesk: ${err instanceof CliError ? err.message : describeStartupError(err, storeLabel(config))}\n`);
    return 1;
  }
}

// Run only as the entry point (tests may import runCli without side effects).
if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('/src/cli.ts')) {
  dotenv.config({ quiet: true });
  runCli(process.argv.slice(2)).then((code) => {
    process.exit(code);
  });
}
