// The small ledger both search suites (search.test.ts, search-warmup.test.ts) start from.
import { ensureActor } from '../../src/core/actors.ts';
import { createClaim } from '../../src/core/claims.ts';
import type { Store } from '../../src/core/store-port.ts';

export const NOW = '2026-11-20T10:00:00.000Z';
const ME = { key: 'console:editor', name: 'Ed' };

/** Add a claim by `by` about `about` (actors created as needed), through the same path as `/claim add`. */
export async function addClaim(store: Store, text: string, by: string, about: string[] = [], tags: string[] = [], at = NOW) {
  return store.write((tx) => {
    const claimant = ensureActor(tx, by, at).id;
    const subjects = about.map((a) => ensureActor(tx, a, at).id);
    return createClaim(tx, { text, claimant, subjects, tags, createdAt: at }, ME, at);
  });
}

/** Two actors with roles and aliases, and claims C1–C4 (C1 and C2 by Miller about Alex Pretti). */
export async function seedLedger(store: Store): Promise<void> {
  await store.write((tx) => {
    ensureActor(tx, 'Stephen Miller', NOW, { role: 'deputy chief of staff', aliases: ['Miller'] });
    ensureActor(tx, 'Kristi Noem', NOW, { role: 'Homeland Security Secretary', aliases: ['Secretary Noem'] });
  });
  await addClaim(store, 'Alex Pretti sought to "massacre" agents', 'Stephen Miller', ['Alex Pretti'], ['minnesota']); // C1
  await addClaim(store, 'Alex Pretti was a "would-be assassin"', 'Stephen Miller', ['Alex Pretti']); // C2
  await addClaim(store, 'Crime in the city fell by 20 percent last year', 'Jane Mayor', [], ['crime']); // C3
  await addClaim(store, 'Border crossings are at a record low', 'Kristi Noem', [], ['immigration']); // C4
}
