// Search without an index, for the seconds while LedgerSearch builds its index at start-up: a plain scan of the
// store. Slower than the index (tens of ms at 100k claims) and without typo tolerance, but never wrong: every
// query word must appear (as a word or part of one) in the claim's text, tags or its actors' names and aliases;
// failing that, claims matching the most words; newest first.
import type { ReadView } from '../../store/types.ts';
import { newestFirst } from './claims.ts';
import type { Actor, Claim } from './types.ts';

/** MiniSearch's default tokenizer: split on white space and punctuation (the index splits documents the same way). */
export const SPLIT = /[\n\r\p{Z}\p{P}]+/u;

/** Words of a query, processed like indexed terms (lower-case, accents folded, stop words dropped). */
export function queryTerms(query: string, processTerm: (t: string) => string | null, max: number): string[] {
  const out: string[] = [];
  for (const w of query.split(SPLIT)) {
    const t = w && processTerm(w);
    if (t && !out.includes(t)) out.push(t);
    if (out.length >= max) break;
  }
  return out;
}

export interface ScanHit {
  claim: Claim;
  /** how many query words it matched */
  score: number;
}

export function scanClaims(store: ReadView, terms: string[], limit: number, fold: (s: string) => string): ScanHit[] {
  if (!terms.length || limit <= 0) return [];
  // each actor's searchable names, folded once per query rather than once per claim
  const names = new Map<string, string>();
  for (const a of store.all('actors')) names.set(a.id, fold([a.name, ...a.aliases].join(' ')));
  const hits: ScanHit[] = [];
  let best = 0;
  for (const c of store.all('claims')) {
    let hay = fold(c.text) + ' ' + fold(c.tags.join(' ').replace(/-/g, ' '));
    for (const aid of [c.claimant, ...c.subjects]) hay += ' ' + (names.get(aid) ?? aid.replace(/-/g, ' '));
    let n = 0;
    for (const t of terms) if (hay.includes(t)) n++;
    if (n === 0 || n < best) continue;
    best = n;
    hits.push({ claim: c, score: n });
  }
  // all words matched beats some; then newest first
  const top = hits.filter((h) => h.score === best);
  return top.sort((a, b) => newestFirst(a.claim, b.claim)).slice(0, limit);
}

export function scanActors(store: ReadView, terms: string[], fold: (s: string) => string): Actor[] {
  if (!terms.length) return [];
  const out: { actor: Actor; n: number }[] = [];
  for (const a of store.all('actors')) {
    const hay = fold([a.id, a.name, ...a.aliases, a.role].join(' '));
    let n = 0;
    for (const t of terms) if (hay.includes(t)) n++;
    if (n) out.push({ actor: a, n });
  }
  return out.sort((x, y) => y.n - x.n).map((x) => x.actor);
}
