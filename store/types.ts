// The repository interface: what the core sees of storage. Implementations: MemoryStore (store/memory.ts),
// JsonFileStore (store/json/). Every implementation must pass the contract suite (store/contract.ts).
import type {
  Actor,
  Claim,
  DigestSchedule,
  Flag,
  OutboxItem,
  Subscription,
  ThreadRef,
} from '../src/core/types.ts';

export interface Collections {
  actors: Actor;
  claims: Claim;
  subscriptions: Subscription;
  digests: DigestSchedule;
  flags: Flag;
  outbox: OutboxItem;
  threads: ThreadRef;
}
export type CollectionName = keyof Collections;
export const COLLECTIONS: readonly CollectionName[] = [
  'actors',
  'claims',
  'subscriptions',
  'digests',
  'flags',
  'outbox',
  'threads',
];

/** Named sequences; a number committed once is never handed out again (ids like C17 are never reused). */
export type SequenceName = 'claim' | 'outbox';

/** Secondary indexes kept in memory. Keys are strings (lower-cased where the index says so). */
export interface Indexes {
  actors: 'byName'; // name and aliases by nameKey (NFKC + case folding)
  claims: 'byActor' | 'byStatus'; // claimant + subjects; status
  subscriptions: 'byChannel' | 'byTarget'; // channelKey; targetKey
  digests: never;
  flags: 'byClaim';
  outbox: 'byState'; // pending | delivered | failed
  threads: never;
}

/** A doc as handed to put(): the store sets `version`. */
export type NewDoc<C extends CollectionName> = Omit<Collections[C], 'version'> & { version?: number };

export interface ReadView {
  /** Docs returned are the store's own, deep-frozen: never mutate them (it throws), put a modified copy. */
  get<C extends CollectionName>(coll: C, id: string): Collections[C] | undefined;
  /** All docs of a collection, in insertion order. */
  all<C extends CollectionName>(coll: C): Collections[C][];
  count(coll: CollectionName): number;
  byIndex<C extends CollectionName>(coll: C, index: Indexes[C], key: string): Collections[C][];
}

export interface PutOptions {
  /** Optimistic concurrency: refuse (ConflictError) unless the stored doc has this version (0 = must not exist). */
  expectVersion?: number;
}

export interface WriteTx extends ReadView {
  /** Insert or replace; returns the stored doc with its new version. Reads in the same tx see it. */
  put<C extends CollectionName>(coll: C, doc: NewDoc<C>, opts?: PutOptions): Collections[C];
  delete(coll: CollectionName, id: string, opts?: PutOptions): boolean;
  /** Next number of a sequence (1, 2, 3…), never reused. */
  nextId(seq: SequenceName): number;
}

export type Change =
  | { op: 'put'; coll: CollectionName; doc: Collections[CollectionName] }
  | { op: 'delete'; coll: CollectionName; id: string };

export interface Store extends ReadView {
  readonly kind: string;
  /**
   * Run `fn` synchronously against the current state and commit everything it did as ONE atomic unit.
   * Resolves only once the unit is durable (for the JSON store: its journal line fsynced).
   * If `fn` throws, nothing changes and the promise rejects with that error.
   */
  write<T>(fn: (tx: WriteTx) => T): Promise<T>;
  /** Called after every committed unit is durable (in commit order); for search indexes and the dispatcher. */
  onCommit(listener: (changes: readonly Change[]) => void): () => void;
  /** Flush pending writes and release files/locks. */
  close(): Promise<void>;
  /** Only on stores several processes share (PostgreSQL): leases so that one process at a time does a job. */
  readonly leases?: Leases;
}

/** Named, expiring leases; after acquire() succeeds, reads see every commit made before it. */
export interface Leases {
  /** Take or renew `name` for ttlMs; false while another process holds it unexpired (or it cannot be asked). */
  acquire(name: string, ttlMs: number): Promise<boolean>;
  /** Let it go now, if this process holds it. */
  release(name: string): Promise<void>;
}

export class ConflictError extends Error {
  override name = 'ConflictError';
  constructor(
    public readonly coll: CollectionName,
    public readonly id: string,
    public readonly expected: number,
    public readonly actual: number,
  ) {
    super(`${coll}/${id} changed meanwhile (expected version ${expected}, found ${actual})`);
  }
}

/** A document the store refuses to keep (not JSON-safe, dangerous keys, too large). */
export class InvalidDocError extends Error {
  override name = 'InvalidDocError';
}

/** The store cannot acknowledge writes any more (fsync failed, disk full, closed). */
export class StoreUnavailableError extends Error {
  override name = 'StoreUnavailableError';
}

/**
 * The write was handed to the disk (or the database) but its outcome is unknown: the sync or the commit
 * failed midway, so the change may or may not be kept. Never report such a write as "nothing changed".
 */
export class StoreWriteUnconfirmedError extends StoreUnavailableError {
  override name = 'StoreWriteUnconfirmedError';
}

/** Another process (or another open in this process) holds the DATA_DIR lock. */
export class StoreLockedError extends StoreUnavailableError {
  override name = 'StoreLockedError';
}

/** The files on disk are damaged; the store refuses to start on them. */
export class StoreCorruptError extends Error {
  override name = 'StoreCorruptError';
}
