// The vocabulary in sorted order, for prefix lookups (search-index.ts): at once, or in steps during a build.

/** Sorted by their first two letters, then each group on its own: the same order, in short steps. */
export function* sortTermsInSteps(terms: readonly string[]): Generator<void, Uint32Array> {
  const groups = new Map<number, number[]>();
  for (let t = 0; t < terms.length; t++) {
    const s = terms[t];
    const key = s.charCodeAt(0) * 65537 + (s.length > 1 ? s.charCodeAt(1) + 1 : 0);
    const g = groups.get(key);
    if (g) g.push(t);
    else groups.set(key, [t]);
  }
  const out = new Uint32Array(terms.length);
  let at = 0;
  let work = 0;
  for (const key of [...groups.keys()].sort((a, b) => a - b)) {
    const g = groups.get(key)!.sort((x, y) => (terms[x] < terms[y] ? -1 : terms[x] > terms[y] ? 1 : 0));
    out.set(g, at);
    at += g.length;
    work += g.length;
    if (work > 4096) {
      work = 0;
      yield;
    }
  }
  return out;
}

export function sortTerms(terms: readonly string[]): Uint32Array {
  return Uint32Array.from({ length: terms.length }, (_, i) => i).sort((x, y) => (terms[x] < terms[y] ? -1 : terms[x] > terms[y] ? 1 : 0));
}
