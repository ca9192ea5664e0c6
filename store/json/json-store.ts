// The JSON-file store: reads from memory, every write journaled and fdatasync'ed before it is acknowledged,
// concurrent writes group-committed, periodic checkpoints into store.json. See docs/store.md.
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Engine, Mutation } from '../engine.ts';
import { CommitListeners } from '../listeners.ts';
import { StoreUnavailableError, StoreWriteUnconfirmedError, type AnyShape, type Change, type Schema, type Shape, type Store, type WriteTx } from '../types.ts';
import { JOURNAL_FILE, JournalFile, isStreamed, prepareRecord, rotatedJournal, type EncodedRecord, type StreamedRecord } from './journal.ts';
import { assertUsable } from './access.ts';
import { DirLock } from './lock.ts';
import { countDocs, readDisk, tidyAfterCrash } from './recovery.ts';
import { currentSchemaVersion, SNAPSHOT_TMP, fsyncDir, writeSnapshot } from './snapshot.ts';
import type { JsonStoreOptions } from './options.ts';

export type { JsonStoreOptions } from './options.ts';

const WARM_AFTER_MS = 1000; // the start has its first second to itself
const WARM_SLICE_MS = 4;

interface Pending {
  n: number;
  rec: EncodedRecord | StreamedRecord;
  changes: Change[];
  resolve: () => void;
  reject: (err: Error) => void;
}

export class JsonFileStore<S extends Shape = AnyShape> implements Store<S> {
  readonly kind = 'json';
  private listeners: CommitListeners<Change<S>>;
  private queue: Pending[] = [];
  private running: Promise<void> | undefined;
  private lastAssigned: number;
  /** record number the current snapshot contains (records ≤ it need not be journaled) */
  private snapshotSeq: number;
  /** the last enqueued write's promise: a write with no changes waits for it (it may have read that data) */
  private tail: Promise<void> = Promise.resolve();
  private failure: StoreUnavailableError | undefined;
  private closing = false;
  /** the background warm-up (warmUp) is scheduled or running; the writer is writing a large unit in parts */
  private warming = false;
  private streaming = false;
  private closed: Promise<void> | undefined;
  private checkpointWanted = false;
  /** the checkpoint being written in the background, beside the writer */
  private checkpointing: Promise<void> | undefined;
  /** checkpoint() calls waiting for the next checkpoint to end */
  private checkpointWaiters: (() => void)[] = [];
  /** journals rotated by checkpoints whose snapshot is not durable yet, oldest first */
  private rotated: { file: string; last: number }[];
  /** the last record appended to the current journal.jsonl */
  private lastWritten: number;
  /** checkpoint once the journal passes these (raised after a failed checkpoint, so it is not retried per write) */
  private checkpointAt: { bytes: number; records: number };
  /** journal write + fdatasync rounds so far (group commit makes this far smaller than the writes) */
  private syncs = 0;
  private readonly maxBytes: number;
  private readonly maxRecords: number;

  private constructor(
    readonly dataDir: string,
    private engine: Engine,
    private journal: JournalFile,
    private lock: DirLock,
    lastRecord: number,
    snapshotSeq: number,
    rotated: { file: string; last: number }[],
    private opts: JsonStoreOptions,
  ) {
    this.rotated = rotated;
    this.lastWritten = lastRecord;
    this.lastAssigned = lastRecord;
    this.snapshotSeq = snapshotSeq;
    this.maxBytes = opts.maxJournalBytes ?? 8 * 1024 * 1024;
    this.maxRecords = opts.maxJournalRecords ?? 20_000;
    this.checkpointAt = { bytes: this.maxBytes, records: this.maxRecords };
    this.listeners = new CommitListeners(opts.log);
  }

  /** Lock DATA_DIR (created when missing), recover from disk, open the journal for appending. */
  static async open<S extends Shape>(dataDir: string, schema: Schema<S>, opts: JsonStoreOptions = {}): Promise<JsonFileStore<S>> {
    const log = opts.log;
    const created = await fs.mkdir(dataDir, { recursive: true });
    if (created) await fsyncDir(path.dirname(path.resolve(dataDir))); // the new directory's own entry
    await assertUsable(dataDir); // permissions, immutable files, a full disk: refuse before writing anything
    const lock = await DirLock.acquire(dataDir, log);
    try {
      const t0 = performance.now();
      const disk = await readDisk(dataDir, schema, { maxLineBytes: opts.maxLineBytes, lazy: true });
      const journalPath = path.join(dataDir, JOURNAL_FILE);
      const { journalBytes, journalRecords, rotated } = await tidyAfterCrash(dataDir, disk, { log, onNotice: opts.onNotice });
      const fresh = !disk.journal.exists;
      const fh = await fs.open(journalPath, 'a');
      // a new file's directory entry must be durable too, or a power cut could lose the whole journal
      if (fresh) await fsyncDir(dataDir);
      const journal = new JournalFile(fh, journalBytes, journalRecords);
      const store = new JsonFileStore<S>(dataDir, disk.engine, journal, lock, disk.lastRecord, disk.journalSeq, rotated, opts);
      log?.info(
        { dataDir, ms: Math.round(performance.now() - t0), replayed: disk.journal.replayed, ...countDocs(disk.engine) },
        'store: opened',
      );
      if (disk.schemaVersion < currentSchemaVersion()) {
        log?.info({ from: disk.schemaVersion, to: currentSchemaVersion() }, 'store: migrated, writing a new snapshot');
        await store.checkpoint();
      }
      // a journal left long (by the CLI's import, or a crash) is folded into the snapshot in the background
      else store.kick();
      store.warmUp();
      return store;
    } catch (err) {
      await lock.release();
      throw err;
    }
  }

  get: Store<S>['get'] = (coll, id) => this.engine.get(coll, id) as never;
  all: Store<S>['all'] = (coll) => this.engine.all(coll) as never;
  count: Store<S>['count'] = (coll) => this.engine.count(coll);
  byIndex: Store<S>['byIndex'] = (coll, index, key) => this.engine.byIndex(coll, index, key) as never;
  versions = (coll: string): Iterable<[string, number]> => this.engine.versions(coll);

  write<T>(fn: (tx: WriteTx<S>) => T): Promise<T> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.closing) return Promise.reject(new StoreUnavailableError('store is closed'));
    let out: { result: T; mutation: Mutation };
    try {
      out = this.engine.transact(fn as unknown as (tx: WriteTx) => T);
    } catch (err) {
      return Promise.reject(err);
    }
    const { result, mutation } = out;
    if (mutation.changes.length === 0 && Object.keys(mutation.seqs).length === 0) {
      return this.tail.then(() => result);
    }
    // Encoded first: a unit the store could not read back is refused before anything changes.
    const n = this.lastAssigned + 1;
    let rec: EncodedRecord | StreamedRecord;
    try {
      rec = prepareRecord(n, mutation, this.opts.maxLineBytes);
    } catch (err) {
      return Promise.reject(err);
    }
    // Applied to memory now so the next write sees it (writers serialise); durable when the promise resolves.
    // a large unit's new docs are indexed by the warm-up, in the background (a CLI import exits before it runs)
    if (this.engine.apply(mutation)) this.warmUp();
    this.lastAssigned = n;
    const done = new Promise<void>((resolve, reject) => {
      this.queue.push({ n, rec, changes: mutation.changes, resolve, reject });
    });
    this.tail = done.catch(() => {}).then(() => (this.failure ? Promise.reject(this.failure) : undefined));
    this.tail.catch(() => {}); // only a later no-op write waits on it: unawaited, it must not be an unhandled rejection
    this.kick();
    return done.then(() => result);
  }

  onCommit(listener: (changes: readonly Change<S>[]) => void): () => void {
    return this.listeners.add(listener);
  }

  /** Write a snapshot (rotating the journal) and wait until it is durable. */
  async checkpoint(): Promise<void> {
    if (this.failure) throw this.failure;
    // resolved once a checkpoint frozen after this call is durable (writes may go on meanwhile)
    await new Promise<void>((resolve) => {
      this.checkpointWaiters.push(resolve);
      this.checkpointWanted = true;
      this.kick();
    });
    if (this.failure) throw this.failure;
  }

  /** Finish pending writes, checkpoint when the journal is not empty, release the files and the lock. */
  close(): Promise<void> {
    this.closed ??= this.shutdown();
    return this.closed;
  }

  private async shutdown(): Promise<void> {
    this.closing = true;
    await this.idle();
    if (!this.failure && this.opts.checkpointOnClose !== false && this.journal.records > 0) {
      this.checkpointWanted = true;
      this.kick();
      await this.idle();
    }
    await this.journal.close().catch(() => {});
    await this.lock.release();
  }

  /** Sizes for `check`, the bench and logs. */
  stats(): {
    journalBytes: number;
    journalRecords: number;
    lastRecord: number;
    snapshotSeq: number;
    syncs: number;
    failed: boolean;
    checkpointing: boolean;
  } {
    return {
      checkpointing: !!this.checkpointing,
      syncs: this.syncs,
      journalBytes: this.journal.bytes,
      journalRecords: this.journal.records,
      lastRecord: this.lastAssigned,
      snapshotSeq: this.snapshotSeq,
      failed: !!this.failure,
    };
  }

  /** Parse and index the docs left unparsed at open (store/raw-docs.ts) in the background, in slices. */
  private warmUp(): void {
    if (this.warming) return; // the pass running meets whatever is left to index
    this.warming = true;
    const step = () => {
      if (this.closing) return;
      // a checkpoint, or a large unit being serialised, yields to the event loop after every small piece: a
      // slice per piece would stall it
      if (this.checkpointing || this.streaming) setTimeout(step, 50).unref();
      else if (!this.engine.warm(performance.now() + WARM_SLICE_MS)) setImmediate(step).unref();
      else this.warming = false;
    };
    setTimeout(step, WARM_AFTER_MS).unref();
  }

  /** Wait until the writer and the background checkpoint have nothing left to do. */
  private async idle(): Promise<void> {
    while (this.running || this.checkpointing) {
      await this.running;
      await this.checkpointing;
    }
  }

  private kick(): void {
    if (this.running) return;
    this.running = this.loop().finally(() => {
      this.running = undefined;
      // work queued between the loop's last check and its end
      if (!this.failure && (this.queue.length || this.wantsCheckpoint())) this.kick();
    });
  }

  private wantsCheckpoint(): boolean {
    if (this.checkpointing) return false; // one at a time; looked at again when it ends
    return (
      this.checkpointWanted || this.journal.bytes > this.checkpointAt.bytes || this.journal.records > this.checkpointAt.records
    );
  }

  /**
   * The single writer: one append + fdatasync per batch of everything queued meanwhile. A checkpoint
   * only rotates the journal here (a rename and a directory fsync); the snapshot is written beside it.
   */
  private async loop(): Promise<void> {
    while (!this.failure && (this.queue.length || this.wantsCheckpoint())) {
      if (this.queue.length) {
        const batch = this.queue;
        this.queue = [];
        try {
          this.syncs++;
          if ((this.streaming = batch.some((p) => isStreamed(p.rec)))) await this.journal.appendBatch(batch.map((p) => p.rec), batch.length);
          else await this.journal.append(batch.length === 1 ? (batch[0].rec as EncodedRecord).chunks : batch.flatMap((p) => (p.rec as EncodedRecord).chunks), batch.length);
        } catch (err) {
          this.poison(err as Error, batch);
          return;
        } finally {
          this.streaming = false;
        }
        this.lastWritten = batch[batch.length - 1].n;
        for (const p of batch) {
          this.listeners.notify(p.changes as Change<S>[]);
          p.resolve();
        }
      }
      if (this.wantsCheckpoint()) {
        this.checkpointWanted = false;
        await this.startCheckpoint();
      }
    }
  }

  /**
   * Rotate the journal at the last record written, freeze the state (which may already hold records
   * queued after it: those go to the new journal, and replay skips what the snapshot has), and write the
   * snapshot in the background. New writes are journaled and acknowledged meanwhile.
   */
  private async startCheckpoint(): Promise<void> {
    // frozen first, at once: everything up to lastAssigned (records still queued go to the new journal)
    const waiters = this.checkpointWaiters;
    this.checkpointWaiters = [];
    const wake = () => {
      for (const w of waiters) w();
    };
    const view = this.engine.freeze();
    const seq = this.lastAssigned;
    if (this.journal.records > 0) {
      const name = rotatedJournal(this.lastWritten);
      const cur = path.join(this.dataDir, JOURNAL_FILE);
      try {
        await fs.rename(cur, path.join(this.dataDir, name));
      } catch (err) {
        view.release();
        this.checkpointFailed(err as Error);
        wake();
        return;
      }
      // the new journal's directory entry (and the rename) must be durable before a record in it is acknowledged
      try {
        const fh = await fs.open(cur, 'a');
        const old = this.journal;
        this.journal = new JournalFile(fh, 0, 0);
        await old.close().catch(() => {});
        await fsyncDir(this.dataDir);
      } catch (err) {
        view.release();
        this.poison(err as Error, []);
        wake();
        return;
      }
      this.rotated.push({ file: name, last: this.lastWritten });
    }
    const t0 = performance.now();
    this.opts.log?.debug({ journalSeq: seq }, 'store: checkpoint started');
    this.checkpointing = writeSnapshot(this.dataDir, view, seq)
      .then(
        (bytes) => this.checkpointDone(seq, bytes, t0),
        (err: Error) => this.checkpointFailed(err),
      )
      .finally(() => {
        view.release();
        this.checkpointing = undefined;
        wake();
        if (!this.failure && (this.queue.length || this.wantsCheckpoint())) this.kick();
      });
  }

  private async checkpointDone(seq: number, bytes: number, t0: number): Promise<void> {
    this.snapshotSeq = seq;
    this.checkpointAt = { bytes: this.maxBytes, records: this.maxRecords };
    // oldest first: a crash part-way leaves the newest ones, so the journals left still follow each other
    while (this.rotated.length && this.rotated[0].last <= seq) {
      const r = this.rotated[0];
      try {
        await fs.rm(path.join(this.dataDir, r.file), { force: true });
      } catch (err) {
        this.opts.log?.warn({ err, file: r.file }, 'store: could not delete a rotated journal (the next start skips it)');
        break;
      }
      this.rotated.shift();
    }
    this.opts.log?.info({ ms: Math.round(performance.now() - t0), bytes, journalSeq: seq }, 'store: checkpoint written');
  }

  private checkpointFailed(err: Error): void {
    // store.json is untouched (the rename did not happen) and the journals still have everything.
    this.opts.log?.error({ err }, 'store: checkpoint failed; the journal keeps every change, will retry later');
    void fs.rm(path.join(this.dataDir, SNAPSHOT_TMP), { force: true }).catch(() => {});
    this.checkpointAt = { bytes: this.journal.bytes + this.maxBytes, records: this.journal.records + this.maxRecords };
  }

  /** A write or sync failed: nothing pending can be acknowledged, and nothing later will be. */
  private poison(err: Error, batch: Pending[]): void {
    const code = (err as NodeJS.ErrnoException).code;
    this.failure = new StoreUnavailableError(
      `the store stopped accepting writes: writing ${JOURNAL_FILE} failed (${code ?? err.message}). ` +
        `Changes not acknowledged may or may not be on disk; restart claimdesk once the disk is fixed.`,
      { cause: err },
    );
    this.opts.log?.fatal({ err, dataDir: this.dataDir }, 'store: journal write failed; refusing further writes');
    // The batch being written may have reached the disk in part or in whole; what was still queued did not.
    const unconfirmed = new StoreWriteUnconfirmedError(this.failure.message, { cause: err });
    for (const p of batch) p.reject(unconfirmed);
    for (const p of this.queue) p.reject(this.failure);
    this.queue = [];
    for (const w of this.checkpointWaiters.splice(0)) w();
    this.opts.onFailure?.(this.failure);
  }
}
