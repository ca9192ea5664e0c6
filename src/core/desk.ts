// The Desk: everything a command handler or platform needs from the core, passed around as one object.
import type { Logger } from 'pino';
import type { Store } from './store-port.ts';
import type { Clock } from './ports.ts';
import type { Actor, Claim } from './types.ts';

export interface DeskSettings {
  /** user keys allowed to edit (`slack:U1`, `discord:42`); the console user is always an editor */
  editors: Set<string>;
  discordEditorRole: string;
  flagEmoji: { slack: string; discord: string; console: string };
  /** default IANA zone of digest schedules */
  digestTz: string;
  org: { name: string; url?: string };
}

/** Ranked search over the ledger; kept in sync with the store through store.onCommit. */
export interface SearchPort {
  /** Best matches first; an exact claim id (`c12`) comes first on its own. */
  claims(query: string, limit?: number): Claim[];
  /** Exact id/name/alias first, then fuzzy matches. */
  actors(query: string, limit?: number): Actor[];
}

export interface Desk {
  store: Store;
  clock: Clock;
  log: Logger;
  settings: DeskSettings;
  search: SearchPort;
}

/** A running platform, as the composition root sees it. */
export interface PlatformRuntime {
  readonly delivery: import('./ports.ts').DeliveryPort;
  stop(): Promise<void>;
}
