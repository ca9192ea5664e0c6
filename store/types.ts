// The store's interface, generic over the documents it keeps. The store knows no domain: the application
// describes its documents as a Shape (collection → document type, collection → index names, sequence
// names) and hands in a Schema (the collections and the index key functions) when it opens a store.
// The core's port (src/core/store-port.ts) is this interface on the ledger's Shape. Implementations:
// MemoryStore (store/memory.ts), JsonFileStore (store/json/), PgStore (store/pg/); every one passes the
// contract suite (test/store/contract/). docs/store.md → "A new backend".

/** What every stored document has; the store sets `version`. */
export interface StoredDoc {
  id: string;
  version: number;
}

/** The type-level description of what a store keeps. */
export interface Shape {
  /** collection name → document type */
  docs: object;
  /** collection name → the names of its indexes (never when it has none) */
  indexes: object;
  /** the names nextId() accepts */
  sequences: string;
}

/** The shape the engines work on internally: any collection, any index, any sequence. */
export interface AnyShape extends Shape {
  docs: Record<string, StoredDoc>;
  indexes: Record<string, string>;
  sequences: string;
}

export type CollOf<S extends Shape> = keyof S['docs'] & string;
export type DocOf<S extends Shape, C extends CollOf<S>> = S['docs'][C];
export type IndexOf<S extends Shape, C extends CollOf<S>> = C extends keyof S['indexes'] ? S['indexes'][C] & string : never;

// The engines' own names for the untyped shape (a collection is any string, a doc any StoredDoc).
export type CollectionName = CollOf<AnyShape>;
export type Collections = AnyShape['docs'];
export type Indexes = AnyShape['indexes'];
export type SequenceName = string;

/** The keys a doc is filed under in one index (lower-cased or folded as the application decides). */
export type KeyFn<D> = (doc: D) => string[];

/** What the application hands in when it opens a store. */
export interface Schema<S extends Shape = AnyShape> {
  /** the collections, in the order snapshots list them */
  collections: readonly CollOf<S>[];
  /** per collection: index name → key function */
  indexes: { [C in CollOf<S>]: { [I in IndexOf<S, C>]: KeyFn<DocOf<S, C>> } };
  /** type only, never set: lets `new MemoryStore(schema)` and `openStore(dir, schema)` infer S */
  readonly shape?: S;
}

/** The schema as the engines see it (no document types). */
export function untyped<S extends Shape>(schema: Schema<S>): Schema {
  return schema as unknown as Schema;
}

/** A doc as handed to put(): the store sets `version`. */
export type NewDoc<C extends CollOf<S>, S extends Shape = AnyShape> = Omit<DocOf<S, C>, 'version'> & { version?: number };

export interface ReadView<S extends Shape = AnyShape> {
  /** Docs returned are the store's own, deep-frozen: never mutate them (it throws), put a modified copy. */
  get<C extends CollOf<S>>(coll: C, id: string): DocOf<S, C> | undefined;
  /** All docs of a collection, in insertion order. */
  all<C extends CollOf<S>>(coll: C): DocOf<S, C>[];
  count(coll: CollOf<S>): number;
  /** Docs filed under `key`, in the order of all(). */
  byIndex<C extends CollOf<S>>(coll: C, index: IndexOf<S, C>, key: string): DocOf<S, C>[];
}

export interface PutOptions {
  /** Optimistic concurrency: refuse (ConflictError) unless the stored doc has this version (0 = must not exist). */
  expectVersion?: number;
  /**
   * The caller hands the document over and never touches it again (it built it for this put): the store
   * may freeze and keep it as it is instead of copying it, when it needs no change. For bulk writes.
   */
  handOver?: boolean;
  /**
   * With handOver, for bulk writers whose documents have one fixed shape (the ClaimReview import): the caller
   * built the document itself from values it checked, and vouches that it already is what validation would
   * return — plain objects and arrays, no undefined, finite numbers, well-formed strings, far within the
   * limits. The store then only checks the id, gives it its version and deep-freezes it, without looking at
   * every value again. Never for anything that comes from outside as it is.
   */
  checked?: boolean;
}

export interface WriteTx<S extends Shape = AnyShape> extends ReadView<S> {
  /** Insert or replace; returns the stored doc with its new version. Reads in the same tx see it. */
  put<C extends CollOf<S>>(coll: C, doc: NewDoc<C, S>, opts?: PutOptions): DocOf<S, C>;
  delete(coll: CollOf<S>, id: string, opts?: PutOptions): boolean;
  /** Next number of a sequence (1, 2, 3…), never reused. */
  nextId(seq: S['sequences']): number;
}

export type Change<S extends Shape = AnyShape> =
  | { op: 'put'; coll: CollOf<S>; doc: DocOf<S, CollOf<S>> }
  | { op: 'delete'; coll: CollOf<S>; id: string };

export interface Store<S extends Shape = AnyShape> extends ReadView<S> {
  readonly kind: string;
  /**
   * Run `fn` synchronously against the current state and commit everything it did as ONE atomic unit.
   * Resolves only once the unit is durable (for the JSON store: its journal line fsynced).
   * If `fn` throws, nothing changes and the promise rejects with that error.
   */
  write<T>(fn: (tx: WriteTx<S>) => T): Promise<T>;
  /**
   * Called after every committed unit is durable (in commit order); for search indexes and the dispatcher.
   * A listener that throws is logged; the write and the other listeners go on (store/listeners.ts).
   */
  onCommit(listener: (changes: readonly Change<S>[]) => void): () => void;
  /** Flush pending writes and release files/locks. */
  close(): Promise<void>;
  /**
   * Every doc's id and version, in the order of all(), without reading the docs: the JSON store keeps the
   * docs of its snapshot unparsed until first read, and all() parses them all (seconds at a million). For a
   * pass that only needs to know what changed, such as a search index loaded from disk. Not on every store.
   */
  versions?(coll: CollOf<S>): Iterable<[id: string, version: number]>;
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
    public readonly coll: string,
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
