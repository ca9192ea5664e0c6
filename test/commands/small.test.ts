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
