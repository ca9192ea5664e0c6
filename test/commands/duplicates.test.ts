// /claim add and duplicates: the same claim of the same claimant, written with other case, quotes,
// punctuation or spacing, is refused with the id of the claim it repeats; a near duplicate is added and the
// reply names the similar claim.
import { beforeEach, describe, expect, it } from 'vitest';
import { makeDesk, seen, type TestDesk } from './helpers.ts';

let t: TestDesk;

beforeEach(async () => {
  t = makeDesk();
  await t.actor('add Stephen Miller role: White House deputy chief of staff aliases: Miller');
  await t.claim('add Alex Pretti sought to "massacre" agents by: Stephen Miller');
  await t.claim('add Unemployment is 3.5% by: Stephen Miller');
});

describe('/claim add of a claim already on the desk', () => {
  it('the issue: the same text without the quotes, by an alias of the claimant, is refused naming C1', async () => {
    const before = t.snapshot();
    const r = await t.claim('add Alex Pretti sought to massacre agents by: Miller');
    expect(r.kind).toBe('error');
    expect(r.text).toMatch(/C1 already records this claim/);
    expect(t.snapshot()).toBe(before);
  });

  for (const text of ['ALEX PRETTI SOUGHT TO “MASSACRE” AGENTS.', "alex   pretti sought to 'massacre' agents!", 'Alex Pretti sought to ‘massacre’ agents…']) {
    it(`differs only in case, quotes, punctuation or spacing: ${text}`, async () => {
      const before = t.snapshot();
      const r = await t.claim(`add ${text} by: stephen-miller`);
      expect(r.kind).toBe('error');
      expect(r.text).toMatch(/^C1 already records this claim; nothing was added\. See \/claim status C1\./);
      expect(t.snapshot()).toBe(before);
    });
  }

  it('a number written differently is not punctuation: 35% is a new claim', async () => {
    const r = await t.claim('add Unemployment is 35% by: Miller');
    expect(r.kind).not.toBe('error');
    expect(t.store.count('claims')).toBe(3);
  });

  it('a near duplicate (the similarity flagging uses) is added and the reply names the similar claim', async () => {
    const r = await t.claim('add Alex Pretti sought to massacre federal agents by: Miller');
    expect(r.kind).toBe('card');
    expect(r.title).toBe('Added C3');
    expect(seen(r)).toContain('Similar claim: C1 (Stephen Miller, unverified): Alex Pretti sought to "massacre" agents');
    expect(t.store.count('claims')).toBe(3);
  });

  it('the same text by another claimant is added, and the reply names the claim it repeats', async () => {
    const r = await t.claim('add Alex Pretti sought to "massacre" agents by: Kristi Noem');
    expect(r.title).toBe('Added C3');
    expect(seen(r)).toMatch(/Similar claim: C1 \(Stephen Miller, unverified\)/);
  });

  it('an unrelated claim names no similar claim', async () => {
    const r = await t.claim('add The bridge closes on Friday for repairs by: Miller');
    expect(seen(r)).not.toContain('Similar claim');
  });
});
