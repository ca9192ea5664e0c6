// The candidate the search replaced, kept for the bench only: MiniSearch 7 over the same claim fields with the
// options LedgerSearch used (boosts, typo and prefix rules, the same cascade of passes), built at once.
import MiniSearch, { type SearchOptions } from 'minisearch';
import type { ReadView } from '../src/core/store-port.ts';
import { processTerm } from '../src/core/search-text.ts';

const fuzzy = (term: string): number | boolean => (term.length < 4 ? false : term.length < 10 ? 1 : 2);
const prefix = (term: string, i: number, terms: string[]): boolean => term.length >= 3 && i === terms.length - 1;
const PASSES: SearchOptions[] = [
  { combineWith: 'AND' },
  { combineWith: 'AND', prefix },
  { combineWith: 'AND', fuzzy, prefix },
  { combineWith: 'OR', fuzzy, prefix },
];

export function miniSearchClaims(store: ReadView): (query: string, limit?: number) => string[] {
  const index = new MiniSearch<{ id: string; text: string; tags: string; actors: string }>({
    fields: ['text', 'tags', 'actors'],
    processTerm,
    searchOptions: { boost: { text: 1, tags: 1.5, actors: 1.5 } },
  });
  for (const c of store.all('claims')) {
    const names: string[] = [];
    for (const aid of [c.claimant, ...c.subjects]) {
      const a = store.get('actors', aid);
      if (a) names.push(a.name, ...a.aliases);
    }
    index.add({ id: c.id, text: c.text, tags: c.tags.join(' '), actors: names.join(' ') });
  }
  return (query, limit = 10) => {
    const q = query.split(/\s+/).slice(0, 12).join(' ').slice(0, 300);
    for (const pass of PASSES) {
      const r = index.search(q, pass);
      // the old LedgerSearch also fetched and tie-broke the top results; this is the index's share
      if (r.length) return r.slice(0, limit).map((x) => x.id as string);
    }
    return [];
  };
}
