// The best `limit` docs without reading every posting: the scratch arrays a query accumulates scores in, the
// one-word answer that stops early, and the final selection of the best (a bounded heap, never a full sort).
//
// One word (with its prefix and typo expansions) scores a doc by the best of its matches, factor × idf × weight.
// Its terms are read best bound first; a long term only as far as its top list (search-top.ts) has `limit`
// live entries; any entry, or whole term, that scores below the `limit`-th best seen so far is skipped. Exact:
// a long term's first `limit` live entries are `limit` distinct docs at least as good as its last one read, so
// whatever it holds beyond cannot make the answer; and a score below the running `limit`-th cannot either.
import type { TextIndex } from './search-index.ts';
import { TOP_N } from './search-top.ts';

export interface Hit {
  doc: number;
  score: number;
}

/** Per index: scores by doc, and stamps telling which query wrote them (no clearing between queries). */
export interface Scratch {
  stamp: Uint32Array;
  acc: Float64Array;
  stamp2: Uint32Array;
  tmp: Float64Array;
  cand: Int32Array;
  cand2: Int32Array;
  q: number;
}
const scratches = new WeakMap<TextIndex, Scratch>();

export function scratchFor(index: TextIndex): Scratch {
  const n = index.ids.length;
  let s = scratches.get(index);
  if (!s || s.stamp.length < n) {
    const cap = Math.max(1024, n * 2);
    s = { stamp: new Uint32Array(cap), acc: new Float64Array(cap), stamp2: new Uint32Array(cap), tmp: new Float64Array(cap), cand: new Int32Array(cap), cand2: new Int32Array(cap), q: 0 };
    scratches.set(index, s);
  }
  if (s.q > 0xfffffff0) {
    s.stamp.fill(0);
    s.stamp2.fill(0);
    s.q = 0;
  }
  return s;
}

/** One query word's terms with their multipliers (factor × idf / weight scale). */
export interface Term {
  t: number;
  k: number;
}

// a lower bound of the `limit`-th best score so far: a min-heap of the first score of `limit` distinct docs
let TH = new Float64Array(128);
let thN = 0;
let thCap = 0;
function thPush(v: number): void {
  if (thN < thCap) {
    let i = thN++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (TH[p] <= v) break;
      TH[i] = TH[p];
      i = p;
    }
    TH[i] = v;
  } else if (v > TH[0]) {
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= thN) break;
      const c = l + 1 < thN && TH[l + 1] < TH[l] ? l + 1 : l;
      if (TH[c] >= v) break;
      TH[i] = TH[c];
      i = c;
    }
    TH[i] = v;
  }
}
const theta = () => (thN === thCap ? TH[0] : -Infinity);

/** The best `limit` docs for one word's terms (the best of its matches per doc). */
export function single(index: TextIndex, terms: Term[], limit: number): Hit[] {
  if (terms.length === 1) {
    const hits = fromTop(index, terms[0], limit);
    if (hits) return hits;
  }
  const s = scratchFor(index);
  const q = ++s.q;
  const { stamp, acc, cand } = s;
  const { segStart, segDocs, segW, top, alive, tailDocs, tailW, tailMax } = index;
  const S = segStart.length - 1;
  if (TH.length < limit) TH = new Float64Array(limit);
  thN = 0;
  thCap = limit;
  let n = 0;
  const visit = (d: number, v: number) => {
    if (stamp[d] !== q) {
      stamp[d] = q;
      acc[d] = v;
      cand[n++] = d;
      thPush(v);
    } else if (v > acc[d]) acc[d] = v;
  };
  const bound = (x: Term) => x.k * Math.max(x.t < S ? top.max[x.t] : 0, tailMax[x.t] ?? 0);
  const order = terms.map((x) => ({ ...x, b: bound(x) })).sort((a, b) => b.b - a.b);
  for (const { t, k, b } of order) {
    if (b < theta()) break; // the rest are bounded lower still
    let whole = t < S;
    if (t < S && top.start[t + 1] > top.start[t] && limit <= TOP_N) {
      let live = 0;
      let e = top.start[t];
      const end = top.start[t + 1];
      for (; e < end && live < limit; e++) {
        const d = top.docs[e];
        if (!alive[d]) continue;
        const v = k * top.weights[e];
        if (v < theta()) break;
        live++;
        visit(d, v);
      }
      whole = live < limit && e === end; // edits left too few live entries: read the term whole
    }
    if (whole) {
      for (let e = segStart[t], end = segStart[t + 1]; e < end; e++) {
        const d = segDocs[e];
        if (!alive[d]) continue;
        const v = k * segW[e];
        if (v >= theta()) visit(d, v);
      }
    }
    const td = tailDocs[t];
    if (td && k * tailMax[t] >= theta()) {
      const tw = tailW[t]!;
      for (let e = 0; e < td.length; e++) if (alive[td[e]] && k * tw[e] >= theta()) visit(td[e], k * tw[e]);
    }
  }
  return best(index, cand, n, acc, limit);
}

/**
 * One term alone (the exact pass of a one-word query: most queries): its top list is already in the answer's
 * order, so the answer is its first `limit` live entries, merged with the term's few tail entries. No scratch
 * array is touched and nothing is sorted but the tail: at a million claims those per-doc reads, cache misses
 * all, were most of a query. → undefined when the list cannot tell (too few live entries left by edits).
 */
function fromTop(index: TextIndex, { t, k }: Term, limit: number): Hit[] | undefined {
  const { segStart, top, alive, tailDocs, tailW } = index;
  if (t >= segStart.length - 1 || limit > TOP_N) return undefined;
  const from = top.start[t];
  const end = top.start[t + 1];
  if (end === from) return undefined;
  const hits: Hit[] = [];
  let e = from;
  for (; e < end && hits.length < limit; e++) {
    const d = top.docs[e];
    if (alive[d]) hits.push({ doc: d, score: k * top.weights[e] });
  }
  // fewer than `limit` live: the answer only if the list holds the whole term (else read it whole)
  if (hits.length < limit && end - from !== segStart[t + 1] - segStart[t]) return undefined;
  const td = tailDocs[t];
  if (!td?.length) return hits;
  const tw = tailW[t]!;
  const floor = hits.length === limit ? hits[limit - 1].score : -Infinity;
  for (let j = 0; j < td.length; j++) if (alive[td[j]] && k * tw[j] >= floor) hits.push({ doc: td[j], score: k * tw[j] });
  const { ranks, ranks2 } = index;
  hits.sort((a, b) => b.score - a.score || ranks[b.doc] - ranks[a.doc] || ranks2[b.doc] - ranks2[a.doc] || b.doc - a.doc);
  return hits.length > limit ? hits.slice(0, limit) : hits;
}

// The order of docs, by module-level arrays rather than a closure per query (closures made per call cost more
// than the comparisons here): score, then rank, rank2 and doc number, higher first.
let SCORE: Float64Array = new Float64Array(0);
let RANK: ArrayLike<number> = [];
let RANK2: ArrayLike<number> = [];
function order(a: number, b: number): number {
  return SCORE[b] - SCORE[a] || RANK[b] - RANK[a] || RANK2[b] - RANK2[a] || b - a;
}

let HEAP = new Int32Array(128);

/** The best `limit` of cand[0 … n): a bounded heap, so a word in half the ledger costs no sort of half the ledger. */
export function best(index: TextIndex, cand: Int32Array, n: number, acc: Float64Array, limit: number): Hit[] {
  SCORE = acc;
  RANK = index.ranks;
  RANK2 = index.ranks2;
  let out: ArrayLike<number>;
  if (n <= limit * 4) {
    out = cand.subarray(0, n).sort(order).subarray(0, limit); // cand is scratch: sorted in place
  } else {
    // min-heap of the best so far: heap[0] is the worst of them (a scratch array: no allocation per query)
    if (HEAP.length < limit) HEAP = new Int32Array(limit);
    const heap = HEAP;
    heap.set(cand.subarray(0, limit));
    for (let i = (limit >> 1) - 1; i >= 0; i--) siftDown(heap, i, limit);
    for (let j = limit; j < n; j++) {
      const d = cand[j];
      if (acc[d] >= acc[heap[0]] && order(d, heap[0]) < 0) { // most fall short on the score alone
        heap[0] = d;
        siftDown(heap, 0, limit);
      }
    }
    out = heap.subarray(0, limit).sort(order);
  }
  const hits: Hit[] = new Array(out.length);
  for (let i = 0; i < out.length; i++) hits[i] = { doc: out[i], score: acc[out[i]] };
  return hits;
}

function siftDown(heap: Int32Array, i: number, n: number): void {
  for (;;) {
    const l = 2 * i + 1;
    const r = l + 1;
    let w = i;
    if (l < n && order(heap[w], heap[l]) < 0) w = l;
    if (r < n && order(heap[w], heap[r]) < 0) w = r;
    if (w === i) return;
    const x = heap[i];
    heap[i] = heap[w];
    heap[w] = x;
    i = w;
  }
}
