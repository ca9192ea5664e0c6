// Builders for ClaimReview items and small ledgers used by the ClaimReview tests.
import { ensureActor } from '../../src/core/actors.ts';
import { createClaim } from '../../src/core/claims.ts';
import type { Claim, Status } from '../../src/core/types.ts';
import { MemoryStore } from '../../store/memory.ts';
import { LEDGER_SCHEMA, type Store } from '../../src/core/store-port.ts';

export const NOW = '2026-11-20T12:00:00.000Z';

export function review(n: number, over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    '@context': 'https://schema.org',
    '@type': 'ClaimReview',
    url: `https://www.politifact.com/factchecks/2024/may/0${(n % 9) + 1}/review-${n}/`,
    claimReviewed: `Claim number ${n} about the economy`,
    datePublished: '2024-05-01',
    author: { '@type': 'Organization', name: 'PolitiFact', url: 'https://www.politifact.com' },
    itemReviewed: {
      '@type': 'Claim',
      author: { '@type': 'Person', name: 'Jane Senator', jobTitle: 'Senator' },
      datePublished: '2024-04-28',
      appearance: [{ '@type': 'CreativeWork', url: `https://social.example/posts/${n}` }],
    },
    reviewRating: { '@type': 'Rating', alternateName: 'Mostly False', ratingValue: 2, bestRating: 6, worstRating: 1 },
    ...over,
  };
}

/** Every doc of every collection we write to, for "nothing changed" checks. */
export function dump(store: Store): string {
  return JSON.stringify({ actors: store.all('actors'), claims: store.all('claims') });
}

export interface Seed {
  text: string;
  by: string;
  kind?: 'person' | 'organization' | 'unknown';
  aliases?: string[];
  role?: string;
  /** statuses in order after creation (unverified) */
  path?: Status[];
  sources?: Array<{ url: string; outlet?: string; note?: string }>;
}

/** A ledger built the way commands build it: ensureActor + createClaim + status changes in history. */
export async function ledger(seeds: Seed[], store: Store = new MemoryStore(LEDGER_SCHEMA)): Promise<Store> {
  await store.write((tx) => {
    let minute = 0;
    const at = () => new Date(Date.parse('2026-10-01T09:00:00.000Z') + 60_000 * minute++).toISOString();
    for (const s of seeds) {
      const actor = ensureActor(tx, s.by, at(), { kind: s.kind ?? 'unknown', aliases: s.aliases ?? [], role: s.role ?? '' });
      let claim: Claim = createClaim(tx, { text: s.text, claimant: actor.id, sources: s.sources }, { key: 'console:editor', name: 'Editor' }, at());
      for (const to of s.path ?? []) {
        const when = at();
        claim = tx.put('claims', {
          ...claim,
          status: to,
          updatedAt: when,
          history: [...claim.history, { at: when, by: 'console:editor', byName: 'Editor', from: claim.status, to, note: '' }],
        });
      }
    }
  });
  return store;
}
