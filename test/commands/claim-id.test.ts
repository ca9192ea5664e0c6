// Issue 12: one claim-id parser. Every command that takes a claim id accepts the same spellings
// (`C1`, `c1`, `#C1`, `C01`), and they all name the same claim.
import { describe, expect, it } from 'vitest';
import { makeDesk, seen } from './helpers.ts';

describe('claim ids, the same in every command', () => {
  it.each(['C1', 'c1', '#C1', 'C01'])('%s: /claim status, /claim history and /claim watch all find C1', async (spelling) => {
    const t = makeDesk();
    await t.claim('add The river is clean by: Jane Mayor');
    expect(seen(await t.claim(`status ${spelling}`))).toContain('The river is clean');
    expect(seen(await t.claim(`history ${spelling}`))).toContain('C1');
    expect(seen(await t.claim(`watch ${spelling}`))).toMatch(/watches C1 "The river is clean"/);
    expect(t.store.all('subscriptions').map((s) => s.target)).toEqual([{ kind: 'claim', id: 'C1' }]);
  });

  it('C2 that does not exist is refused the same way', async () => {
    const t = makeDesk();
    expect(seen(await t.claim('status #c2'))).toContain('There is no claim C2.');
    expect(seen(await t.claim('watch #c2'))).toContain('There is no claim C2.');
  });
});
