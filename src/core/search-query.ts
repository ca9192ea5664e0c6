// Answering a query from a TextIndex: passes tried in order until one finds something — the exact words
// (cheap and precise), then the last word as an unfinished prefix, then typos too, then any word. Cheaper
// passes first keeps queries in microseconds, and exact matches are never buried under fuzzy ones.
// Scores: per query word, the best of its expansions (factor × idf × the doc's BM25 weight), summed.
import type { TextIndex } from './search-index.ts';
import { W_SCALE } from './search-index.ts';
import { queryTerms } from './search-text.ts';
import { maxEdits } from './search-typos.ts';

// A pasted paragraph is still found by its first words; capping keeps the expansion bounded.
export const MAX_TERMS = 12;
// As MiniSearch weighs them: a prefix or typo match counts less than the word itself, the more so the
// further it is.
const PREFIX_W = 0.375;
const FUZZY_W = 0.45;
// A 3-letter prefix may start thousands of words: the commonest of them are the likely meaning.
const MAX_PREFIX_TERMS = 48;

/** A query word's expansions: term ids and their factors (exact 1, prefix and typos less). */
type Expansion = Map<number, number>;

export interface Hit {
  doc: number;
  score: number;
}

interface Scratch {
  stamp: Uint32Array;
  acc: Float64Array;
  stamp2: Uint32Array;
  tmp: Float64Array;
  q: number;
}
const scratches = new WeakMap<TextIndex, Scratch>();

function scratchFor(index: TextIndex): Scratch {
  const n = index.ids.length;
  let s = scratches.get(index);
  if (!s || s.stamp.length < n) {
    const cap = Math.max(1024, n * 2);
    s = { stamp: new Uint32Array(cap), acc: new Float64Array(cap), stamp2: new Uint32Array(cap), tmp: new Float64Array(cap), q: 0 };
    scratches.set(index, s);
  }
  if (s.q > 0xfffffff0) {
    s.stamp.fill(0);
    s.stamp2.fill(0);
    s.q = 0;
  }
  return s;
}

/** The best `limit` docs for `query`, best first (ties: higher rank, rank2, doc number first). */
export function search(index: TextIndex, query: string, limit: number): Hit[] {
  const words = queryTerms(query.slice(0, 300), MAX_TERMS);
  if (!words.length || limit <= 0 || index.size === 0) return [];
  const last = words.length - 1;
  let prev: Expansion[] | undefined;
  for (const pass of [
    { and: true, prefix: false, fuzzy: false },
    { and: true, prefix: true, fuzzy: false },
    { and: true, prefix: true, fuzzy: true },
    { and: false, prefix: true, fuzzy: true },
  ]) {
    const exps = words.map((w, i) => expand(index, w, pass.prefix && i === last, pass.fuzzy));
    // a pass that adds nothing to the one before cannot find more (the OR pass can, with several words)
    if (prev && (pass.and || exps.length === 1) && same(prev, exps)) continue;
    prev = exps;
    const hits = pass.and ? all(index, exps, limit) : any(index, exps, limit);
    if (hits.length) return hits;
  }
  return [];
}

function same(a: Expansion[], b: Expansion[]): boolean {
  return a.every((e, i) => e.size === b[i].size);
}

function expand(index: TextIndex, word: string, prefix: boolean, fuzzy: boolean): Expansion {
  const out: Expansion = new Map();
  const exact = index.termOf(word);
  if (exact !== undefined) out.set(exact, 1);
  const offer = (t: number, f: number) => {
    if ((out.get(t) ?? 0) < f) out.set(t, f);
  };
  if (prefix && word.length >= 3) {
    const found: number[] = [];
    index.withPrefix(word, (t) => void (t !== exact && found.push(t)));
    if (found.length > MAX_PREFIX_TERMS) found.sort((x, y) => index.df(y) - index.df(x)).length = MAX_PREFIX_TERMS;
    for (const t of found) {
      const len = index.terms[t].length;
      offer(t, (PREFIX_W * len) / (len + 0.3 * (len - word.length)));
    }
  }
  if (fuzzy && maxEdits(word.length) > 0) {
    index.typos.near(word, index.terms, (t, d) => {
      if (d > 0) offer(t, (FUZZY_W * word.length) / (word.length + d));
    });
  }
  return out;
}

function idf(index: TextIndex, t: number): number {
  const n = index.df(t);
  const N = Math.max(index.size, n);
  return Math.log(1 + (N - n + 0.5) / (n + 0.5));
}

function cost(index: TextIndex, e: Expansion): number {
  let n = 0;
  for (const t of e.keys()) n += index.df(t);
  return n;
}

/** Docs holding every word (some expansion of it). */
function all(index: TextIndex, exps: Expansion[], limit: number): Hit[] {
  if (exps.some((e) => e.size === 0)) return [];
  const s = scratchFor(index);
  const order = exps.map((e) => ({ e, cost: cost(index, e) })).sort((a, b) => a.cost - b.cost);
  const q = ++s.q;
  const { stamp, acc } = s;
  let cand: number[] = [];
  for (const [t, f] of order[0].e) {
    const k = (f * idf(index, t)) / W_SCALE;
    index.postings(t, (d, w) => {
      const v = k * w;
      if (stamp[d] !== q) {
        stamp[d] = q;
        acc[d] = v;
        cand.push(d);
      } else if (v > acc[d]) acc[d] = v;
    });
  }
  for (let i = 1; i < order.length && cand.length; i++) {
    const { e, cost: c } = order[i];
    const terms = [...e].map(([t, f]) => ({ t, k: (f * idf(index, t)) / W_SCALE }));
    const next: number[] = [];
    if (cand.length * terms.length * 16 < c) {
      // few candidates left: look each up rather than read long postings
      for (const d of cand) {
        let best = 0;
        for (const { t, k } of terms) {
          const w = index.weightOf(t, d);
          if (w && k * w > best) best = k * w;
        }
        if (best > 0) {
          acc[d] += best;
          next.push(d);
        }
      }
    } else {
      const q2 = ++s.q;
      const { stamp2, tmp } = s;
      for (const { t, k } of terms) {
        index.postings(t, (d, w) => {
          if (stamp[d] !== q) return;
          const v = k * w;
          if (stamp2[d] !== q2) {
            stamp2[d] = q2;
            tmp[d] = v;
          } else if (v > tmp[d]) tmp[d] = v;
        });
      }
      for (const d of cand) {
        if (stamp2[d] === q2) {
          acc[d] += tmp[d];
          next.push(d);
        }
      }
    }
    cand = next;
  }
  return top(index, cand, acc, limit);
}

/** Docs holding any word; more words (and better matches) score higher. */
function any(index: TextIndex, exps: Expansion[], limit: number): Hit[] {
  const s = scratchFor(index);
  const q = ++s.q;
  const { stamp, acc, stamp2, tmp } = s;
  const cand: number[] = [];
  for (const e of exps) {
    const q2 = ++s.q;
    const touched: number[] = [];
    for (const [t, f] of e) {
      const k = (f * idf(index, t)) / W_SCALE;
      index.postings(t, (d, w) => {
        const v = k * w;
        if (stamp2[d] !== q2) {
          stamp2[d] = q2;
          tmp[d] = v;
          touched.push(d);
        } else if (v > tmp[d]) tmp[d] = v;
      });
    }
    for (const d of touched) {
      if (stamp[d] !== q) {
        stamp[d] = q;
        acc[d] = tmp[d];
        cand.push(d);
      } else acc[d] += tmp[d];
    }
  }
  return top(index, cand, acc, limit);
}

// The order of docs, by module-level arrays rather than a closure per query (closures made per call cost more
// than the comparisons here): score, then rank, rank2 and doc number, higher first.
let SCORE: Float64Array = new Float64Array(0);
let RANK: Float64Array = new Float64Array(0);
let RANK2: Float64Array = new Float64Array(0);
function order(a: number, b: number): number {
  return SCORE[b] - SCORE[a] || RANK[b] - RANK[a] || RANK2[b] - RANK2[a] || b - a;
}

/** The best `limit` of cand: a bounded heap, so a word in half the ledger costs no sort of half the ledger. */
function top(index: TextIndex, cand: number[], acc: Float64Array, limit: number): Hit[] {
  SCORE = acc;
  RANK = index.ranks;
  RANK2 = index.ranks2;
  let best: number[];
  if (cand.length <= limit * 4) {
    best = cand.sort(order).slice(0, limit);
  } else {
    // min-heap of the best so far: heap[0] is the worst of them
    const heap: number[] = [];
    for (const d of cand) {
      if (heap.length < limit) {
        heap.push(d);
        for (let i = heap.length - 1; i > 0; ) {
          const p = (i - 1) >> 1;
          if (order(heap[p], heap[i]) >= 0) break; // the parent is already the worse
          [heap[i], heap[p]] = [heap[p], heap[i]];
          i = p;
        }
      } else if (acc[d] >= acc[heap[0]] && order(d, heap[0]) < 0) { // most fall short on the score alone
        heap[0] = d;
        siftDown(heap, 0);
      }
    }
    best = heap.sort(order);
  }
  return best.map((doc) => ({ doc, score: acc[doc] }));
}

function siftDown(heap: number[], i: number): void {
  for (;;) {
    const l = 2 * i + 1;
    const r = l + 1;
    let w = i;
    if (l < heap.length && order(heap[w], heap[l]) < 0) w = l;
    if (r < heap.length && order(heap[w], heap[r]) < 0) w = r;
    if (w === i) return;
    [heap[i], heap[w]] = [heap[w], heap[i]];
    i = w;
  }
}
