// Per long term, its best postings in score order, made when the segment is sealed (and saved with it).
// A one-word query then reads the first `limit` live entries of each long term it expands to instead of its
// whole posting list: a word in half a million claims costs a hundred reads, not half a million
// (search-topk.ts). Within one term every doc's score is the same factor × its weight, so the order here —
// weight, then newer (rank, rank2), then higher doc number — is exactly the order of the answer.

/** Entries kept per long term: at least the largest limit a command asks for (100), with room for edits. */
export const TOP_N = 256;
/**
 * Terms with more postings than this get a list: shorter ones are the answer whole. Longer ones, even of a few
 * hundred postings, are cheaper read from a list in order than gathered and sorted: at a million claims every
 * posting read whole is a cache miss or three (the doc's scratch score, stamp and rank), a list entry one.
 */
export const TOP_MIN = 100;

export interface TopLists {
  /** the list of segment term t: docs[start[t] … start[t+1]), best first; empty for short terms */
  start: Uint32Array;
  docs: Uint32Array;
  weights: Uint16Array;
  /** per segment term, its highest weight: a bound that lets a query skip a term that cannot make the top */
  max: Uint16Array;
}

export const emptyTop = (): TopLists => ({ start: new Uint32Array(1), docs: new Uint32Array(0), weights: new Uint16Array(0), max: new Uint16Array(0) });

/** Builds the lists from a sealed segment, yielding every ~quarter million postings read. */
export function* buildTopLists(
  start: Uint32Array,
  docs: Uint32Array,
  weights: Uint16Array,
  ranks: ArrayLike<number>,
  ranks2: ArrayLike<number>,
  alive: ArrayLike<number>,
): Generator<void, TopLists> {
  const T = start.length - 1;
  const max = new Uint16Array(T);
  let room = 0;
  for (let t = 0; t < T; t++) if (start[t + 1] - start[t] > TOP_MIN) room += Math.min(TOP_N, start[t + 1] - start[t]);
  const out = { start: new Uint32Array(T + 1), docs: new Uint32Array(room), weights: new Uint16Array(room), max };
  // min-heap of posting positions: heap[0] is the worst of the best so far
  const heap = new Int32Array(TOP_N);
  // a before b in the answer's order
  const better = (a: number, b: number) =>
    weights[a] !== weights[b] ? weights[a] > weights[b] : ranks[docs[a]] !== ranks[docs[b]] ? ranks[docs[a]] > ranks[docs[b]] : ranks2[docs[a]] !== ranks2[docs[b]] ? ranks2[docs[a]] > ranks2[docs[b]] : docs[a] > docs[b];
  const down = (i: number, n: number) => {
    for (;;) {
      const l = 2 * i + 1;
      let w = i;
      if (l < n && better(heap[w], heap[l])) w = l;
      if (l + 1 < n && better(heap[w], heap[l + 1])) w = l + 1;
      if (w === i) return;
      const x = heap[i];
      heap[i] = heap[w];
      heap[w] = x;
      i = w;
    }
  };
  let at = 0;
  let work = 0;
  for (let t = 0; t < T; t++) {
    const a = start[t];
    const b = start[t + 1];
    let m = 0;
    for (let k = a; k < b; k++) if (weights[k] > m) m = weights[k];
    max[t] = m;
    out.start[t] = at;
    work += b - a;
    if (b - a <= TOP_MIN) continue;
    let n = 0;
    for (let k = a; k < b; k++) {
      if (!alive[docs[k]]) continue;
      if (n < TOP_N) {
        heap[n] = k;
        for (let i = n++; i > 0; ) {
          const p = (i - 1) >> 1;
          if (!better(heap[p], heap[i])) break;
          const x = heap[i];
          heap[i] = heap[p];
          heap[p] = x;
          i = p;
        }
      } else if (weights[k] >= weights[heap[0]] && better(k, heap[0])) {
        heap[0] = k;
        down(0, n);
      }
    }
    // pop the worst to the back: the list comes out best first
    for (let e = n - 1; e >= 0; e--) {
      out.docs[at + e] = docs[heap[0]];
      out.weights[at + e] = weights[heap[0]];
      heap[0] = heap[e];
      down(0, e);
    }
    at += n;
    if (work > 1 << 18) {
      work = 0;
      yield;
    }
  }
  out.start[T] = at;
  return { start: out.start, docs: out.docs.subarray(0, at), weights: out.weights.subarray(0, at), max };
}
