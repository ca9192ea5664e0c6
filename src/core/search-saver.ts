// When the claim index is saved to DATA_DIR: after a build (or a start that had much to catch up), then
// every few minutes while it changes, and at close. Never on the write path: a commit only marks the index
// changed; the file is written later, asynchronously, and a failed save only logs (the index is a cache).
import type { Logger } from 'pino';
import { IndexFileError, loadIndex, removeLeftovers, saveIndex, type SavedIndex } from './search-file.ts';
import type { TextIndex } from './search-index.ts';

export interface Saveable {
  index: TextIndex;
  actors: TextIndex;
  /** actor id → hash of the names and aliases the claims were indexed with */
  actorNames: Map<string, number>;
}

const EVERY_MS = 10 * 60_000;
/** A start that re-indexed more docs than this saves at once rather than at the next periodic save. */
const SAVE_AFTER = 1000;

export class SearchSaver {
  private changes = 0;
  private timer?: NodeJS.Timeout;
  private saving?: Promise<void>;
  private closed = false;

  constructor(
    private dir: string,
    private source: () => Saveable | undefined,
    private opts: { log?: Logger; everyMs?: number } = {},
  ) {}

  /** The saved index, or undefined (none, or unusable: then it is rebuilt, and the log says why). */
  load(): SavedIndex | undefined {
    removeLeftovers(this.dir);
    try {
      return loadIndex(this.dir);
    } catch (err) {
      // a cache must never stop the bot from starting: whatever went wrong, rebuild
      this.opts.log?.warn({ err: err instanceof IndexFileError ? err.message : err }, 'saved search index not used; rebuilding it');
      return undefined;
    }
  }

  /** A doc was (re-)indexed. */
  changed(): void {
    this.changes++;
  }

  /** The index is complete: save now if the start changed much, then periodically. */
  start(): void {
    if (this.closed) return;
    if (this.changes > SAVE_AFTER) void this.save();
    this.timer = setInterval(() => {
      if (this.changes > 0) void this.save();
    }, this.opts.everyMs ?? EVERY_MS);
    this.timer.unref();
  }

  /** Writes the index as it is now (one save at a time; a save asked for meanwhile waits for it). */
  async save(): Promise<void> {
    while (this.saving) await this.saving;
    const s = this.source();
    if (!s) return;
    const seg = s.index.segment();
    const actors = s.actors.segment();
    if (!seg || !actors) return;
    const n = this.changes;
    const saved: SavedIndex = { claims: seg, actors, actorIds: [...s.actorNames.keys()], actorHashes: Uint32Array.from(s.actorNames.values()) };
    this.saving = saveIndex(this.dir, saved)
      .then(() => void (this.changes -= n))
      .catch((err: unknown) => this.opts.log?.warn({ err }, 'could not save the search index (it is rebuilt at the next start)'))
      .finally(() => (this.saving = undefined));
    await this.saving;
  }

  /** Stops the periodic save; saves what changed if the index is complete. */
  async close(complete: boolean): Promise<void> {
    this.closed = true;
    clearInterval(this.timer);
    if (complete && this.changes > 0) await this.save();
    else await this.saving;
  }
}
