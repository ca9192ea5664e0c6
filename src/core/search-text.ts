// How text becomes search terms, the same for documents and queries: folded to lower case without accents,
// split on white space and punctuation (as MiniSearch's default tokenizer did), stop words dropped.
// Changing anything here changes the terms of every document: bump FORMAT in search-file.ts with it, so
// that an index saved by the old rules is rebuilt rather than trusted.

// Words too common to tell claims apart; dropped from the index and from queries.
const STOP = new Set(
  'a an and are as at be but by for from had has have he her his i in is it its of on or she so that the their them they this to was were will with s t'.split(' '),
);

/** White space and punctuation (Unicode categories Z and P, and line breaks): where words end. */
const SEP_CHAR = /[\n\r\p{Z}\p{P}]/u;
// the same test for ASCII as a table: this runs for every character indexed
const ASCII_SEP = new Uint8Array(128).map((_, c) => (SEP_CHAR.test(String.fromCharCode(c)) ? 1 : 0));

/** Lower-case with accents folded. */
export function fold(s: string): string {
  // ASCII needs no Unicode normalization (the common case)
  for (let i = 0; i < s.length; i++) {
    if (s.charCodeAt(i) > 127) return s.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
  }
  return s.toLowerCase();
}

/** Lower-case, accents folded, stop words dropped: the same processing for documents and queries. */
export function processTerm(term: string): string | null {
  const t = fold(term);
  return t && !STOP.has(t) ? t : null;
}

/** Calls `fn` with each term of `text` in order (repeats included); → how many words the text has. */
export function forEachTerm(text: string, fn: (term: string) => void): number {
  const s = fold(text);
  let start = -1;
  let words = 0;
  for (let i = 0; i <= s.length; i++) {
    const c = i < s.length ? s.charCodeAt(i) : 10;
    const sep = c < 128 ? ASCII_SEP[c] === 1 : SEP_CHAR.test(s[i]);
    if (!sep) {
      if (start < 0) start = i;
      continue;
    }
    if (start < 0) continue;
    const t = s.slice(start, i);
    start = -1;
    words++;
    if (!STOP.has(t)) fn(t);
  }
  return words;
}

/** The distinct terms of a query, in order, at most `max`. */
export function queryTerms(query: string, max: number): string[] {
  const out: string[] = [];
  forEachTerm(query, (t) => {
    if (out.length < max && !out.includes(t)) out.push(t);
  });
  return out;
}

/** FNV-1a over strings: what a saved index records of each document, to tell whether it changed since. */
export function hashStrings(parts: readonly string[]): number {
  let h = 0x811c9dc5;
  for (const s of parts) {
    for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
    h = Math.imul(h ^ 0x1f, 0x01000193); // a separator, so ["ab","c"] and ["a","bc"] differ
  }
  return h >>> 0;
}
