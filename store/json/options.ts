// What JsonFileStore.open takes (store/json/json-store.ts).
import type { Logger } from 'pino';
import type { StoreUnavailableError } from '../types.ts';

export interface JsonStoreOptions {
  log?: Logger;
  /** checkpoint once the journal is larger than this (default 8 MiB) */
  maxJournalBytes?: number;
  /** … or holds more records than this (default 20,000) */
  maxJournalRecords?: number;
  /** write a snapshot on close() when the journal is not empty (default true) */
  checkpointOnClose?: boolean;
  /** what the start repaired, one sentence each, for the operator's console (also logged) */
  onNotice?: (message: string) => void;
  /** the store has just stopped accepting writes (a journal write or sync failed): the caller should stop */
  onFailure?: (err: StoreUnavailableError) => void;
  /**
   * the longest line written to and read from the files (default 64 MiB, well under V8's longest string):
   * larger units are split into parts, a document that cannot fit is refused. Lowered by tests.
   */
  maxLineBytes?: number;
}
