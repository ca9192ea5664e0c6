// A transaction: changes staged over the engine's state, read back by the transaction itself, applied by
// the store all at once (Engine.transact, Engine.apply).
import { adoptChecked, adoptVersioned, validateVersioned } from './validate.ts';
import {
  ConflictError,
  type Change,
  type CollectionName,
  type Collections,
  type Indexes,
  type NewDoc,
  type PutOptions,
  type Schema,
  type SequenceName,
  type WriteTx,
} from './types.ts';

type AnyDoc = Collections[CollectionName];

/** What a committed transaction did: the changes and the sequence values after it. */
export interface Mutation {
  changes: Change[];
  seqs: Partial<Record<SequenceName, number>>;
}

/** What a transaction reads through to (the Engine). */
export interface TxBase {
  get<C extends CollectionName>(coll: C, id: string): Collections[C] | undefined;
  all<C extends CollectionName>(coll: C): Collections[C][];
  count(coll: CollectionName): number;
  byIndex<C extends CollectionName>(coll: C, index: Indexes[C], key: string): Collections[C][];
  readonly schema: Schema;
  seqs: Record<string, number>;
  rankOf(coll: CollectionName, id: string): number | undefined;
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
export class Tx implements WriteTx {
  private staged = new Map<CollectionName, Map<string, AnyDoc | typeof DELETED>>();
  private overlay = new Map<CollectionName, Overlay>();
  private seqs: Partial<Record<SequenceName, number>> = {};
  private order: Change[] = [];

  constructor(private base: TxBase) {}

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
    const adopt = opts?.handOver ? (opts.checked ? adoptChecked : adoptVersioned) : validateVersioned;
    const stored = adopt(coll, doc, actual + 1) as Collections[C];
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
