// An inverted index over documents of a few weighted text fields: term → the docs holding it (ascending doc
// numbers) with a precomputed weight (BM25 per field, summed with the field boosts). Built as one compact
// segment (typed arrays; what search-file.ts saves and maps back), then kept up to date by a small
// per-term tail: a changed doc gets a new number (appended, so postings stay sorted) and its old one is
// marked dead. Doc numbers are never reused; a fresh build compacts.
import { DocIds, IdTable } from './search-ids.ts';
import { sortTerms, sortTermsInSteps } from './search-sort.ts';
import { forEachTerm } from './search-text.ts';
import { buildTopLists, emptyTop, type TopLists } from './search-top.ts';
import { TypoIndex, type TypoTable } from './search-typos.ts';

export interface Field {
  boost: number;
  /** a typical length in words, for BM25's length normalisation (a constant, so a doc's weight is its own) */
  avgLen: number;
}

const K1 = 1.2;
const B = 0.7;
/** weights are stored as fixed point: 1/1024 resolution, up to 64 */
export const W_SCALE = 1024;

/** What is kept per doc, besides its postings. */
export interface DocMeta {
  id: string;
  /** the store's version of the doc and a hash of what was indexed: how a saved index tells it is stale */
  version: number;
  hash: number;
  /** tie-breaks at equal scores, higher first (claims: creation time, then number) */
  rank: number;
  rank2: number;
}

/** The compact part of an index: what is saved, and what a load restores. */
export interface Segment {
  terms: string[];
  /** postings of term t: docs[termStart[t] … termStart[t+1]) */
  termStart: Uint32Array;
  docs: Uint32Array;
  weights: Uint16Array;
  /** per doc: its claim number, or 0 for an id of `other` (the next, in doc order) */
  ids: { nums: Uint32Array; other: string[] };
  versions: Uint32Array;
  hashes: Uint32Array;
  ranks: Float64Array;
  ranks2: Float64Array;
  alive: Uint8Array;
  typos: TypoTable;
  /** postings added after the segment was built: (term, doc, weight) triples, each term's docs ascending */
  tail: { terms: Uint32Array; docs: Uint32Array; weights: Uint16Array };
  /** term ids sorted by term */
  sorted: Uint32Array;
  top: TopLists;
}

function grow<T extends Uint8Array<ArrayBufferLike> | Uint16Array<ArrayBufferLike> | Uint32Array<ArrayBufferLike> | Int32Array<ArrayBufferLike> | Float64Array<ArrayBufferLike>>(a: T, need: number): T {
  if (need <= a.length) return a;
  const b = new (a.constructor as new (n: number) => T)(Math.max(need, a.length * 2, 64));
  b.set(a);
  return b;
}

export class TextIndex {
  terms: string[] = [];
  private termIds = new Map<string, number>();
  // the segment: postings of terms < segStart.length - 1 (read directly by search-query.ts and search-topk.ts)
  segStart: Uint32Array<ArrayBufferLike> = new Uint32Array(1);
  segDocs: Uint32Array<ArrayBufferLike> = new Uint32Array(0);
  segW: Uint16Array<ArrayBufferLike> = new Uint16Array(0);
  top: TopLists = emptyTop();
  // the tail: postings added since, per term, and their highest weight
  tailDocs: (number[] | undefined)[] = [];
  tailW: (number[] | undefined)[] = [];
  tailMax: number[] = [];
  // while building (before seal()), postings go to these growable arrays instead: one triple per posting
  private building: { term: Uint32Array<ArrayBufferLike>; doc: Uint32Array<ArrayBufferLike>; w: Uint16Array<ArrayBufferLike>; n: number } | undefined;
  // per doc
  ids = new DocIds();
  versions: Uint32Array<ArrayBufferLike> = new Uint32Array(0);
  hashes: Uint32Array<ArrayBufferLike> = new Uint32Array(0);
  ranks: Float64Array<ArrayBufferLike> = new Float64Array(0);
  ranks2: Float64Array<ArrayBufferLike> = new Float64Array(0);
  alive: Uint8Array<ArrayBufferLike> = new Uint8Array(0);
  private byId = new IdTable();
  private live = 0;
  private dead = 0;
  typos = new TypoIndex();
  // term ids sorted by term, for prefixes; terms added after the segment are kept sorted apart
  private sorted: ArrayLike<number> = [];
  private sortedTail: number[] = []; // merged into the sorted list by the next save
  // per-doc scratch: which terms a doc has, and how often in each field
  private slot: Int32Array<ArrayBufferLike> = new Int32Array(0);
  private slotOf: Uint32Array<ArrayBufferLike> = new Uint32Array(0);
  private docStamp = 0;
  private local: number[] = [];
  private tf: number[] = [];
  private lens: number[] = [];

  /** `expect`: about how many postings the build will make (growing 100 MB arrays by doubling is a long pause). */
  constructor(
    private fields: readonly Field[],
    expect = 1024,
  ) {
    const n = Math.min(Math.max(1024, Math.round(expect)), 1 << 27);
    this.building = { term: new Uint32Array(n), doc: new Uint32Array(n), w: new Uint16Array(n), n: 0 };
  }

  get size(): number {
    return this.live;
  }

  /** The live doc number of an id. */
  docOf(id: string): number | undefined {
    return this.byId.get(id);
  }

  meta(id: string): { version: number; hash: number } | undefined {
    const d = this.byId.get(id);
    return d === undefined ? undefined : { version: this.versions[d], hash: this.hashes[d] };
  }

  /** Indexes a doc (replacing any doc of that id): `texts` holds one string per field. */
  add(m: DocMeta, texts: readonly string[]): void {
    this.remove(m.id);
    const d = this.ids.length;
    this.ids.push(m.id);
    this.versions = grow(this.versions, d + 1);
    this.hashes = grow(this.hashes, d + 1);
    this.ranks = grow(this.ranks, d + 1);
    this.ranks2 = grow(this.ranks2, d + 1);
    this.alive = grow(this.alive, d + 1);
    this.versions[d] = m.version;
    this.hashes[d] = m.hash;
    this.ranks[d] = m.rank;
    this.ranks2[d] = m.rank2;
    this.alive[d] = 1;
    this.byId.set(m.id, d);
    this.live++;
    // count each term's occurrences per field
    const F = this.fields.length;
    const stamp = ++this.docStamp;
    const local = this.local;
    const tf = this.tf;
    const lens = this.lens;
    local.length = tf.length = lens.length = 0;
    for (let f = 0; f < F; f++) {
      lens.push(
        forEachTerm(texts[f] ?? '', (t) => {
          const id = this.termId(t);
          if (this.slotOf[id] !== stamp) {
            this.slotOf[id] = stamp;
            this.slot[id] = local.length;
            local.push(id);
            for (let k = 0; k < F; k++) tf.push(0);
          }
          tf[this.slot[id] * F + f]++;
        }),
      );
    }
    for (let k = 0; k < local.length; k++) {
      let w = 0;
      for (let f = 0; f < F; f++) {
        const n = tf[k * F + f];
        if (!n) continue;
        const { boost, avgLen } = this.fields[f];
        w += (boost * n * (K1 + 1)) / (n + K1 * (1 - B + (B * lens[f]) / avgLen));
      }
      this.post(local[k], d, Math.max(1, Math.min(65535, Math.round(w * W_SCALE))));
    }
  }

  remove(id: string): boolean {
    const d = this.byId.get(id);
    if (d === undefined) return false;
    this.byId.delete(id);
    this.alive[d] = 0;
    this.live--;
    this.dead++;
    return true;
  }

  /** Ends the build: the postings so far become the compact segment. */
  seal(): void {
    for (const _ of this.sealing());
  }

  /** The same in steps: yields every ~quarter million postings or few thousand terms (see LedgerSearch.slice). */
  *sealing(): Generator<void, void> {
    const b = this.building;
    if (!b) return;
    const T = this.terms.length;
    const STEP = 1 << 18;
    const start = new Uint32Array(T + 1);
    for (let k = 0; k < b.n; k++) {
      start[b.term[k] + 1]++;
      if ((k & (STEP - 1)) === STEP - 1) yield;
    }
    for (let t = 0; t < T; t++) start[t + 1] += start[t];
    const fill = start.slice(0, T);
    const docs = new Uint32Array(b.n);
    const weights = new Uint16Array(b.n);
    yield;
    // triples are in doc order, so each term's docs come out ascending
    for (let k = 0; k < b.n; k++) {
      const at = fill[b.term[k]]++;
      docs[at] = b.doc[k];
      weights[at] = b.w[k];
      if ((k & (STEP - 1)) === STEP - 1) yield;
    }
    const top = yield* buildTopLists(start, docs, weights, this.ranks, this.ranks2, this.alive);
    const sorted = yield* sortTermsInSteps(this.terms);
    const typos = yield* TypoIndex.building(this.terms);
    // only now, all at once: nothing may be added between the steps (the caller holds commits back meanwhile)
    this.building = undefined;
    this.segStart = start;
    this.segDocs = docs;
    this.segW = weights;
    this.top = top;
    this.sorted = sorted;
    this.typos = typos;
  }

  get sealed(): boolean {
    return this.building === undefined;
  }

  /** Restores a saved segment (the index is then sealed). */
  static fromSegment(fields: readonly Field[], s: Segment): TextIndex {
    const x = new TextIndex(fields);
    x.building = undefined;
    x.terms = s.terms;
    for (let t = 0; t < s.terms.length; t++) x.termIds.set(s.terms[t], t);
    x.segStart = s.termStart;
    x.segDocs = s.docs;
    x.segW = s.weights;
    x.top = s.top;
    x.ids = new DocIds(s.ids.nums, s.ids.nums.length, s.ids.other);
    x.versions = s.versions;
    x.hashes = s.hashes;
    x.ranks = s.ranks;
    x.ranks2 = s.ranks2;
    x.alive = s.alive;
    for (let d = 0; d < x.ids.length; d++) {
      if (s.alive[d] && !x.byId.setNum(x.ids.num(d) || -1, d)) x.byId.set(x.ids.at(d), d);
      else x.dead++;
    }
    x.live = x.byId.size;
    x.sorted = s.sorted;
    x.typos = TypoIndex.fromTable(s.typos);
    const { terms, docs, weights } = s.tail;
    for (let k = 0; k < terms.length; k++) x.toTail(terms[k], docs[k], weights[k]);
    x.slot = new Int32Array(s.terms.length + 64);
    x.slotOf = new Uint32Array(s.terms.length + 64);
    return x;
  }

  /**
   * The index as saved: the segment shared (it never changes), the rest copied, since later commits change it.
   * Only once the build is sealed.
   */
  segment(): Segment | undefined {
    if (!this.sealed) return undefined;
    const n = this.ids.length;
    const tail = { terms: [] as number[], docs: [] as number[], weights: [] as number[] };
    for (let t = 0; t < this.tailDocs.length; t++) {
      const td = this.tailDocs[t];
      if (!td) continue;
      const tw = this.tailW[t]!;
      for (let k = 0; k < td.length; k++) {
        tail.terms.push(t);
        tail.docs.push(td[k]);
        tail.weights.push(tw[k]);
      }
    }
    return {
      terms: this.terms.slice(),
      termStart: this.segStart,
      docs: this.segDocs,
      weights: this.segW,
      ids: this.ids.saved(),
      versions: this.versions.slice(0, n),
      hashes: this.hashes.slice(0, n),
      ranks: this.ranks.slice(0, n),
      ranks2: this.ranks2.slice(0, n),
      alive: this.alive.slice(0, n),
      typos: this.typos.table(this.terms),
      tail: { terms: Uint32Array.from(tail.terms), docs: Uint32Array.from(tail.docs), weights: Uint16Array.from(tail.weights) },
      sorted: this.sortedTail.length ? sortTerms(this.terms) : Uint32Array.from(this.sorted),
      top: this.top,
    };
  }

  /** A status change: nothing searchable moved, but the saved index should know the doc's new version. */
  touch(id: string, version: number): void {
    const d = this.byId.get(id);
    if (d !== undefined) this.versions[d] = version;
  }

  termOf(t: string): number | undefined {
    return this.termIds.get(t);
  }

  /** How many docs (dead included) hold term t. */
  df(t: number): number {
    const seg = t < this.segStart.length - 1 ? this.segStart[t + 1] - this.segStart[t] : 0;
    return seg + (this.tailDocs[t]?.length ?? 0);
  }

  /** The weight of doc in term t's postings, or 0 (binary search: for checking a few candidates). */
  weightOf(t: number, doc: number): number {
    if (t < this.segStart.length - 1) {
      let lo = this.segStart[t];
      let hi = this.segStart[t + 1] - 1;
      const docs = this.segDocs;
      while (lo <= hi) {
        const mid = (lo + hi) >>> 1;
        const v = docs[mid];
        if (v === doc) return this.segW[mid];
        if (v < doc) lo = mid + 1;
        else hi = mid - 1;
      }
    }
    const td = this.tailDocs[t];
    if (!td) return 0;
    let lo = 0;
    let hi = td.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if (td[mid] === doc) return this.tailW[t]![mid];
      if (td[mid] < doc) lo = mid + 1;
      else hi = mid - 1;
    }
    return 0;
  }

  /** Term ids starting with `prefix` (the term itself included). */
  withPrefix(prefix: string, fn: (t: number) => void): void {
    for (const list of [this.sorted, this.sortedTail]) {
      let lo = 0;
      let hi = list.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (this.terms[list[mid]] < prefix) lo = mid + 1;
        else hi = mid;
      }
      for (let k = lo; k < list.length && this.terms[list[k]].startsWith(prefix); k++) fn(list[k]);
    }
  }

  private termId(t: string): number {
    let id = this.termIds.get(t);
    if (id !== undefined) return id;
    id = this.terms.length;
    this.terms.push(t);
    this.termIds.set(t, id);
    this.slot = grow(this.slot, id + 1);
    this.slotOf = grow(this.slotOf, id + 1);
    if (this.sealed) {
      this.typos.add(id, t);
      let lo = 0;
      let hi = this.sortedTail.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (this.terms[this.sortedTail[mid]] < t) lo = mid + 1;
        else hi = mid;
      }
      this.sortedTail.splice(lo, 0, id);
    }
    return id;
  }

  private post(t: number, doc: number, w: number): void {
    const b = this.building;
    if (b) {
      if (b.n === b.doc.length) {
        b.term = grow(b.term, b.n + 1);
        b.doc = grow(b.doc, b.n + 1);
        b.w = grow(b.w, b.n + 1);
      }
      b.term[b.n] = t;
      b.doc[b.n] = doc;
      b.w[b.n++] = w;
      return;
    }
    this.toTail(t, doc, w);
  }

  private toTail(t: number, doc: number, w: number): void {
    (this.tailDocs[t] ??= []).push(doc);
    (this.tailW[t] ??= []).push(w);
    if (!(this.tailMax[t] >= w)) this.tailMax[t] = w;
  }
}
