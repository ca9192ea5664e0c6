// Builds the Desk from a store and settings: the search index follows the store from here on.
import type { Logger } from 'pino';
import type { Store } from '../../store/types.ts';
import type { Config } from '../config.ts';
import { silentLogger } from '../log.ts';
import type { Desk, DeskSettings } from './desk.ts';
import { LedgerSearch } from './search.ts';
import { systemClock, type Clock } from './ports.ts';

export function settingsFromConfig(c: Config): DeskSettings {
  return { editors: c.editors, digestTz: c.digestTz, org: c.org };
}

export const defaultSettings = (): DeskSettings => ({
  editors: new Set(),
  digestTz: 'UTC',
  org: { name: 'claimdesk' },
});

/** With `dataDir`, the search index is loaded from and saved to it (close the desk's search to save at exit). */
export function createDesk(opts: { store: Store; clock?: Clock; log?: Logger; settings?: DeskSettings; dataDir?: string }): Desk {
  const store = opts.store;
  const log = opts.log ?? silentLogger;
  const search = new LedgerSearch(store, { log, dir: opts.dataDir });
  return { store, clock: opts.clock ?? systemClock, log, settings: opts.settings ?? defaultSettings(), search };
}
