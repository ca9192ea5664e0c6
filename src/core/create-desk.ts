// Builds the Desk from a store and settings: the search index follows the store from here on.
import { pino, type Logger } from 'pino';
import type { Store } from './store-port.ts';
import type { Desk, DeskSettings } from './desk.ts';
import { LedgerSearch } from './search.ts';
import { systemClock, type Clock } from './ports.ts';

export const defaultSettings = (): DeskSettings => ({
  editors: new Set(),
  digestTz: 'UTC',
  org: { name: 'claimdesk' },
});

// The core reads no configuration and sets up no logging: the composition root (src/main.ts, src/cli.ts)
// hands in the settings (src/desk-settings.ts) and its logger.
/** With `dataDir`, the search index is loaded from and saved to it (close the desk's search to save at exit). */
export function createDesk(opts: { store: Store; clock?: Clock; log?: Logger; settings?: DeskSettings; dataDir?: string }): Desk {
  const store = opts.store;
  const log = opts.log ?? pino({ level: 'silent' });
  const search = new LedgerSearch(store, { log, dir: opts.dataDir });
  return { store, clock: opts.clock ?? systemClock, log, settings: opts.settings ?? defaultSettings(), search };
}
