// The in-memory state every store implementation serves reads from: collections by id, secondary indexes,
// sequences, and transactions that stage changes and apply them all at once.
import { FrozenView } from './frozen-view.ts';
import { Tx, type Mutation } from './tx.ts';
import type { RawDocs } from './raw-docs.ts';
import { deepFreeze, freezeParsed } from './validate.ts';
import {
  type CollectionName,
  type Collections,
  type Indexes,
  type ReadView,
  type Schema,
  type WriteTx,
} from './types.ts';

type AnyDoc = Collections[CollectionName];
/** Units of at least this many changes leave filing their new docs to a later pass (Engine.deferIndexes). */
const DEFER_INDEX_CHANGES = 2048;
type IndexSlot = { fn: (d: AnyDoc) => string[]; keys: Map<string, Set<string>> };
/** a doc, or the number of its snapshot line in the collection's RawDocs (not parsed yet) */
type Slot = AnyDoc | number;

/** A collection as a snapshot was read lazily: ids in order, each a parsed doc or a raw line's number. */
export interface LazyCollection {
  ids: string[];
  values: Slot[];
  raw: RawDocs;
}

export type { Mutation } from './tx.ts';

export interface EngineState {
  collections: Record<CollectionName, AnyDoc[]>;
  seqs: Record<string, number>;
}

export class Engine implements ReadView {
  private docs = new Map<CollectionName, Map<string, Slot>>();
  // collections some docs of which are still unparsed snapshot lines (see loadLazy)
  private raw = new Map<CollectionName, RawDocs>();
  // collections whose indexes are built; a lazily loaded one is indexed by warm() or at its first byIndex
  private indexed = new Set<CollectionName>();
  // collections being indexed (warm()): their docs in Map order up to rank `upTo` are filed, the rest not yet
  private filing = new Map<CollectionName, { it: Iterator<[string, Slot]>; upTo: number }>();
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
    if (!this.indexed.has(coll)) this.fileSome(coll, Infinity);
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

  /**
   * Apply changes that are already validated (a committed tx, or a journal record being replayed). Returns
   * true when a large unit left its new docs to be indexed later (deferIndexes): the caller may start warm().
   */
  apply(m: Mutation): boolean {
    const deferred = m.changes.length >= DEFER_INDEX_CHANGES && this.deferIndexes(m);
    for (const ch of m.changes) {
      if (ch.op === 'put') this.putRaw(ch.coll, ch.doc);
      else this.deleteRaw(ch.coll, ch.id);
    }
    for (const [k, v] of Object.entries(m.seqs)) this.seqs[k] = Math.max(this.seqs[k] ?? 0, v as number);
    return deferred;
  }

  /**
   * A large unit (an import of 100k claims) does not file its new docs under the indexes as it is applied:
   * each indexed collection it puts into gets an indexing pass from its current end on (fileSome, as for a
   * snapshot read lazily), run by warm() in the background or at the collection's first byIndex. Docs filed
   * already stay filed and are kept up to date (their rank is within the pass's upTo). A CLI import that
   * exits right after never pays for filing 100k claims; a bot replaying it does so in the background.
   */
  private deferIndexes(m: Mutation): boolean {
    const colls = new Set<CollectionName>();
    for (const ch of m.changes) if (ch.op === 'put') colls.add(ch.coll);
    let any = false;
    for (const c of colls) {
      if (!this.indexed.has(c) || this.ixList.get(c)!.length === 0) continue; // a pass runs already, or nothing to file
      const docs = this.docs.get(c)!;
      const it = docs.entries();
      // past every doc there is (a Map iterator not yet done also yields the entries added after it)
      for (let i = 0; i < docs.size; i++) it.next();
      this.filing.set(c, { it, upTo: this.nextRank });
      this.indexed.delete(c);
      any = true;
    }
    return any;
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
    const mutation = tx.mutation();
    // A doc the indexes cannot file (their functions are the schema's: the ledger's throw on a status they do
    // not know) is refused here, before anything changes: apply() would throw halfway through memory, or, for
    // a large unit whose filing is left to later, in a timer and again at every start's replay.
    for (const ch of mutation.changes) if (ch.op === 'put') for (const { fn } of this.ixList.get(ch.coll)!) fn(ch.doc);
    return { result, mutation };
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
   * their first get() (or all()); the collection's indexes are built by warm(), or at its first byIndex().
   * A checkpoint writes such a doc's line as it is. Call after load().
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
      const size = docs.size;
      docs.set(id, v); // the same id twice: the later line wins, as in load() (and readDisk refuses the file)
      if (docs.size !== size) rank.set(id, ++r);
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

  /**
   * Parse and index the docs of lazily loaded collections until `deadline` (a performance.now() time);
   * → true once every collection is indexed. The store runs it in slices after it opens, so that no read
   * later pays for a whole collection at once (a million claims: seconds).
   */
  warm(deadline = Infinity): boolean {
    for (const c of this.schema.collections) if (!this.indexed.has(c) && !this.fileSome(c, deadline)) return false;
    return true;
  }

  /**
   * File the collection's docs, in Map order (which is rank order: a new id goes to the end with the next
   * rank, a replaced one keeps both), parsing each that is still a line. Writes meanwhile keep the part
   * already filed up to date (filed()) and leave the rest to this pass, which meets every id still there.
   */
  private fileSome(coll: CollectionName, deadline: number): boolean {
    let f = this.filing.get(coll);
    if (!f) this.filing.set(coll, (f = { it: this.docs.get(coll)!.entries(), upTo: 0 }));
    const rank = this.rank.get(coll)!;
    for (let n = 1; ; n++) {
      if ((n & 63) === 0 && performance.now() > deadline) return false; // 64 docs: well under a ms
      const next = f.it.next();
      if (next.done) break;
      const [id, v] = next.value;
      this.index(coll, typeof v === 'number' ? this.parse(coll, id, v) : v);
      f.upTo = rank.get(id)!;
    }
    this.filing.delete(coll);
    this.indexed.add(coll);
    return true;
  }

  /** Whether the doc of that rank is in its collection's indexes. */
  private filed(coll: CollectionName, rank: number): boolean {
    if (this.indexed.has(coll)) return true;
    const f = this.filing.get(coll);
    return f !== undefined && rank <= f.upTo;
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
    const rank = this.rank.get(coll)!;
    this.view?.remember(coll, doc.id, this.kept(coll, old), false);
    let filed: boolean;
    if (old === undefined) {
      rank.set(doc.id, ++this.nextRank);
      filed = this.indexed.has(coll); // a new id is last: an indexing pass still running will meet it
    } else {
      filed = this.filed(coll, rank.get(doc.id)!);
      if (typeof old === 'number') this.dropRaw(coll); // never filed: filing parses first
      else if (filed) this.unindex(coll, old);
    }
    this.docs.get(coll)!.set(doc.id, doc);
    if (filed) this.index(coll, doc);
  }
  private deleteRaw(coll: CollectionName, id: string): void {
    const old = this.docs.get(coll)!.get(id);
    if (old === undefined) return;
    this.view?.remember(coll, id, this.kept(coll, old), true);
    if (typeof old === 'number') this.dropRaw(coll);
    else if (this.filed(coll, this.rank.get(coll)!.get(id)!)) this.unindex(coll, old);
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
