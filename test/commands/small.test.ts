// Issue 10, point 10: small answers that said something false or unhelpful, one test each.
import { beforeEach, describe, expect, it } from 'vitest';
import { makeDesk, seen, type TestDesk } from './helpers.ts';

let t: TestDesk;

beforeEach(async () => {
  t = makeDesk();
  await t.actor('add Donald Trump role: President of the United States aliases: Trump');
  await t.actor('add Stephen Miller aliases: Miller');
  await t.claim('add Alex Pretti sought to "massacre" agents by: Stephen Miller');
});

describe('source: a url without a host', () => {
  for (const url of ['http://', 'https://', 'http:///path']) {
    it(`source: ${url} says the host is missing`, async () => {
      const before = t.snapshot();
      const r = await t.claim(`add Taxes doubled by: Miller source: ${url}`);
      expect(r.kind).toBe('error');
      expect(r.text).toMatch(/has no host/);
      expect(r.text).not.toMatch(/must start with http/);
      expect(t.snapshot()).toBe(before);
    });
  }
  it('a url without a scheme still says it must start with http(s)', async () => {
    const r = await t.claim('add Taxes doubled by: Miller source: example.com/story');
    expect(r.text).toMatch(/must start with http:\/\/ or https:\/\//);
  });
});

describe('/claim list with a list of statuses', () => {
  beforeEach(async () => {
    await t.claim('add Taxes doubled by: Trump');
    await t.claim('add Crime fell by half by: Trump');
    await t.claim('set C1 false');
    await t.claim('set C2 mostly false');
  });

  it('status: false, mostly false lists both, as /claim watch accepts a list', async () => {
    const r = await t.claim('list status: false, mostly false');
    expect(r.kind, seen(r)).toBe('list');
    expect(r.title).toBe('Claims: false or mostly false');
    expect(r.items!.map((i) => i.id)).toEqual(['C2', 'C1']);
  });

  it('the positional form too, and a bad status in the list is named', async () => {
    expect((await t.claim('list false, mostly_false')).items!.map((i) => i.id)).toEqual(['C2', 'C1']);
    const bad = await t.claim('list status: false, kinda');
    expect(bad.kind).toBe('error');
    expect(bad.text).toMatch(/"kinda" is not a status/);
  });

  it('one status still works', async () => {
    expect((await t.claim('list status: false')).items!.map((i) => i.id)).toEqual(['C1']);
  });
});

describe('/claim help actor', () => {
  for (const topic of ['actor', '/actor', 'Actor']) {
    it(`/claim help ${topic} shows the /actor usage`, async () => {
      const r = await t.claim(`help ${topic}`);
      const s = seen(r);
      expect(s).toContain('/actor <name or id>');
      expect(s).toContain('/actor add <name> [role: <text>] [aliases: a, b]');
      expect(s).not.toContain('is not a command');
      expect(s).not.toContain('/claim set');
    });
  }
  it('/claim help claim lists the /claim commands only', async () => {
    const s = seen(await t.claim('help claim'));
    expect(s).toContain('/claim set <id> <status>');
    expect(s).not.toContain('/actor add');
    expect(s).not.toContain('is not a command');
  });
});

describe('titles in names: by: Mr. Trump', () => {
  for (const who of ['Mr. Trump', 'President Trump', 'former President Trump', 'MR TRUMP', 'Mr. Donald Trump']) {
    it(`by: ${who} is Donald Trump (alias Trump); no new actor`, async () => {
      const r = await t.claim(`add Taxes doubled by: ${who}`);
      expect(r.title).toBe('Added C2');
      expect(t.store.get('claims', 'C2')!.claimant).toBe('donald-trump');
      expect(seen(r)).not.toContain('new actor');
    });
  }

  it('/actor and /claim list by: find the actor through a title too', async () => {
    expect((await t.actor('Dr. Miller')).title).toBe('Stephen Miller');
    expect((await t.claim('list by: Mr. Miller')).items!.map((i) => i.id)).toEqual(['C1']);
  });

  it('unsure (a title and a surname that is not a name or alias): a new actor, and "did you mean"', async () => {
    await t.actor('add Jane Smith role: Mayor');
    const r = await t.claim('add Crime fell by half by: Dr. Smith');
    expect(seen(r)).toContain('new actor: Dr. Smith (did you mean Jane Smith?)');
    const list = await t.claim('list by: Sen. Smith');
    expect(list.kind).toBe('error');
    expect(list.text).toMatch(/No actor is called "Sen\. Smith"\. Did you mean Jane Smith \(jane-smith\)\?/);
  });

  it('a name that is itself a title-like word is still found exactly', async () => {
    await t.actor('add Dr. Dre role: Producer');
    const r = await t.claim('add Beats are the best headphones by: Dr. Dre');
    expect(t.store.get('claims', 'C2')!.claimant).toBe('dr-dre');
    expect(seen(r)).not.toContain('new actor');
  });
});
