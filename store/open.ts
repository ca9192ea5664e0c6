// Opens the store the bot runs on: PostgreSQL when a database URL is given (DATABASE_URL), else the
// JSON-file store in DATA_DIR (created when missing).
import type { Logger } from 'pino';
import { JsonFileStore, type JsonStoreOptions } from './json/json-store.ts';
import type { Schema, Shape, Store } from './types.ts';

export interface OpenOptions extends Omit<JsonStoreOptions, 'log'> {
  log?: Logger;
  /** postgres://…: open the PostgreSQL store (store/pg/) instead of the JSON files in dataDir */
  databaseUrl?: string;
}

/**
 * `schema`: the collections and index key functions of the application (the core's LEDGER_SCHEMA).
 * Throws StoreLockedError when another process holds DATA_DIR, StoreCorruptError when the files are
 * damaged (nothing is changed then; `npm run cli -- check` explains), StoreUnavailableError when the
 * database cannot be reached.
 */
export async function openStore<S extends Shape>(dataDir: string, schema: Schema<S>, opts: OpenOptions = {}): Promise<Store<S>> {
  if (opts.databaseUrl) {
    // loaded on demand: the JSON store does not need the pg driver
    const { PgStore } = await import('./pg/pg-store.ts');
    return PgStore.open(opts.databaseUrl, schema, { log: opts.log });
  }
  return JsonFileStore.open(dataDir, schema, opts);
}
