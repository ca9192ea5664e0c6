// Typo tolerance by a deletion index (the SymSpell idea): two words within k edits of each other always
// share a string reachable from each by at most k deleted letters. So every vocabulary term is filed under
// the hashes of its deletes, and a query word looks up the hashes of its own: a handful of table reads
// instead of walking the vocabulary. Only 32-bit hashes are kept, never the delete strings; a collision
// costs one extra candidate, and every candidate is checked with a real edit distance anyway.

/** Edits forgiven in a query word: none under 4 letters, 1 up to 9, 2 beyond. */
export function maxEdits(len: number): number {
  return len < 4 ? 0 : len < 10 ? 1 : 2;
}

/** How many deletes a vocabulary term is filed under: enough for every query word that may reach it. */
function depthOf(len: number): number {
  if (len > MAX_LEN) return 0; // a URL or a pasted hash: not worth hundreds of entries
  // a 2-edit query word (10+ letters) meets a shorter term after deleting from its own side only
  return len >= 10 ? 2 : len >= 3 ? 1 : 0;
}
const MAX_LEN = 24;

function hashSkip(s: string, i: number, j: number): number {
  let h = 0x811c9dc5;
  for (let k = 0; k < s.length; k++) if (k !== i && k !== j) h = Math.imul(h ^ s.charCodeAt(k), 0x01000193);
  return h | 0; // a small integer to V8, not a boxed double
}

function countDeletes(len: number, depth: number): number {
  return 1 + (depth >= 1 ? len : 0) + (depth >= 2 ? (len * (len - 1)) / 2 : 0);
}

/** Hashes of `s` with up to `depth` letters deleted (the word itself included). */
export function deleteHashes(s: string, depth: number, out: number[] = []): number[] {
  out.push(hashSkip(s, -1, -1));
  if (depth < 1) return out;
  for (let i = 0; i < s.length; i++) {
    out.push(hashSkip(s, i, -1));
    if (depth >= 2) for (let j = i + 1; j < s.length; j++) out.push(hashSkip(s, i, j));
  }
  return out;
}

/** Optimal-string-alignment distance (a swap of neighbours is one edit), or max+1 once it exceeds max. */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const n = b.length;
  let prev2 = new Array<number>(n + 1).fill(0);
  let prev = Array.from({ length: n + 1 }, (_, j) => j);
  let cur = new Array<number>(n + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = i;
    for (let j = 1; j <= n; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      let v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2] + 1);
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  return prev[n];
}

/** The table as saved: bucket b holds entries[start[b] .. start[b+1]). */
export interface TypoTable {
  start: Uint32Array;
  entries: Uint32Array;
}

export class TypoIndex {
  private base: TypoTable = { start: new Uint32Array(2), entries: new Uint32Array(0) };
  private mask = 0;
  // terms filed since the table was built (the table is rebuilt with the next fresh index)
  private extra = new Map<number, number[]>();
  private scratch: number[] = [];

  static fromTable(table: TypoTable): TypoIndex {
    const t = new TypoIndex();
    t.base = table;
    t.mask = table.start.length - 2;
    return t;
  }

  /** Builds the table for terms 0 … terms.length-1 at once. */
  static build(terms: readonly string[]): TypoIndex {
    const steps = TypoIndex.building(terms);
    for (;;) {
      const r = steps.next();
      if (r.done) return r.value;
    }
  }

  /** The same, yielding every few thousand terms or entries, so a caller can spread it over event-loop turns. */
  static *building(terms: readonly string[]): Generator<void, TypoIndex> {
    let total = 0;
    for (const t of terms) total += countDeletes(t.length, depthOf(t.length));
    const hashes = new Int32Array(total);
    const owner = new Uint32Array(total);
    const scratch: number[] = [];
    let at = 0;
    for (let id = 0; id < terms.length; id++) {
      scratch.length = 0;
      deleteHashes(terms[id], depthOf(terms[id].length), scratch);
      for (const h of scratch) {
        hashes[at] = h;
        owner[at++] = id;
      }
      if ((id & 2047) === 2047) yield;
    }
    let buckets = 1024;
    while (buckets * 2 < hashes.length) buckets *= 2; // ~2 entries a bucket: half the table, same speed
    const mask = buckets - 1;
    const start = new Uint32Array(buckets + 1);
    const STEP = 1 << 18;
    for (let k = 0; k < hashes.length; k++) {
      start[(hashes[k] & mask) + 1]++;
      if ((k & (STEP - 1)) === STEP - 1) yield;
    }
    for (let b = 0; b < buckets; b++) start[b + 1] += start[b];
    const fill = start.slice(0, buckets);
    const entries = new Uint32Array(hashes.length);
    yield;
    for (let k = 0; k < hashes.length; k++) {
      entries[fill[hashes[k] & mask]++] = owner[k];
      if ((k & (STEP - 1)) === STEP - 1) yield;
    }
    return TypoIndex.fromTable({ start, entries });
  }

  /** The table to save: the built one with the terms filed since merged in (a copy; the built one is shared). */
  table(terms: readonly string[]): TypoTable {
    if (!this.extra.size) return this.base;
    const { start, entries } = this.base;
    const buckets = start.length - 1;
    let added = 0;
    for (const ids of this.extra.values()) added += ids.length;
    // outgrown: a table sized for what it holds keeps buckets short
    if (entries.length + added > buckets * 4) return TypoIndex.build(terms).base;
    const count = new Uint32Array(buckets + 1);
    for (let b = 0; b < buckets; b++) count[b + 1] = start[b + 1] - start[b];
    for (const [h, ids] of this.extra) count[(h & this.mask) + 1] += ids.length;
    for (let b = 0; b < buckets; b++) count[b + 1] += count[b];
    const out = new Uint32Array(count[buckets]);
    for (let b = 0; b < buckets; b++) out.set(entries.subarray(start[b], start[b + 1]), count[b]);
    const fill = new Uint32Array(buckets);
    for (let b = 0; b < buckets; b++) fill[b] = count[b] + start[b + 1] - start[b];
    for (const [h, ids] of this.extra) for (const id of ids) out[fill[h & this.mask]++] = id;
    return { start: count, entries: out };
  }

  /** Files a term added after the table was built. */
  add(id: number, term: string): void {
    for (const h of deleteHashes(term, depthOf(term.length))) {
      const list = this.extra.get(h);
      if (list) list.push(id);
      else this.extra.set(h, [id]);
    }
  }

  /** Ids of the terms within maxEdits of `word` (its own id included, if it is a term), with their distance. */
  near(word: string, terms: readonly string[], visit: (id: number, edits: number) => void): void {
    const max = maxEdits(word.length);
    if (max === 0) return;
    const seen = new Set<number>();
    const hashes = deleteHashes(word, max, (this.scratch.length = 0, this.scratch));
    const check = (id: number) => {
      if (seen.has(id)) return;
      seen.add(id);
      const d = editDistance(word, terms[id], max);
      if (d <= max) visit(id, d);
    };
    const { start, entries } = this.base;
    for (const h of hashes) {
      const b = h & this.mask;
      for (let k = start[b]; k < start[b + 1]; k++) check(entries[k]);
      const more = this.extra.get(h);
      if (more) for (const id of more) check(id);
    }
  }
}
