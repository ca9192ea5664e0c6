// A WriteTx wrapper for bulk imports. The engine's transaction answers byIndex on a collection it has
// staged writes in by scanning the whole collection, so looking up claimants while creating actors
// would be quadratic. This wrapper keeps the actors' name index itself and passes everything else on,
// so findActor/ensureActor stay the one way actors are matched and created.
import type { Actor } from '../core/types.ts';
import type { CollectionName, Collections, Indexes, NewDoc, PutOptions, WriteTx } from '../../store/types.ts';

export class ActorIndexTx implements WriteTx {
  /** lower-cased name or alias → actor ids */
  private byName = new Map<string, string[]>();
  /** actors created through this wrapper */
  created = 0;

  constructor(private tx: WriteTx) {
    for (const a of tx.all('actors')) this.file(a);
  }

  get<C extends CollectionName>(coll: C, id: string): Collections[C] | undefined {
    return this.tx.get(coll, id);
  }
  all<C extends CollectionName>(coll: C): Collections[C][] {
    return this.tx.all(coll);
  }
  count(coll: CollectionName): number {
    return this.tx.count(coll);
  }
  byIndex<C extends CollectionName>(coll: C, index: Indexes[C], key: string): Collections[C][] {
    if (coll !== 'actors' || index !== 'byName') return this.tx.byIndex(coll, index, key);
    const ids = this.byName.get(key) ?? [];
    return ids.map((id) => this.tx.get('actors', id)).filter((a): a is Actor => !!a) as Collections[C][];
  }
  put<C extends CollectionName>(coll: C, doc: NewDoc<C>, opts?: PutOptions): Collections[C] {
    const old = coll === 'actors' ? (this.tx.get('actors', doc.id) as Actor | undefined) : undefined;
    const stored = this.tx.put(coll, doc, opts);
    if (coll === 'actors') {
      if (old) this.unfile(old);
      else this.created++;
      this.file(stored as Actor);
    }
    return stored;
  }
  delete(coll: CollectionName, id: string, opts?: PutOptions): boolean {
    const old = coll === 'actors' ? (this.tx.get('actors', id) as Actor | undefined) : undefined;
    const done = this.tx.delete(coll, id, opts);
    if (done && old) this.unfile(old);
    return done;
  }
  nextId(seq: 'claim' | 'outbox'): number {
    return this.tx.nextId(seq);
  }

  private keys(a: Actor): string[] {
    return [...new Set([a.name, ...a.aliases].map((s) => s.toLowerCase()))];
  }
  private file(a: Actor): void {
    for (const k of this.keys(a)) {
      const ids = this.byName.get(k);
      if (!ids) this.byName.set(k, [a.id]);
      else if (!ids.includes(a.id)) ids.push(a.id);
    }
  }
  private unfile(a: Actor): void {
    for (const k of this.keys(a)) {
      const ids = this.byName.get(k)?.filter((id) => id !== a.id);
      if (ids?.length) this.byName.set(k, ids);
      else this.byName.delete(k);
    }
  }
}
