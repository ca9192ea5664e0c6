// Search without an index, for the moments while LedgerSearch builds its index at start-up: a plain scan of the
// store. Slower than the index (tens of ms at 100k claims) and without typo tolerance, but never wrong: every
// query word must appear (as a word or part of one) in the claim's text, tags or its actors' names and aliases;
// failing that, claims matching the most words; newest first.
import type { ReadView } from './store-port.ts';
import { newestFirst } from './claims.ts';
import type { Actor, Claim } from './types.ts';

export interface ScanHit {
  claim: Claim;
  /** how many query words it matched */
  score: number;
}

const NON_ASCII = /[^\x00-\x7f]/;

export function scanClaims(store: ReadView, terms: string[], limit: number, fold: (s: string) => string): ScanHit[] {
  if (!terms.length || limit <= 0) return [];
  // per query word, whether each actor's names or aliases contain it: a lookup per claim, not a string search
  const actorHits = terms.map(() => new Map<string, boolean>());
  for (const a of store.all('actors')) {
    const names = fold([a.name, ...a.aliases].join(' '));
    for (let i = 0; i < terms.length; i++) actorHits[i].set(a.id, names.includes(terms[i]));
  }
  const hits: ScanHit[] = [];
  let best = 0;
  const claims = store.all('claims');
  // the hot loop, kept plain: 100k claims take tens of ms
  for (let k = 0; k < claims.length; k++) {
    const c = claims[k];
    const text = NON_ASCII.test(c.text) ? fold(c.text) : c.text.toLowerCase(); // ASCII, as most is, needs no folding
    let n = 0;
    for (let i = 0; i < terms.length; i++) {
      const t = terms[i];
      const ah = actorHits[i];
      // an actor id with no actor stands for itself (the index uses the id's words then)
      let hit = text.includes(t) || (ah.get(c.claimant) ?? c.claimant.includes(t));
      for (let j = 0; j < c.subjects.length && !hit; j++) hit = ah.get(c.subjects[j]) ?? c.subjects[j].includes(t);
      for (let j = 0; j < c.tags.length && !hit; j++) hit = fold(c.tags[j]).includes(t);
      if (hit) n++;
    }
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
