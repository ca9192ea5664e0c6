// The PostgreSQL store: the ledger held in memory (the same engine and indexes as the JSON store, so reads
// cost the same), every write committed in one PostgreSQL transaction before it is acknowledged, and the
// changes other instances commit applied as they come (LISTEN/NOTIFY, polling fallback). docs/postgres.md.
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { Logger } from 'pino';
import { Engine, type Mutation } from '../engine.ts';
import { CommitListeners } from '../listeners.ts';
import { StoreUnavailableError, untyped, type AnyShape, type Change, type Leases, type Schema, type Shape, type Store, type WriteTx } from '../types.ts';
import { commitArgs, recordingTx, type LogRecord, type ReadSet } from './commit.ts';
import { CONFLICT, isConnectionError, searchPath, unavailable } from './errors.ts';
import { Follower } from './follow.ts';
import { releaseLease, takeLease } from './leases.ts';
import { readSnapshot } from './load.ts';
import { diffEngines, PRUNE_DEFAULTS, pruneRound, type PruneOptions } from './prune.ts';
import { migrate } from './schema.ts';

export interface PgStoreOptions {
  log?: Logger;
  /** PostgreSQL schema holding the ledger (default "claimdesk"); several ledgers can share a database */
  schema?: string;
  /** poll for other instances' changes this often while LISTEN is down (default 1000 ms) */
  pollMs?: number;
  /** re-runs of a write that lost a race with another instance before giving up (default 50) */
  maxRetries?: number;
  /** connections for writes and catch-up (default 4), plus one for LISTEN */
  poolSize?: number;
  /** pruning the changes log (store/pg/prune.ts) */
  prune?: Partial<PruneOptions>;
}

export class PgStore<S extends Shape = AnyShape> implements Store<S> {
  readonly kind = 'postgres';
  private engine: Engine;
  private listeners: CommitListeners<Change<S>>;
  /** number of the last commit applied to memory; the log is applied strictly in this order */
  private lastSeen = 0;
  private newestKnown = 0;
  /** writes and catch-ups run one at a time, so memory moves only from one committed state to the next */
  private chain: Promise<unknown> = Promise.resolve();
  private catchUpQueued = false;
  /**
   * False until the snapshot is in memory: the LISTEN connection comes up first (so nothing committed
   * meanwhile is missed) and wakes the store, but replaying the log from 0 before the snapshot would read
   * and apply the whole history once more, then load it again on top.
   */
  private loaded = false;
  private inFn = false;
  private closing = false;
  private closed: Promise<void> | undefined;
  private follower: Follower;
  private readonly channel: string;
  private pruneTimer: NodeJS.Timeout | undefined;
  private readonly pruning: PruneOptions;
  /** a paused process, for tests: follows nothing and reports nothing until resume() */
  private suspended = false;

  private constructor(
    readonly instance: string,
    private pool: pg.Pool,
    readonly schema: string,
    url: string,
    docs: Schema<S>,
    private opts: PgStoreOptions,
  ) {
    this.engine = new Engine(untyped(docs));
    this.listeners = new CommitListeners(opts.log);
    this.channel = `claimdesk_changes_${schema}`;
    this.pruning = { ...PRUNE_DEFAULTS, ...opts.prune };
    this.follower = new Follower({
      connectionString: url,
      options: searchPath(schema),
      applicationName: `claimdesk-listen ${instance}`,
      channel: this.channel,
      pollMs: opts.pollMs ?? 1000,
      log: opts.log,
      wake: (seq) => this.wake(seq),
    });
  }

  /**
   * Migrate the schema, load the ledger into memory, start following other instances. `docs`: the
   * collections and indexes the application keeps (not to be confused with opts.schema, PostgreSQL's).
   */
  static async open<S extends Shape>(url: string, docs: Schema<S>, opts: PgStoreOptions = {}): Promise<PgStore<S>> {
    const schema = opts.schema ?? 'claimdesk';
    if (!/^[a-z_][a-z0-9_]{0,40}$/.test(schema)) throw new Error(`invalid schema name ${JSON.stringify(schema)}`);
    const instance = randomUUID();
    const pool = new pg.Pool({
      connectionString: url,
      application_name: `claimdesk ${instance}`,
      options: searchPath(schema),
      max: opts.poolSize ?? 4,
      connectionTimeoutMillis: 3000,
      idleTimeoutMillis: 30_000,
      keepAlive: true,
    });
    // an idle connection dropped by the server must not crash the process; the next query reconnects
    pool.on('error', (err) => opts.log?.warn({ err: err.message }, 'store: database connection lost'));
    const t0 = performance.now();
    let store: PgStore<S> | undefined;
    try {
      const client = await pool.connect();
      try {
        await migrate(client, schema);
      } finally {
        client.release();
      }
      store = new PgStore<S>(instance, pool, schema, url, docs, opts);
      await store.follower.start(); // before loading, so nothing committed meanwhile is missed
      const s = store;
      await s.enqueue(() => s.load());
      s.loaded = true;
      if (s.newestKnown > s.lastSeen) s.wake(); // notified during the load of a commit after the snapshot
      s.startPruning();
      const docsPer = Object.fromEntries(docs.collections.map((c) => [c, s.count(c)]));
      opts.log?.info({ schema, ms: Math.round(performance.now() - t0), seq: s.lastSeen, ...docsPer }, 'store: opened (postgres)');
      return s;
    } catch (err) {
      await store?.follower.stop();
      await pool.end().catch(() => {});
      throw isConnectionError(err) ? unavailable(err) : err;
    }
  }

  get: Store<S>['get'] = (coll, id) => this.engine.get(coll, id) as never;
  all: Store<S>['all'] = (coll) => this.engine.all(coll) as never;
  count: Store<S>['count'] = (coll) => this.engine.count(coll);
  byIndex: Store<S>['byIndex'] = (coll, index, key) => this.engine.byIndex(coll, index, key) as never;

  write<T>(fn: (tx: WriteTx<S>) => T): Promise<T> {
    if (this.inFn) {
      // a write started inside another's fn: the engine refuses it and fails the outer one too
      try {
        this.engine.transact(() => undefined);
      } catch (err) {
        return Promise.reject(err);
      }
    }
    if (this.closing) return Promise.reject(new StoreUnavailableError('store is closed'));
    return this.enqueue(() => this.commit(fn as unknown as (tx: WriteTx) => T));
  }

  readonly leases: Leases = {
    acquire: (name, ttlMs) => this.acquireLease(name, ttlMs),
    release: (name) => releaseLease(this.pool, this.instance, name),
  };
  private leaseRows = new Set<string>();

  /** Once held, memory catches up to the head read with it, so the holder sees its predecessor's marks. */
  private async acquireLease(name: string, ttlMs: number): Promise<boolean> {
    if (this.closing) return false;
    try {
      const head = await takeLease(this.pool, this.instance, name, ttlMs, this.leaseRows);
      if (head === undefined) return false;
      if (head > this.lastSeen) await this.enqueue(() => this.catchUp());
      return true;
    } catch (err) {
      this.opts.log?.warn({ err: (err as Error).message, lease: name }, 'store: could not take a lease');
      return false;
    }
  }

  onCommit(listener: (changes: readonly Change<S>[]) => void): () => void {
    return this.listeners.add(listener);
  }

  /** One pruning round now: report what this instance has applied, drop what every live one has. */
  prune(): Promise<number> {
    return pruneRound(this.pool, this.instance, this.lastSeen, this.pruning);
  }

  private startPruning(): void {
    // spread the instances' rounds so they do not all delete at the same moment
    const every = this.pruning.everyMs * (0.75 + Math.random() * 0.5);
    this.pruneTimer = setTimeout(() => {
      const round = this.suspended || this.closing ? Promise.resolve(0) : this.prune();
      void round
        .catch((err) => this.opts.log?.debug({ err: (err as Error).message }, 'store: pruning the changes log failed; next round later'))
        .finally(() => this.closing || this.startPruning());
    }, every);
    this.pruneTimer.unref();
    if (!this.suspended && !this.closing) void this.prune().catch(() => {}); // be counted as live at once
  }

  /** Tests: behave like a paused process (no catching up, no reports) until resume(). */
  suspend(): void {
    this.suspended = true;
  }
  resume(): void {
    this.suspended = false;
    this.wake();
  }

  /** Drop the LISTEN connection (tests of the polling fallback and reconnect). */
  breakNotifications(): void {
    this.follower.breakConnection();
  }
  get listening(): boolean {
    return this.follower.listening;
  }

  close(): Promise<void> {
    this.closing = true;
    this.closed ??= (async () => {
      if (this.pruneTimer) clearTimeout(this.pruneTimer);
      await this.chain.catch(() => {});
      // a stopped instance must not hold the log back until it counts as dead
      await this.pool.query('DELETE FROM instances WHERE id = $1', [this.instance]).catch(() => {});
      await this.follower.stop();
      await this.pool.end().catch(() => {});
    })();
    return this.closed;
  }

  private enqueue<T>(task: () => Promise<T>): Promise<T> {
    const p = this.chain.then(task);
    this.chain = p.catch(() => {});
    return p;
  }

  private async commit<T>(fn: (tx: WriteTx) => T): Promise<T> {
    const max = this.opts.maxRetries ?? 50;
    for (let attempt = 0; ; attempt++) {
      const reads: ReadSet = { docs: new Map(), scanned: false };
      let out: { result: T; mutation: Mutation };
      this.inFn = true;
      try {
        out = this.engine.transact((tx) => fn(recordingTx(tx, reads)));
      } finally {
        this.inFn = false;
      }
      const { result, mutation } = out;
      if (mutation.changes.length === 0 && Object.keys(mutation.seqs).length === 0) return result;
      const a = commitArgs(this.engine, mutation, reads);
      let r: { seq: number; missed: [number, string][] | null };
      try {
        const res = await this.pool.query({
          name: 'claimdesk_commit',
          text: 'SELECT claimdesk_commit($1, $2, $3, $4::json, $5::json, $6::json, $7::json, $8, $9) AS r',
          values: [this.instance, this.lastSeen, a.strict, a.checks, a.dels, a.puts, a.seqs, a.log, this.channel],
        });
        r = res.rows[0].r;
      } catch (err) {
        if ((err as { code?: string }).code === CONFLICT && attempt < max) {
          // another instance changed what this write is based on: take its changes, run fn again
          await this.catchUp().catch((e) => {
            throw unavailable(e);
          });
          continue;
        }
        if (isConnectionError(err)) this.wake(); // it may have committed after all: the log will tell
        throw unavailable(err);
      }
      // commits of other instances that came first (touching nothing this write read) go in before it
      const missed = r.missed ?? [];
      if (r.seq > this.lastSeen + 1 && (missed[0]?.[0] ?? r.seq) > this.lastSeen + 1) {
        // some of them were pruned already: the snapshot has them, and this write
        await this.reload().catch((e) => {
          throw unavailable(e);
        });
        return result;
      }
      for (const [seq, body] of missed) this.applyLogged(seq, body);
      this.engine.apply(mutation);
      this.lastSeen = r.seq;
      this.listeners.notify(mutation.changes as Change<S>[]);
      return result;
    }
  }

  /** A notification (or a poll) says there may be commits newer than memory. */
  private wake(seq?: number): void {
    if (seq !== undefined) {
      this.newestKnown = Math.max(this.newestKnown, seq);
      if (seq <= this.lastSeen) return; // our own commit coming back
    }
    if (this.catchUpQueued || this.closing || !this.loaded || this.suspended) return;
    this.catchUpQueued = true;
    void this.enqueue(async () => {
      this.catchUpQueued = false;
      if (seq !== undefined && this.newestKnown <= this.lastSeen) return;
      await this.catchUp();
    }).catch((err) => this.opts.log?.debug({ err: (err as Error).message }, 'store: catch-up failed; retrying on the next wake'));
  }

  /** Apply every logged commit after lastSeen, in order. Runs on the chain. */
  private async catchUp(): Promise<void> {
    for (;;) {
      const { rows } = await this.pool.query({
        name: 'claimdesk_changes_after',
        text: 'SELECT seq, body FROM changes WHERE seq > $1 ORDER BY seq LIMIT 2000',
        values: [this.lastSeen],
      });
      if (rows.length && Number(rows[0].seq) > this.lastSeen + 1) return this.reload(); // pruned past us
      if (!rows.length) {
        // one statement, one snapshot: a commit landing between two queries must not look like a gap
        const { rows: [at] } = await this.pool.query({
          name: 'claimdesk_head_and_next',
          text: 'SELECT (SELECT seq FROM ledger_head) AS head, (SELECT min(seq) FROM changes WHERE seq > $1) AS next',
          values: [this.lastSeen],
        });
        if (at.next !== null) continue; // committed meanwhile: read it
        if (Number(at.head) > this.lastSeen) return this.reload(); // everything after us was pruned
        return;
      }
      for (const row of rows) this.applyLogged(Number(row.seq), row.body as string);
      if (rows.length < 2000) return;
    }
  }

  private applyLogged(seq: number, body: string): void {
    if (seq <= this.lastSeen) return;
    if (seq !== this.lastSeen + 1) {
      // the log is gapless by construction (commits are serialised on ledger_head); say so loudly if not
      this.opts.log?.error({ seq, lastSeen: this.lastSeen }, 'store: gap in the changes log');
    }
    const rec = JSON.parse(body) as LogRecord;
    this.engine.apply({ changes: rec.c, seqs: rec.s });
    this.lastSeen = seq;
    this.listeners.notify(rec.c as Change<S>[]);
  }

  /**
   * The log rows this instance needs were pruned (it was paused or cut off for longer than the live
   * window): load the whole ledger again and tell the listeners what differs. Runs on the chain.
   */
  private async reload(): Promise<void> {
    const client = await this.pool.connect();
    let snap;
    try {
      snap = await readSnapshot(client, this.engine.schema.collections);
    } finally {
      client.release();
    }
    const fresh = new Engine(this.engine.schema);
    fresh.load(snap.state);
    const changes = diffEngines(this.engine, fresh);
    this.opts.log?.warn({ from: this.lastSeen, to: snap.head }, 'store: fell behind the pruned changes log; reloaded the ledger');
    this.engine = fresh;
    this.lastSeen = snap.head;
    this.listeners.notify(changes as Change<S>[]);
  }

  /** Read the whole ledger in one snapshot (./load.ts) into memory. */
  private async load(): Promise<void> {
    const client = await this.pool.connect();
    try {
      const { state, head } = await readSnapshot(client, this.engine.schema.collections);
      this.engine.load(state);
      this.lastSeen = head;
    } finally {
      client.release();
    }
  }
}
