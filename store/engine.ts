// The in-memory state every store implementation serves reads from: collections by id, secondary indexes,
// sequences, and transactions that stage changes and apply them all at once.
import { INDEX_DEFS } from './indexes.ts';
import { deepFreeze, validateVersioned } from './validate.ts';
import {
  COLLECTIONS,
  ConflictError,
  type Change,
  type CollectionName,
  type Collections,
  type Indexes,
  type NewDoc,
  type PutOptions,
  type ReadView,
  type SequenceName,
  type WriteTx,
} from './types.ts';

type AnyDoc = Collections[CollectionName];
type IndexSlot = { fn: (d: AnyDoc) => string[]; keys: Map<string, Set<string>> };

/** What a committed transaction did: the changes and the sequence values after it. */
export interface Mutation {
  changes: Change[];
  seqs: Partial<Record<SequenceName, number>>;
}

export interface EngineState {
  collections: Record<CollectionName, AnyDoc[]>;
  seqs: Record<string, number>;
}

export class Engine implements ReadView {
  private docs = new Map<CollectionName, Map<string, AnyDoc>>();
  // coll → index → key → ids (Set keeps insertion order)
  private idx = new Map<CollectionName, Map<string, Map<string, Set<string>>>>();
  // position of each doc in its collection, so byIndex answers in the same order as all() (stable across restarts)
  private rank = new Map<CollectionName, Map<string, number>>();
  // the same indexes as a list per collection, for the hot path (load, apply)
  private ixList = new Map<CollectionName, IndexSlot[]>();
  private nextRank = 0;
  seqs: Record<string, number> = {};
  private inTx = false;
  private nestedWrite = false;

  constructor() {
    for (const c of COLLECTIONS) {
      this.docs.set(c, new Map());
      this.rank.set(c, new Map());
      const m = new Map<string, Map<string, Set<string>>>();
      const list: IndexSlot[] = [];
      for (const [name, fn] of Object.entries(INDEX_DEFS[c] as Record<string, (d: AnyDoc) => string[]>)) {
        const keys = new Map<string, Set<string>>();
        m.set(name, keys);
        list.push({ fn, keys });
      }
      this.idx.set(c, m);
      this.ixList.set(c, list);
    }
  }

  get<C extends CollectionName>(coll: C, id: string): Collections[C] | undefined {
    return this.docs.get(coll)!.get(id) as Collections[C] | undefined;
  }
  all<C extends CollectionName>(coll: C): Collections[C][] {
    return [...this.docs.get(coll)!.values()] as Collections[C][];
  }
  count(coll: CollectionName): number {
    return this.docs.get(coll)!.size;
  }
  /** Docs filed under `key`, in collection order (the order of all()). */
  byIndex<C extends CollectionName>(coll: C, index: Indexes[C], key: string): Collections[C][] {
    const ids = this.idx.get(coll)!.get(index as string)?.get(key);
    if (!ids) return [];
    const docs = this.docs.get(coll)!;
    const list = [...ids];
    if (list.length > 1) {
      const r = this.rank.get(coll)!;
      list.sort((a, b) => r.get(a)! - r.get(b)!);
    }
    return list.map((id) => docs.get(id)!) as Collections[C][];
  }

  /** Apply changes that are already validated (a committed tx, or a journal record being replayed). */
  apply(m: Mutation): void {
    for (const ch of m.changes) {
      if (ch.op === 'put') this.putRaw(ch.coll, ch.doc);
      else this.deleteRaw(ch.coll, ch.id);
    }
    for (const [k, v] of Object.entries(m.seqs)) this.seqs[k] = Math.max(this.seqs[k] ?? 0, v as number);
  }

  /** Run fn against a staged view; returns its result and the mutation, or throws (nothing staged survives). */
  transact<T>(fn: (tx: WriteTx) => T): { result: T; mutation: Mutation } {
    // a write started inside another write's fn would commit before the outer one and be overwritten by it
    const nested = new TypeError('store.write(fn): fn must not start another write; use its tx');
    if (this.inTx) {
      this.nestedWrite = true; // the outer write fails too, even if fn ignores the inner promise
      throw nested;
    }
    const tx = new Tx(this);
    this.inTx = true;
    this.nestedWrite = false;
    let result: T;
    try {
      result = fn(tx);
    } finally {
      this.inTx = false;
    }
    if (this.nestedWrite) throw nested;
    if (result instanceof Promise) throw new TypeError('store.write(fn): fn must be synchronous');
    return { result, mutation: tx.mutation() };
  }

  snapshot(): EngineState {
    const collections = {} as EngineState['collections'];
    for (const c of COLLECTIONS) collections[c] = this.all(c);
    return { collections, seqs: { ...this.seqs } };
  }

  load(state: EngineState): void {
    for (const c of COLLECTIONS) for (const d of state.collections[c] ?? []) this.putRaw(c, d);
    this.seqs = { ...state.seqs };
  }

  private putRaw(coll: CollectionName, doc: AnyDoc): void {
    deepFreeze(doc); // already frozen when it comes from validateDoc; docs from disk are frozen here
    const old = this.docs.get(coll)!.get(doc.id);
    if (old) this.unindex(coll, old);
    else this.rank.get(coll)!.set(doc.id, ++this.nextRank);
    this.docs.get(coll)!.set(doc.id, doc);
    this.index(coll, doc);
  }
  private deleteRaw(coll: CollectionName, id: string): void {
    const old = this.docs.get(coll)!.get(id);
    if (!old) return;
    this.unindex(coll, old);
    this.docs.get(coll)!.delete(id);
    this.rank.get(coll)!.delete(id);
  }
  private index(coll: CollectionName, doc: AnyDoc): void {
    for (const { fn, keys } of this.ixList.get(coll)!) {
      for (const key of fn(doc)) {
        let s = keys.get(key);
        if (!s) keys.set(key, (s = new Set()));
        s.add(doc.id);
      }
    }
  }
  private unindex(coll: CollectionName, doc: AnyDoc): void {
    for (const { fn, keys } of this.ixList.get(coll)!) {
      for (const key of fn(doc)) {
        const s = keys.get(key);
        if (!s) continue;
        s.delete(doc.id);
        if (s.size === 0) keys.delete(key);
      }
    }
  }
}

const DELETED = Symbol('deleted');

/** Read-your-writes overlay over the engine; nothing reaches the engine until the store applies it. */
class Tx implements WriteTx {
  private staged = new Map<CollectionName, Map<string, AnyDoc | typeof DELETED>>();
  private seqs: Partial<Record<SequenceName, number>> = {};
  private order: Change[] = [];

  constructor(private base: Engine) {}

  get<C extends CollectionName>(coll: C, id: string): Collections[C] | undefined {
    const s = this.staged.get(coll)?.get(id);
    if (s === DELETED) return undefined;
    return (s ?? this.base.get(coll, id)) as Collections[C] | undefined;
  }
  all<C extends CollectionName>(coll: C): Collections[C][] {
    const s = this.staged.get(coll);
    if (!s) return this.base.all(coll);
    const out = new Map<string, AnyDoc>();
    for (const d of this.base.all(coll)) out.set(d.id, d);
    for (const [id, d] of s) d === DELETED ? out.delete(id) : out.set(id, d);
    return [...out.values()] as Collections[C][];
  }
  count(coll: CollectionName): number {
    return this.staged.has(coll) ? this.all(coll).length : this.base.count(coll);
  }
  byIndex<C extends CollectionName>(coll: C, index: Indexes[C], key: string): Collections[C][] {
    const s = this.staged.get(coll);
    if (!s) return this.base.byIndex(coll, index, key);
    const fn = (INDEX_DEFS[coll] as Record<string, (d: AnyDoc) => string[]>)[index as string];
    return this.all(coll).filter((d) => fn(d).includes(key));
  }
  put<C extends CollectionName>(coll: C, doc: NewDoc<C>, opts?: PutOptions): Collections[C] {
    const current = this.get(coll, doc.id);
    const actual = current?.version ?? 0;
    if (opts?.expectVersion !== undefined && opts.expectVersion !== actual) {
      throw new ConflictError(coll, doc.id, opts.expectVersion, actual);
    }
    const stored = validateVersioned(coll, doc, actual + 1) as Collections[C];
    this.stage(coll, doc.id, stored);
    this.order.push({ op: 'put', coll, doc: stored });
    return stored;
  }
  delete(coll: CollectionName, id: string, opts?: PutOptions): boolean {
    const current = this.get(coll, id);
    const actual = current?.version ?? 0;
    if (opts?.expectVersion !== undefined && opts.expectVersion !== actual) {
      throw new ConflictError(coll, id, opts.expectVersion, actual);
    }
    if (!current) return false;
    this.stage(coll, id, DELETED);
    this.order.push({ op: 'delete', coll, id });
    return true;
  }
  nextId(seq: SequenceName): number {
    const n = (this.seqs[seq] ?? this.base.seqs[seq] ?? 0) + 1;
    this.seqs[seq] = n;
    return n;
  }
  mutation(): Mutation {
    return { changes: this.order, seqs: this.seqs };
  }
  private stage(coll: CollectionName, id: string, v: AnyDoc | typeof DELETED): void {
    let m = this.staged.get(coll);
    if (!m) this.staged.set(coll, (m = new Map()));
    m.set(id, v);
  }
}
