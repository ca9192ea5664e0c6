// The import vouches for the claims it builds from reviews it validated itself (PutOptions.checked): the
// store then only freezes them instead of checking every value again. What ends up in memory and on disk
// must be exactly what the store's own check would have made of them, and input the import cannot vouch
// for (lone surrogates, oversized reviews, numbers that are not finite) is still fixed or refused as before.
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { syntheticReviews } from '../../bench/claimreview.ts';
import { importClaimReview, importClaimReviewStream } from '../../src/claimreview/index.ts';
import { fastParse } from '../../src/claimreview/fast.ts';
import { InvalidDocError, LEDGER_SCHEMA, type Store } from '../../src/core/store-port.ts';
import { checkStore } from '../../store/check.ts';
import { JsonFileStore } from '../../store/json/json-store.ts';
import { validateDoc } from '../../store/validate.ts';
import { removeDir, tempDir } from '../store/helpers.ts';
import { NOW, review } from './helpers.ts';

let dirs: string[] = [];
beforeEach(() => (dirs = []));
afterEach(async () => {
  for (const d of dirs) await removeDir(d);
});

const OPEN = { checkpointOnClose: false } as const;
async function open(): Promise<{ dir: string; store: Store }> {
  const dir = await tempDir('claimdesk-checked-');
  dirs.push(dir);
  return { dir, store: await JsonFileStore.open(dir, LEDGER_SCHEMA, OPEN) };
}

/** Every doc, as the objects they are (undefined keys, prototypes and all: compared with toStrictEqual). */
const state = (s: Store) => ({ actors: s.all('actors'), claims: s.all('claims') });

function isDeepFrozen(v: unknown): boolean {
  if (typeof v !== 'object' || v === null) return true;
  return Object.isFrozen(v) && Object.values(v).every(isDeepFrozen);
}

/**
 * The same review as an object of another prototype: fastParse is unsure of it, so the zod schema parses it
 * (to the same plain data) and the claim goes through the store's full check, as any review did before.
 */
function slowPath(r: Record<string, unknown>): Record<string, unknown> {
  return Object.assign(Object.create({ kind: 'not a plain object' }) as Record<string, unknown>, r);
}

// the bench's reviews (claimants by alias, several publishers, labels and numbers) and some rarer shapes
const REVIEWS: Record<string, unknown>[] = [
  ...syntheticReviews(300),
  review(1001, { citation: [{ url: 'https://data.example/t', publisher: { name: 'Data' } }, 'https://data.example/u'], dateModified: '2024-06-01T10:00:00Z' }),
  review(1002, { claimReviewed: 'The claim was cut…', itemReviewed: { text: 'The claim was cut short here but the whole text is longer', author: 'Org Name' } }),
  review(1003, { reviewRating: { alternateName: 'False (retracted by speaker)' } }),
  review(1004, { reviewRating: { ratingValue: '2', bestRating: '5' }, author: undefined }),
  review(1005, { url: 'urn:claimdesk:claim:C999', itemReviewed: { author: { '@type': 'Organization', name: 'Acme Corp' }, firstAppearance: 'https://first.example/a' } }),
  review(1006, { claimReviewed: 'Ünïcödé “quotes” and emoji 🎉 and a tab\tand a newline\n', author: { name: 'Fact Ćheck' } }),
];

describe('claims the ClaimReview import vouches for', () => {
  it('are stored exactly as the store’s full check stores them: in memory, in the journal, after a reopen', async () => {
    for (const r of REVIEWS) expect(fastParse(slowPath(r))).toBeUndefined(); // the other store really takes the slow path
    const fast = await open();
    const slow = await open();
    const a = await importClaimReview(fast.store, REVIEWS, { now: NOW });
    const b = await importClaimReview(slow.store, REVIEWS.map(slowPath), { now: NOW });
    expect(a).toEqual(b);
    expect(a.imported).toBe(REVIEWS.length);
    const mem = state(fast.store);
    expect(mem).toStrictEqual(state(slow.store));
    for (const c of mem.claims) {
      expect(validateDoc('claims', c)).toStrictEqual(c); // what the check would have returned
      expect(isDeepFrozen(c), c.id).toBe(true);
    }
    await fast.store.close();
    await slow.store.close();
    // byte for byte the same journal (a streamed unit is at least 2,048 changes: this one is written in write())
    const journal = (d: string) => fs.readFile(path.join(d, 'journal.jsonl'), 'utf8');
    expect((await journal(fast.dir)) === (await journal(slow.dir))).toBe(true);
    const again = await JsonFileStore.open(fast.dir, LEDGER_SCHEMA, OPEN);
    expect(state(again)).toStrictEqual(mem);
    await again.close();
    const check = await checkStore(fast.dir, LEDGER_SCHEMA);
    expect(check.ok, check.problems.join('; ')).toBe(true);
  });

  it('the same for a unit large enough to be journaled in parts by the writer (a streamed import)', async () => {
    const many = syntheticReviews(3000);
    const fast = await open();
    const slow = await open();
    await importClaimReviewStream(fast.store, () => many, { now: NOW });
    await importClaimReviewStream(slow.store, () => many.map(slowPath), { now: NOW });
    const mem = state(fast.store);
    expect(mem).toStrictEqual(state(slow.store));
    await fast.store.close();
    await slow.store.close();
    const journal = (d: string) => fs.readFile(path.join(d, 'journal.jsonl'), 'utf8');
    const bytes = await journal(fast.dir);
    expect(bytes.split('\n').length).toBeGreaterThan(2); // in parts
    expect(bytes === (await journal(slow.dir))).toBe(true); // (toBe would print 4 MB on a failure)
    const again = await JsonFileStore.open(fast.dir, LEDGER_SCHEMA, OPEN);
    expect(state(again)).toStrictEqual(mem);
    await again.close();
    expect((await checkStore(fast.dir, LEDGER_SCHEMA)).ok).toBe(true);
  });

  it('lone surrogates from the file are still stored as U+FFFD, wherever they are, and read back so', async () => {
    const { dir, store } = await open();
    const bad = '\ud800';
    const r = await importClaimReview(store, [
      review(1, { claimReviewed: `text ${bad} here` }),
      review(2, { author: { name: `Pub${bad}`, url: 'https://pub.example' } }),
      review(3, { reviewRating: { alternateName: `Label ${bad}` } }),
      review(4, { citation: [{ url: 'https://cite.example/a', publisher: { name: `C${bad}` } }] }),
      review(5, { url: `https://www.politifact.com/factchecks/${bad}/` }),
    ], { now: NOW });
    expect(r.imported).toBe(5);
    const claims = store.all('claims');
    const text = JSON.stringify(claims);
    expect(text).not.toMatch(/\\ud800/);
    expect(claims[0].text).toBe('text \ufffd here');
    expect(claims[1].history[0].byName).toBe('Pub\ufffd');
    expect(claims[2].externalRating).toBe('Label \ufffd');
    expect(claims[3].sources.map((s) => s.outlet)).toContain('C\ufffd');
    expect(claims[4].sources[0].url).toContain('\ufffd');
    for (const c of claims) expect(validateDoc('claims', c)).toStrictEqual(c);
    await store.close();
    const again = await JsonFileStore.open(dir, LEDGER_SCHEMA, OPEN);
    expect(again.all('claims')).toStrictEqual(claims);
    await again.close();
  });

  it('a review too large for the store is still refused whole, and nothing is written', async () => {
    const { dir, store } = await open();
    const huge = review(2, { citation: Array.from({ length: 600 }, (_, i) => `https://cite.example/${i}/${'x'.repeat(2000)}`) });
    await expect(importClaimReview(store, [review(1), huge], { now: NOW })).rejects.toThrow(InvalidDocError);
    expect(store.count('claims')).toBe(0);
    await store.close();
    expect((await fs.readFile(path.join(dir, 'journal.jsonl'))).length).toBe(0);
  });

  it('a big but acceptable review (many long citations) is stored as the full check stores it', async () => {
    const { store } = await open();
    const big = review(3, { citation: Array.from({ length: 150 }, (_, i) => `https://cite.example/${i}/${'y'.repeat(3000)}`) });
    expect((await importClaimReview(store, [big], { now: NOW })).imported).toBe(1);
    const [c] = store.all('claims');
    expect(c.sources).toHaveLength(152);
    expect(validateDoc('claims', c)).toStrictEqual(c);
    await store.close();
  });

  it('a rating number that is not finite is reported as the item’s error, nothing written', async () => {
    const { store } = await open();
    const r = await importClaimReview(store, [review(1), review(2, { reviewRating: { alternateName: 'False', bestRating: '9'.repeat(400) } })], { now: NOW });
    expect(r.written).toBe(false);
    expect(r.errors).toEqual([expect.objectContaining({ item: 2, field: 'reviewRating.bestRating' })]);
    expect(store.count('claims')).toBe(0);
    await store.close();
  });
});
