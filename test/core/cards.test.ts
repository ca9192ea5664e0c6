import { describe, expect, it } from 'vitest';
import { ensureActor } from '../../src/core/actors.ts';
import { claimCard, claimListReply, changeLine, tally, when } from '../../src/core/cards.ts';
import { createClaim } from '../../src/core/claims.ts';
import { makeDesk } from '../commands/helpers.ts';

const ED = { key: 'slack:U1', name: 'Ana' };

describe('claim card', () => {
  it('shows the origin link and who posted it when the claim was flagged', async () => {
    const t = makeDesk();
    const c = await t.store.write((tx) => {
      const a = ensureActor(tx, 'Unknown speaker', 'x');
      return createClaim(
        tx,
        {
          text: 'The bridge is closing',
          claimant: a.id,
          externalRating: 'Pants on Fire',
          origin: { platform: 'slack', workspace: 'T1', channel: 'C9', messageId: '171.1', link: 'https://example.slack.com/archives/C9/p1711', author: 'slack:U5', authorName: 'Bob' },
        },
        ED,
        '2026-11-20T10:00:00.000Z',
      );
    });
    const r = claimCard(t.store, c);
    expect(r.links).toEqual([{ label: 'Original message', url: 'https://example.slack.com/archives/C9/p1711' }]);
    expect(r.fields!.find((f) => f.name === 'Flagged from')!.value).toBe('a message by Bob (slack)');
    expect(r.fields!.find((f) => f.name === 'External rating')!.value).toBe('Pants on Fire');
    expect(r.fields!.find((f) => f.name === 'Sources (0)')!.value).toMatch(/add one with \/claim source C1 <url>/);
  });
});

describe('pieces', () => {
  it('when: minutes in UTC; unparsable stays as is', () => {
    expect(when('2026-11-20T14:03:27.123Z')).toBe('2026-11-20 14:03 UTC');
    expect(when('soon')).toBe('soon');
  });

  it('changeLine: creation and changes with note and evidence', () => {
    expect(changeLine({ at: '2026-11-20T14:03:00Z', by: 'k', byName: 'Ana', from: null, to: 'unverified', note: '' })).toBe(
      '2026-11-20 14:03 UTC · Ana: created as Unverified',
    );
    expect(changeLine({ at: '2026-11-20T14:03:00Z', by: 'k', byName: '', from: 'false', to: 'mixed', note: 'appeal', source: 'https://x.example/' })).toBe(
      '2026-11-20 14:03 UTC · k: False → Mixed — appeal (evidence: https://x.example/)',
    );
  });

  it('tally in the vocabulary order', async () => {
    const t = makeDesk();
    for (let i = 0; i < 3; i++) await t.claim(`add Claim ${i} by: X`);
    await t.claim('set C2 false');
    expect(tally(t.store.all('claims'))).toBe('Unverified 2 · False 1');
  });

  it('list pages say how many more and what to type next', async () => {
    const t = makeDesk();
    for (let i = 0; i < 23; i++) await t.claim(`add Claim ${i} by: X`);
    const all = t.store.all('claims').reverse();
    const p3 = claimListReply('All', all, 3, (p) => `/claim list page: ${p}`);
    expect(p3.items!.map((i) => i.id)).toEqual(['C3', 'C2', 'C1']);
    expect(p3.more).toBeUndefined();
    expect(p3.footer).toBe('23 claims · page 3 of 3');
    const p2 = claimListReply('All', all, 2, (p) => `/claim list page: ${p}`);
    expect(p2.more).toBe(3);
    expect(p2.footer).toBe('23 claims · page 2 of 3 · next: /claim list page: 3');
  });
});
