// A frozen view of the engine's state for a checkpoint written in the background (see Engine.freeze()).
import type { CollectionName, Collections } from './types.ts';

type AnyDoc = Collections[CollectionName];
/** a doc, or the JSON text of one the engine had not parsed yet (written out as it is) */
export type ViewDoc = AnyDoc | string;
type Before = { doc: ViewDoc | undefined; rank: number | undefined; gone: boolean };

/**
 * The state at the moment Engine.freeze() was called. Reads the live maps and substitutes, for every doc
 * changed since, the version it had then (kept in `before` by the change itself). Docs deleted since are
 * put back at their place in collection order, so the snapshot lists docs exactly as all() did then.
 */
export class FrozenView {
  private before = new Map<CollectionName, Map<string, Before>>();
  /** per collection: rank of the last doc handed out (changes at or before it no longer matter) */
  private pos = new Map<CollectionName, number>();
  /** per collection: docs deleted (or deleted and re-added) since, that iteration has not reached yet, by rank */
  private gone = new Map<CollectionName, { rank: number; doc: ViewDoc }[]>();

  constructor(
    readonly collections: readonly CollectionName[],
    /** the engine's live docs: a number is a snapshot line not parsed yet, whose text `text` gives */
    private docs: Map<CollectionName, Map<string, AnyDoc | number>>,
    private rank: Map<CollectionName, Map<string, number>>,
    private text: (coll: CollectionName, n: number) => string,
    readonly seqs: Record<string, number>,
    readonly release: () => void,
  ) {
    for (const c of collections) {
      this.before.set(c, new Map());
      this.pos.set(c, 0);
      this.gone.set(c, []);
    }
  }

  /** Called by the engine before it replaces or deletes a doc (old = undefined: the id is new). */
  remember(coll: CollectionName, id: string, old: ViewDoc | undefined, deleting: boolean): void {
    const before = this.before.get(coll)!;
    let b = before.get(id);
    if (!b) {
      const r = old ? this.rank.get(coll)!.get(id) : undefined;
      if (r !== undefined && r <= this.pos.get(coll)!) return; // already written out
      before.set(id, (b = { doc: old, rank: r, gone: false }));
    }
    if (deleting && b.doc && !b.gone && b.rank! > this.pos.get(coll)!) {
      b.gone = true;
      const list = this.gone.get(coll)!;
      let i = list.length;
      while (i > 0 && list[i - 1].rank > b.rank!) i--;
      list.splice(i, 0, { rank: b.rank!, doc: b.doc });
    }
  }

  /** The collection's docs as they were at freeze(), in collection order. Safe while writes go on. */
  *all(coll: CollectionName): Generator<ViewDoc> {
    const before = this.before.get(coll)!;
    const gone = this.gone.get(coll)!;
    const ranks = this.rank.get(coll)!;
    for (const [id, doc] of this.docs.get(coll)!) {
      const r = ranks.get(id)!;
      while (gone.length && gone[0].rank < r) yield this.emit(coll, gone.shift()!);
      const b = before.get(id);
      if (!b) {
        this.pos.set(coll, r);
        yield typeof doc === 'number' ? this.text(coll, doc) : doc;
      } else if (b.doc && b.rank === r) {
        this.pos.set(coll, r);
        yield b.doc; // changed since: the version it had
      } // else: new since, or deleted and re-added (the old one is in `gone`)
    }
    while (gone.length) yield this.emit(coll, gone.shift()!);
    this.pos.set(coll, Number.MAX_SAFE_INTEGER);
    before.clear();
  }

  private emit(coll: CollectionName, g: { rank: number; doc: ViewDoc }): ViewDoc {
    this.pos.set(coll, g.rank);
    return g.doc;
  }
}
