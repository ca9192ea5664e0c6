// The Desk: everything a command handler or platform needs from the core, passed around as one object.
import type { Logger } from 'pino';
import type { Store } from './store-port.ts';
import type { Clock } from './ports.ts';
import type { Actor, Claim } from './types.ts';

export interface DeskSettings {
  /** user keys (`<platform>:<user id>`) allowed to edit; a platform may add its own rules (core/permissions.ts) */
  editors: Set<string>;
  /** default IANA zone of digest schedules */
  digestTz: string;
  org: { name: string; url?: string };
  /** what the chat platforms add beyond the typed commands (buttons, forms, menus), for /claim help: from the platform table */
  helpNotes?: string[];
}

/** Ranked search over the ledger; kept in sync with the store through store.onCommit. */
export interface SearchPort {
  /** Best matches first; an exact claim id (`c12`) comes first on its own. */
  claims(query: string, limit?: number): Claim[];
  /**
   * The ids of claims(), in its order, without reading the claims: a caller that counts a hundred matches and
   * shows ten reads ten (the JSON store parses a document the first time it is read).
   */
  claimIds(query: string, limit?: number): string[];
  /** Exact id/name/alias first, then fuzzy matches. */
  actors(query: string, limit?: number): Actor[];
  /** Stop following the store, saving what must be kept (the search index file). */
  close(): Promise<void>;
}

export interface Desk {
  store: Store;
  clock: Clock;
  log: Logger;
  settings: DeskSettings;
  search: SearchPort;
}
