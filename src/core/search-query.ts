// Answering a query from a TextIndex: passes tried in order until one finds something — the exact words
// (cheap and precise), then the last word as an unfinished prefix, then typos too, then any word. Cheaper
// passes first keeps queries in microseconds, and exact matches are never buried under fuzzy ones.
// Scores: per query word, the best of its expansions (factor × idf × the doc's BM25 weight), summed.
import type { TextIndex } from './search-index.ts';
import { W_SCALE } from './search-index.ts';
import { queryTerms } from './search-text.ts';
import { best, scratchFor, single, type Hit, type Term } from './search-topk.ts';
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

/** Calls `visit` for each live doc of term t with k × its weight (segment, then tail: ascending docs). */
function gather(index: TextIndex, t: number, k: number, visit: (d: number, v: number) => void): void {
  const { segStart, segDocs, segW, alive } = index;
  if (t < segStart.length - 1) {
    for (let e = segStart[t], end = segStart[t + 1]; e < end; e++) if (alive[segDocs[e]]) visit(segDocs[e], k * segW[e]);
  }
  const td = index.tailDocs[t];
  if (td) {
    const tw = index.tailW[t]!;
    for (let e = 0; e < td.length; e++) if (alive[td[e]]) visit(td[e], k * tw[e]);
  }
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
  const { stamp, acc, stamp2, tmp, cand } = s;
  let n = 0;
  const first = (d: number, v: number) => {
    if (stamp[d] !== q) {
      stamp[d] = q;
      acc[d] = v;
      cand[n++] = d;
    } else if (v > acc[d]) acc[d] = v;
  };
  for (const { t, k } of termsOf(index, order[0].e)) gather(index, t, k, first);
  for (let i = 1; i < order.length && n; i++) {
    const { e, cost: c } = order[i];
    const terms = termsOf(index, e);
    let m = 0; // the candidates left, filtered in place
    if (n * terms.length * 16 < c) {
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
      const mark = (d: number, v: number) => {
        if (stamp[d] !== q) return;
        if (stamp2[d] !== q2) {
          stamp2[d] = q2;
          tmp[d] = v;
        } else if (v > tmp[d]) tmp[d] = v;
      };
      for (const { t, k } of terms) gather(index, t, k, mark);
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
  const { stamp, acc, stamp2, tmp, cand, cand2: touched } = s;
  let n = 0;
  for (const e of exps) {
    const q2 = ++s.q;
    let m = 0;
    const mark = (d: number, v: number) => {
      if (stamp2[d] !== q2) {
        stamp2[d] = q2;
        tmp[d] = v;
        touched[m++] = d;
      } else if (v > tmp[d]) tmp[d] = v;
    };
    for (const { t, k } of termsOf(index, e)) gather(index, t, k, mark);
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
