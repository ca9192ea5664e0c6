// What claims and actors are indexed from (fields, content hashes), and what a saved index got wrong since it was
// written, found at start (search.ts re-indexes it).
import type { Store } from './store-port.ts';
import type { Field, TextIndex } from './search-index.ts';
import { hashStrings } from './search-text.ts';
import type { Actor, Claim } from './types.ts';

// claims: text, tags, actors (names and aliases); actors: name, aliases, role
export const CLAIM_FIELDS: Field[] = [
  { boost: 1, avgLen: 16 },
  { boost: 1.5, avgLen: 1.5 },
  { boost: 1.5, avgLen: 4 },
];
export const ACTOR_FIELDS: Field[] = [
  { boost: 2, avgLen: 2 },
  { boost: 1.5, avgLen: 2 },
  { boost: 0.5, avgLen: 3 },
];

/** What a claim is indexed from, besides its actors' names (which the saved index tracks per actor). */
export const claimHash = (c: Claim) => hashStrings([c.text, c.claimant, ...c.subjects, '\u0000', ...c.tags]);
export const actorHash = (a: Actor) => hashStrings([a.name, ...a.aliases, '\u0000', a.role]);

/** What a claim is indexed with of its actors: their names and aliases. */
export const namesHash = (a: Actor) => hashStrings([a.name, ...a.aliases]);

/**
 * The claims whose saved entry may be wrong: new, changed (another version), or with actors renamed since;
 * claims and actors gone since are dropped from the indexes. One pass over the store, no hashing: a start at
 * 1M claims can afford it. The content hashes are checked after, in the background (LedgerSearch.scrub()),
 * for a doc deleted and re-created with the same id and version number (which only an import can do).
 * `saved`: actor id → hash of the names its claims were indexed with (emptied); `actorNames` gets the current.
 * → the stale claims, and the store's doc of each up-to-date one by doc number.
 */
export function staleSince(
  store: Store,
  idx: { claims: TextIndex; actors: TextIndex; actorNames: Map<string, number> },
  saved: Map<string, number>,
  actors: Actor[],
  /** the store's claims; undefined: read only their ids and versions (Store.versions), parsing none of the current ones */
  claims: Claim[] | undefined,
): { stale: Claim[]; docs: (Claim | undefined)[] } {
  const changed = new Set<string>();
  for (const a of actors) {
    const h = namesHash(a);
    if (saved.get(a.id) !== h) changed.add(a.id);
    saved.delete(a.id);
    idx.actorNames.set(a.id, h);
  }
  for (const id of saved.keys()) {
    changed.add(id); // actors gone since
    idx.actors.remove(id);
  }
  const stale = new Map<string, Claim>();
  for (const id of changed) for (const c of store.byIndex('claims', 'byActor', id)) stale.set(c.id, c);
  const index = idx.claims;
  const { versions, alive } = index;
  const seen = new Uint8Array(index.ids.length);
  const docs: (Claim | undefined)[] = new Array(index.ids.length);
  if (claims) {
    for (const c of claims) {
      const d = index.docOf(c.id);
      if (d === undefined) stale.set(c.id, c);
      else {
        seen[d] = 1;
        if (versions[d] !== c.version) stale.set(c.id, c);
        else docs[d] = c;
      }
    }
  } else {
    // a store that parses documents when first read: an up-to-date claim is fetched when a query finds it
    for (const [id, version] of store.versions!('claims')) {
      const d = index.docOf(id);
      if (d !== undefined) seen[d] = 1;
      if (d === undefined || versions[d] !== version) stale.set(id, store.get('claims', id)!);
    }
  }
  for (let d = 0; d < seen.length; d++) if (alive[d] && !seen[d]) index.remove(index.ids.at(d)); // gone since
  return { stale: [...stale.values()], docs };
}
