// The demo newsroom built from ../shared/seeds: the actors and claims of the two articles, written in one
// store write by the `demo` desk user. Loading twice adds nothing (claims are matched by their text).
import type { Desk } from '../core/desk.ts';
import { ensureActor } from '../core/actors.ts';
import { createClaim, type Author } from '../core/claims.ts';
import type { Claim } from '../core/types.ts';
import { DEMO_ACTORS, DEMO_CLAIMS } from './newsroom.ts';

export const DEMO_USER: Author = { key: 'demo', name: 'demo desk' };

/** Loads the demo actors and claims; returns how many claims were loaded (0 when they were already there). */
export async function loadDemo(desk: Desk): Promise<number> {
  const now = desk.clock.now().toISOString();
  return desk.store.write((tx) => {
    for (const a of DEMO_ACTORS) ensureActor(tx, a.name, now, { role: a.role, aliases: a.aliases, kind: a.kind });
    const existing = new Set(tx.all('claims').map((c) => c.text));
    let loaded = 0;
    for (const d of DEMO_CLAIMS) {
      if (existing.has(d.text)) continue;
      const claimant = ensureActor(tx, d.claimant, now).id;
      const subjects = d.subjects.map((s) => ensureActor(tx, s, now).id);
      const claim = createClaim(
        tx,
        {
          text: d.text,
          claimant,
          subjects,
          tags: d.tags,
          // the seed article is where the claim was reported
          sources: [{ url: d.source.ref, outlet: d.source.outlet, note: d.source.note, kind: 'appearance' }],
          status: 'unverified',
          note: d.note,
        },
        DEMO_USER,
        now,
      );
      if (d.verdict) {
        const next: Claim = {
          ...claim,
          status: d.verdict.to,
          history: [
            ...claim.history,
            { at: now, by: DEMO_USER.key, byName: DEMO_USER.name, from: claim.status, to: d.verdict.to, note: d.verdict.note, source: d.source.ref },
          ],
          updatedAt: now,
        };
        tx.put('claims', next, { expectVersion: claim.version });
      }
      loaded++;
    }
    return loaded;
  });
}
