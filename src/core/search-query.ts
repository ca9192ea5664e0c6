// Answering a query from a TextIndex: passes tried in order until one finds something — the exact words
// (cheap and precise), then the last word as an unfinished prefix, then typos too, then any word. Cheaper
// passes first keeps queries in microseconds, and exact matches are never buried under fuzzy ones.
// Scores: per query word, the best of its expansions (factor × idf × the doc's BM25 weight), summed.
import type { TextIndex } from './search-index.ts';
import { W_SCALE } from './search-index.ts';
import { queryTerms } from './search-text.ts';
import { best, scratchFor, single, type Hit, type Scratch, type Term } from './search-topk.ts';
import { maxEdits } from './search-typos.ts';

export type { Hit } from './search-topk.ts';

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

/** The best `limit` docs for `query`, best first (ties: higher rank, rank2, doc number first). */
export function search(index: TextIndex, query: string, limit: number): Hit[] {
  const words = queryTerms(query.slice(0, 300), MAX_TERMS);
  if (!words.length || limit <= 0 || index.size === 0) return [];
  const last = words.length - 1;
  let prev: Expansion[] | undefined;
  for (const pass of PASSES) {
    const exps = words.map((w, i) => expand(index, w, pass.prefix && i === last, pass.fuzzy));
    // a pass that adds nothing to the one before cannot find more (the OR pass can, with several words)
    if (prev && (pass.and || exps.length === 1) && same(prev, exps)) continue;
    prev = exps;
    const hits = exps.length === 1 ? single(index, termsOf(index, exps[0]), limit) : pass.and ? all(index, exps, limit) : any(index, exps, limit);
    if (hits.length) return hits;
  }
  return [];
}

const PASSES = [
  { and: true, prefix: false, fuzzy: false },
  { and: true, prefix: true, fuzzy: false },
  { and: true, prefix: true, fuzzy: true },
  { and: false, prefix: true, fuzzy: true },
];

function termsOf(index: TextIndex, e: Expansion): Term[] {
  const out: Term[] = [];
  for (const [t, f] of e) out.push({ t, k: (f * idf(index, t)) / W_SCALE });
  return out;
}

// Reading a term's postings, segment then tail (ascending docs), in plain loops over local variables: a
// callback per posting, or a counter captured by a closure, was most of the cost of a word in 100k claims.
type Docs = ArrayLike<number>;

/** Every live doc of term t into the candidates (score k × weight, the best per doc) → the new count. */
function gatherInto(index: TextIndex, t: number, k: number, s: Scratch, q: number, n: number): number {
  const { segStart, alive } = index;
  if (t < segStart.length - 1) n = gatherRun(index.segDocs, index.segW, segStart[t], segStart[t + 1], k, alive, s, q, n);
  const td = index.tailDocs[t];
  return td ? gatherRun(td, index.tailW[t]!, 0, td.length, k, alive, s, q, n) : n;
}

function gatherRun(docs: Docs, ws: Docs, from: number, to: number, k: number, alive: Docs, s: Scratch, q: number, n: number): number {
  const { stamp, acc, cand } = s;
  for (let e = from; e < to; e++) {
    const d = docs[e];
    if (!alive[d]) continue;
    const v = k * ws[e];
    if (stamp[d] !== q) {
      stamp[d] = q;
      acc[d] = v;
      cand[n++] = d;
    } else if (v > acc[d]) acc[d] = v;
  }
  return n;
}

/** The best score from term t of each doc already stamped q, into tmp (stamped q2). */
function markInto(index: TextIndex, t: number, k: number, s: Scratch, q: number, q2: number): void {
  const { segStart } = index;
  if (t < segStart.length - 1) markRun(index.segDocs, index.segW, segStart[t], segStart[t + 1], k, s, q, q2);
  const td = index.tailDocs[t];
  if (td) markRun(td, index.tailW[t]!, 0, td.length, k, s, q, q2);
}

function markRun(docs: Docs, ws: Docs, from: number, to: number, k: number, s: Scratch, q: number, q2: number): void {
  const { stamp, stamp2, tmp } = s;
  for (let e = from; e < to; e++) {
    const d = docs[e];
    if (stamp[d] !== q) continue; // not a candidate (a dead doc never is)
    const v = k * ws[e];
    if (stamp2[d] !== q2) {
      stamp2[d] = q2;
      tmp[d] = v;
    } else if (v > tmp[d]) tmp[d] = v;
  }
}

/** Every live doc of term t into tmp (stamped q2; the best per doc), listed in cand2 → the new count. */
function touchInto(index: TextIndex, t: number, k: number, s: Scratch, q2: number, m: number): number {
  const { segStart, alive } = index;
  if (t < segStart.length - 1) m = touchRun(index.segDocs, index.segW, segStart[t], segStart[t + 1], k, alive, s, q2, m);
  const td = index.tailDocs[t];
  return td ? touchRun(td, index.tailW[t]!, 0, td.length, k, alive, s, q2, m) : m;
}

function touchRun(docs: Docs, ws: Docs, from: number, to: number, k: number, alive: Docs, s: Scratch, q2: number, m: number): number {
  const { stamp2, tmp, cand2 } = s;
  for (let e = from; e < to; e++) {
    const d = docs[e];
    if (!alive[d]) continue;
    const v = k * ws[e];
    if (stamp2[d] !== q2) {
      stamp2[d] = q2;
      tmp[d] = v;
      cand2[m++] = d;
    } else if (v > tmp[d]) tmp[d] = v;
  }
  return m;
}

/** Keeps the candidates (ascending) that term t holds, adding k × their weight → how many. */
function intersectInto(index: TextIndex, t: number, k: number, s: Scratch, n: number): number {
  // a doc's postings are all in the segment or all in the tail, and tail docs are newer: one merge does both
  const { segStart } = index;
  X_I = 0;
  X_M = 0;
  if (t < segStart.length - 1) intersectRun(index.segDocs, index.segW, segStart[t], segStart[t + 1], k, s, n);
  const td = index.tailDocs[t];
  if (td) intersectRun(td, index.tailW[t]!, 0, td.length, k, s, n);
  return X_M;
}

// where a merge stopped: the candidate next compared, and how many are kept
let X_I = 0;
let X_M = 0;

function intersectRun(docs: Docs, ws: Docs, from: number, to: number, k: number, s: Scratch, n: number): void {
  const { cand, acc } = s;
  let i = X_I;
  let m = X_M;
  let e = from;
  // far more postings than candidates: skip ahead by doubling steps and a binary search, else step by step
  const gallop = to - from > 8 * (n - i);
  while (i < n && e < to) {
    const a = cand[i];
    const b = docs[e];
    if (b < a) {
      if (!gallop) {
        e++;
        continue;
      }
      let step = 1;
      while (e + step < to && docs[e + step] < a) {
        e += step;
        step *= 2;
      }
      let lo = e + 1;
      let hi = Math.min(e + step, to);
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (docs[mid] < a) lo = mid + 1;
        else hi = mid;
      }
      e = lo;
    } else {
      if (b === a) {
        acc[a] += k * ws[e++];
        cand[m++] = a;
      }
      i++;
    }
  }
  X_I = i;
  X_M = m;
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
  const { acc, stamp2, tmp, cand } = s;
  let n = 0;
  for (const { t, k } of termsOf(index, order[0].e)) n = gatherInto(index, t, k, s, q, n);
  // one term's docs come out ascending (segment, then the tail's newer docs), and filtering keeps the order
  const sorted = order[0].e.size === 1;
  for (let i = 1; i < order.length && n; i++) {
    const { e, cost: c } = order[i];
    const terms = termsOf(index, e);
    let m = 0; // the candidates left, filtered in place
    if (sorted && terms.length === 1) {
      m = intersectInto(index, terms[0].t, terms[0].k, s, n);
    } else if (n * terms.length * 16 < c) {
      // few candidates left: look each up rather than read long postings
      for (let j = 0; j < n; j++) {
        const d = cand[j];
        let top = 0;
        for (const { t, k } of terms) {
          const w = index.weightOf(t, d);
          if (w && k * w > top) top = k * w;
        }
        if (top > 0) {
          acc[d] += top;
          cand[m++] = d;
        }
      }
    } else {
      const q2 = ++s.q;
      for (const { t, k } of terms) markInto(index, t, k, s, q, q2);
      for (let j = 0; j < n; j++) {
        const d = cand[j];
        if (stamp2[d] === q2) {
          acc[d] += tmp[d];
          cand[m++] = d;
        }
      }
    }
    n = m;
  }
  return best(index, cand, n, acc, limit);
}

/** Docs holding any word; more words (and better matches) score higher. */
function any(index: TextIndex, exps: Expansion[], limit: number): Hit[] {
  const s = scratchFor(index);
  const q = ++s.q;
  const { stamp, acc, tmp, cand, cand2: touched } = s;
  let n = 0;
  for (const e of exps) {
    const q2 = ++s.q;
    let m = 0;
    for (const { t, k } of termsOf(index, e)) m = touchInto(index, t, k, s, q2, m);
    for (let j = 0; j < m; j++) {
      const d = touched[j];
      if (stamp[d] !== q) {
        stamp[d] = q;
        acc[d] = tmp[d];
        cand[n++] = d;
      } else acc[d] += tmp[d];
    }
  }
  return best(index, cand, n, acc, limit);
}
