// The in-memory state every store implementation serves reads from: collections by id, secondary indexes,
// sequences, and transactions that stage changes and apply them all at once.
import { FrozenView } from './frozen-view.ts';
import type { RawDocs } from './raw-docs.ts';
import { deepFreeze, freezeParsed, validateVersioned } from './validate.ts';
import {
  ConflictError,
  type Change,
  type CollectionName,
  type Collections,
  type Indexes,
  type NewDoc,
  type PutOptions,
  type ReadView,
  type Schema,
  type SequenceName,
  type WriteTx,
} from './types.ts';

type AnyDoc = Collections[CollectionName];
type IndexSlot = { fn: (d: AnyDoc) => string[]; keys: Map<string, Set<string>> };
/** a doc, or the number of its snapshot line in the collection's RawDocs (not parsed yet) */
type Slot = AnyDoc | number;

/** A collection as a snapshot was read lazily: ids in order, each a parsed doc or a raw line's number. */
export interface LazyCollection {
  ids: string[];
  values: Slot[];
  raw: RawDocs;
}

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
  private docs = new Map<CollectionName, Map<string, Slot>>();
  // collections some docs of which are still unparsed snapshot lines (see loadLazy)
  private raw = new Map<CollectionName, RawDocs>();
  // collections whose indexes are built; a lazily loaded one is indexed at its first byIndex
  private indexed = new Set<CollectionName>();
  // coll → index → key → ids (Set keeps insertion order)
  private idx = new Map<CollectionName, Map<string, Map<string, Set<string>>>>();
  // position of each doc in its collection, so byIndex answers in the same order as all() (stable across restarts)
  private rank = new Map<CollectionName, Map<string, number>>();
  // the same indexes as a list per collection, for the hot path (load, apply)
  private ixList = new Map<CollectionName, IndexSlot[]>();
  private nextRank = 0;
  seqs: Record<string, number> = {};
  /** the frozen view a background checkpoint is writing out, if any */
  private view: FrozenView | undefined;
  private inTx = false;
  private nestedWrite = false;

  /** `schema`: the collections and index key functions the application hands in when it opens the store */
  constructor(readonly schema: Schema) {
    for (const c of schema.collections) {
      this.docs.set(c, new Map());
      this.rank.set(c, new Map());
      const m = new Map<string, Map<string, Set<string>>>();
      const list: IndexSlot[] = [];
      for (const [name, fn] of Object.entries(schema.indexes[c])) {
        const keys = new Map<string, Set<string>>();
        m.set(name, keys);
        list.push({ fn, keys });
      }
      this.idx.set(c, m);
      this.ixList.set(c, list);
      this.indexed.add(c);
    }
  }

  /** Position of a doc in its collection (the order of all()); undefined when absent. */
  rankOf(coll: CollectionName, id: string): number | undefined {
    return this.rank.get(coll)!.get(id);
  }

  get<C extends CollectionName>(coll: C, id: string): Collections[C] | undefined {
    const v = this.docs.get(coll)!.get(id);
    return (typeof v === 'number' ? this.parse(coll, id, v) : v) as Collections[C] | undefined;
  }
  all<C extends CollectionName>(coll: C): Collections[C][] {
    if (this.raw.has(coll)) this.parseAll(coll);
    return [...this.docs.get(coll)!.values()] as Collections[C][];
  }
  count(coll: CollectionName): number {
    return this.docs.get(coll)!.size;
  }
  /** Docs filed under `key`, in collection order (the order of all()). */
  byIndex<C extends CollectionName>(coll: C, index: Indexes[C], key: string): Collections[C][] {
    if (!this.indexed.has(coll)) this.buildIndexes(coll);
    const ids = this.idx.get(coll)!.get(index as string)?.get(key);
    if (!ids) return [];
    const docs = this.docs.get(coll)!;
    const list = [...ids];
    if (list.length > 1) {
      const r = this.rank.get(coll)!;
      list.sort((a, b) => r.get(a)! - r.get(b)!);
    }
    return list.map((id) => docs.get(id)!) as unknown as Collections[C][]; // indexed: every doc is parsed
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
    for (const c of this.schema.collections) collections[c] = this.all(c);
    return { collections, seqs: { ...this.seqs } };
  }

  /**
   * A consistent view of the state as it is now, that later writes do not change: they copy the old
   * version of what they replace into the view first (copy-on-write, so taking the view costs nothing
   * whatever the store's size). For a checkpoint written in the background while writes go on.
   * One at a time; call release() when done.
   */
  freeze(): FrozenView {
    if (this.view) throw new Error('engine: a frozen view is already open');
    const text = (coll: CollectionName, n: number) => this.raw.get(coll)!.text(n);
    this.view = new FrozenView(this.schema.collections, this.docs, this.rank, text, { ...this.seqs }, () => (this.view = undefined));
    return this.view;
  }

  /**
   * Fill the engine from a whole state (a snapshot read from disk) in one pass per collection: each doc is
   * frozen, ranked, stored and filed under its index keys, with the maps looked up once per collection
   * rather than once per doc (this loop runs a million times at 1M claims, so it is the cold start).
   */
  load(state: EngineState): void {
    for (const c of this.schema.collections) {
      const list = state.collections[c];
      if (!list?.length) continue;
      if (this.view || this.docs.get(c)!.size > 0) {
        for (const d of list) this.putRaw(c, d); // not a fresh engine: the general path
        continue;
      }
      const docs = this.docs.get(c)!;
      const rank = this.rank.get(c)!;
      const slots = this.ixList.get(c)!;
      let r = this.nextRank;
      for (let i = 0; i < list.length; i++) {
        const doc = list[i];
        freezeParsed(doc);
        const id = doc.id;
        const old = docs.get(id);
        if (old) for (const { fn, keys } of slots) unfile(keys, fn(old as AnyDoc), id);
        else rank.set(id, ++r);
        docs.set(id, doc);
        for (let j = 0; j < slots.length; j++) {
          const { fn, keys } = slots[j];
          for (const key of fn(doc)) {
            const s = keys.get(key);
            if (s) s.add(id);
            else keys.set(key, new Set([id]));
          }
        }
      }
      this.nextRank = r;
    }
    this.seqs = { ...state.seqs };
  }

  /**
   * Fill a collection from a snapshot read lazily: docs not parsed yet stay lines of the snapshot, parsed on
   * their first get() (or all()), and the collection's indexes are built at its first byIndex(). A checkpoint
   * writes such a doc's line as it is. Call after load().
   */
  loadLazy(coll: CollectionName, lazy: LazyCollection): void {
    const { ids, values, raw } = lazy;
    const docs = this.docs.get(coll)!;
    if (this.view || docs.size > 0 || this.raw.has(coll)) {
      // not a fresh collection: the general path
      for (let i = 0; i < ids.length; i++) {
        const v = values[i];
        this.putRaw(coll, typeof v === 'number' ? raw.parse(v, ids[i], coll) : v);
      }
      return;
    }
    const rank = this.rank.get(coll)!;
    let r = this.nextRank;
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i];
      const v = values[i];
      if (typeof v !== 'number') freezeParsed(v);
      const old = docs.get(id);
      if (old === undefined) rank.set(id, ++r);
      else if (typeof old === 'number') raw.left--; // the same id twice: the later line wins, as in load()
      docs.set(id, v);
    }
    this.nextRank = r;
    if (raw.left > 0) this.raw.set(coll, raw);
    if (ids.length) this.indexed.delete(coll);
  }

  /** Every doc's id and version, in the order of all(), without parsing the docs not read yet. */
  *versions(coll: CollectionName): Generator<[string, number]> {
    const raw = this.raw.get(coll);
    for (const [id, v] of this.docs.get(coll)!) {
      if (typeof v !== 'number') yield [id, v.version];
      else yield [id, raw!.version(v) ?? this.parse(coll, id, v).version];
    }
  }

  /** Parse a doc kept as its snapshot line, and keep the doc instead. */
  private parse(coll: CollectionName, id: string, n: number): AnyDoc {
    const raw = this.raw.get(coll)!;
    const doc = raw.parse(n, id, coll);
    freezeParsed(doc);
    this.docs.get(coll)!.set(id, doc); // the same key: its place in all() does not change
    if (--raw.left === 0) this.raw.delete(coll); // the buffers can go
    return doc;
  }

  private parseAll(coll: CollectionName): void {
    for (const [id, v] of this.docs.get(coll)!) if (typeof v === 'number') this.parse(coll, id, v);
  }

  private buildIndexes(coll: CollectionName): void {
    this.parseAll(coll);
    this.indexed.add(coll);
    for (const doc of this.docs.get(coll)!.values()) this.index(coll, doc as AnyDoc);
  }

  /** A slot as a frozen view keeps it: a raw line as its text (the table may go before the view does). */
  private kept(coll: CollectionName, v: Slot | undefined): AnyDoc | string | undefined {
    return typeof v === 'number' ? this.raw.get(coll)!.text(v) : v;
  }

  /** A raw line is being replaced or deleted without being parsed. */
  private dropRaw(coll: CollectionName): void {
    const raw = this.raw.get(coll)!;
    if (--raw.left === 0) this.raw.delete(coll);
  }

  private putRaw(coll: CollectionName, doc: AnyDoc): void {
    deepFreeze(doc); // already frozen when it comes from validateDoc; docs from disk are frozen here
    const old = this.docs.get(coll)!.get(doc.id);
    const indexed = this.indexed.has(coll);
    this.view?.remember(coll, doc.id, this.kept(coll, old), false);
    if (old === undefined) this.rank.get(coll)!.set(doc.id, ++this.nextRank);
    else if (typeof old === 'number') this.dropRaw(coll);
    else if (indexed) this.unindex(coll, old);
    this.docs.get(coll)!.set(doc.id, doc);
    if (indexed) this.index(coll, doc);
  }
  private deleteRaw(coll: CollectionName, id: string): void {
    const old = this.docs.get(coll)!.get(id);
    if (old === undefined) return;
    this.view?.remember(coll, id, this.kept(coll, old), true);
    if (typeof old === 'number') this.dropRaw(coll);
    else if (this.indexed.has(coll)) this.unindex(coll, old);
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
    for (const { fn, keys } of this.ixList.get(coll)!) unfile(keys, fn(doc), doc.id);
  }
}

function unfile(keys: Map<string, Set<string>>, from: string[], id: string): void {
  for (const key of from) {
    const s = keys.get(key);
    if (!s) continue;
    s.delete(id);
    if (s.size === 0) keys.delete(key);
  }
}

const DELETED = Symbol('deleted');

/**
 * What a transaction staged in one collection, indexed like the engine indexes its docs, so that byIndex
 * and count inside a transaction cost what the transaction staged, not the size of the collection (bulk
 * imports stage tens of thousands of docs and look up actors between them).
 */
interface Overlay {
  /**
   * index name → key → ids of staged (not deleted) docs filed under it, with the first-staging order of
   * each id (where a doc new to the collection stands in all()). Built on the first byIndex of the
   * collection and kept up from then on: an import staging 100k claims that only looks up actors never
   * pays for filing the claims.
   */
  index: { keys: Map<string, Map<string, Set<string>>>; seq: Map<string, number> } | null;
  /** how the staged changes move count() */
  delta: number;
}

/** Read-your-writes overlay over the engine; nothing reaches the engine until the store applies it. */
class Tx implements WriteTx {
  private staged = new Map<CollectionName, Map<string, AnyDoc | typeof DELETED>>();
  private overlay = new Map<CollectionName, Overlay>();
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
    return this.base.count(coll) + (this.overlay.get(coll)?.delta ?? 0);
  }
  byIndex<C extends CollectionName>(coll: C, index: Indexes[C], key: string): Collections[C][] {
    const s = this.staged.get(coll);
    const base = this.base.byIndex(coll, index, key);
    if (!s) return base;
    const hits = base.filter((d) => !s.has(d.id));
    const { keys, seq } = this.overlayIndex(coll, s);
    const stagedIds = keys.get(index as string)?.get(key);
    if (!stagedIds?.size) return hits as Collections[C][];
    // the order of all(): a staged doc takes the place of the one it replaces; docs new to the collection
    // follow, in the order they were first staged
    const place = (id: string) => this.base.rankOf(coll, id) ?? Number.MAX_SAFE_INTEGER - seq.size + seq.get(id)!;
    const all = [...hits, ...[...stagedIds].map((id) => s.get(id) as AnyDoc)];
    all.sort((a, b) => place(a.id) - place(b.id));
    return all as Collections[C][];
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
    let o = this.overlay.get(coll);
    if (!m || !o) {
      this.staged.set(coll, (m = new Map()));
      this.overlay.set(coll, (o = { index: null, delta: 0 }));
    }
    const prev = m.get(id);
    const existed = prev === undefined ? this.base.get(coll, id) !== undefined : prev !== DELETED;
    o.delta += (v === DELETED ? 0 : 1) - (existed ? 1 : 0);
    if (o.index) {
      if (prev !== undefined && prev !== DELETED) this.file(o.index.keys, coll, prev, false);
      if (v !== DELETED) this.file(o.index.keys, coll, v, true);
      if (!o.index.seq.has(id)) o.index.seq.set(id, o.index.seq.size);
    }
    m.set(id, v);
  }
  private overlayIndex(coll: CollectionName, s: Map<string, AnyDoc | typeof DELETED>): NonNullable<Overlay['index']> {
    const o = this.overlay.get(coll)!;
    if (!o.index) {
      o.index = { keys: new Map(), seq: new Map() };
      for (const [id, d] of s) {
        o.index.seq.set(id, o.index.seq.size);
        if (d !== DELETED) this.file(o.index.keys, coll, d, true);
      }
    }
    return o.index;
  }
  private file(index: Map<string, Map<string, Set<string>>>, coll: CollectionName, doc: AnyDoc, add: boolean): void {
    for (const [name, fn] of Object.entries(this.base.schema.indexes[coll])) {
      let keys = index.get(name);
      if (!keys) index.set(name, (keys = new Map()));
      for (const key of fn(doc)) {
        let ids = keys.get(key);
        if (add) {
          if (!ids) keys.set(key, (ids = new Set()));
          ids.add(doc.id);
        } else if (ids) {
          ids.delete(doc.id);
          if (ids.size === 0) keys.delete(key);
        }
      }
    }
  }
}
