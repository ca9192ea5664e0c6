import { describe, expect, it } from 'vitest';
import { ensureActor } from '../../src/core/actors.ts';
import { createDesk } from '../../src/core/create-desk.ts';
import { formatImportReport, importClaimReview } from '../../src/claimreview/index.ts';
import { MemoryStore } from '../../store/memory.ts';
import { dump, NOW, review } from './helpers.ts';
import { LEDGER_SCHEMA } from '../../src/core/store-port.ts';

describe('importClaimReview: what an item becomes', () => {
  it('creates the claim with its status, rating label, claimant, review source and appearances', async () => {
    const store = new MemoryStore(LEDGER_SCHEMA);
    const r = await importClaimReview(store, review(1), { now: NOW });
    expect(r).toMatchObject({ total: 1, imported: 1, unchanged: 0, skipped: 0, actorsCreated: 1, written: true, errors: [] });
    const [claim] = store.all('claims');
    expect(claim).toMatchObject({
      id: 'C1',
      text: 'Claim number 1 about the economy',
      status: 'mostly_false',
      claimant: 'jane-senator',
      externalRating: 'Mostly False',
      createdAt: '2024-05-01T00:00:00.000Z',
    });
    expect(claim.sources.map((s) => [s.url, s.outlet, s.note])).toEqual([
      ['https://www.politifact.com/factchecks/2024/may/02/review-1/', 'PolitiFact', 'ClaimReview: Mostly False'],
      ['https://social.example/posts/1', 'social.example', 'appearance'],
    ]);
    expect(claim.history).toHaveLength(1);
    expect(claim.history[0]).toMatchObject({ from: null, to: 'mostly_false', by: 'import:claimreview', byName: 'PolitiFact' });
    expect(claim.history[0].note).toContain('Mostly False');
    expect(store.get('actors', 'jane-senator')).toMatchObject({ name: 'Jane Senator', kind: 'person', role: 'Senator' });
  });

  it('lists each url once among the sources: firstAppearance, appearances, repeats and the review url itself', async () => {
    const store = new MemoryStore(LEDGER_SCHEMA);
    const url = 'https://www.snopes.com/fact-check/eggs/';
    await importClaimReview(
      store,
      review(1, {
        url,
        itemReviewed: {
          firstAppearance: { url: 'https://video.example/v/1', publisher: { name: 'VideoSite' } },
          appearance: ['https://video.example/v/1#t=3', 'https://www.snopes.com/fact-check/eggs', { url: 'https://blog.example/p', publisher: 'Some Blog' }, 'https://blog.example/p'],
        },
      }),
      { now: NOW },
    );
    expect(store.all('claims')[0].sources.map((s) => [s.url, s.outlet, s.note])).toEqual([
      [url, 'PolitiFact', 'ClaimReview: Mostly False'],
      ['https://video.example/v/1', 'VideoSite', 'first appearance'],
      ['https://blog.example/p', 'Some Blog', 'appearance'],
    ]);
  });

  it('an unknown label imports as unverified and keeps the label', async () => {
    const store = new MemoryStore(LEDGER_SCHEMA);
    await importClaimReview(store, review(1, { reviewRating: { alternateName: 'Full Flop' } }), { now: NOW });
    expect(store.all('claims')[0]).toMatchObject({ status: 'unverified', externalRating: 'Full Flop' });
  });

  it('an unknown label with a number uses the number, scaled between worst and best', async () => {
    const store = new MemoryStore(LEDGER_SCHEMA);
    await importClaimReview(store, review(1, { reviewRating: { alternateName: 'Largely accurate', ratingValue: '7', bestRating: '10', worstRating: '0' } }), { now: NOW });
    expect(store.all('claims')[0]).toMatchObject({ status: 'mostly_true', externalRating: 'Largely accurate' });
  });

  it('a retracted verdict keeps the verdict in history, then the retraction', async () => {
    const store = new MemoryStore(LEDGER_SCHEMA);
    await importClaimReview(store, review(1, { reviewRating: { alternateName: 'False (retracted by speaker)', ratingValue: 1 } }), { now: NOW });
    const [claim] = store.all('claims');
    expect(claim.status).toBe('retracted');
    expect(claim.history.map((h) => [h.from, h.to])).toEqual([[null, 'false'], ['false', 'retracted']]);
  });

  it('takes the whole text from itemReviewed when claimReviewed was cut short', async () => {
    const store = new MemoryStore(LEDGER_SCHEMA);
    const full = 'A very long claim that goes on and on about taxes, tariffs, wages and the price of eggs in every state of the union';
    await importClaimReview(store, review(1, { claimReviewed: 'A very long claim that goes on and on about taxes…', itemReviewed: { text: full } }), { now: NOW });
    expect(store.all('claims')[0].text).toBe(full);
  });

  it('without a claimant the claim goes to an Unknown actor; without any date it is dated now', async () => {
    const store = new MemoryStore(LEDGER_SCHEMA);
    const r = review(1, { itemReviewed: undefined, datePublished: undefined });
    await importClaimReview(store, r, { now: NOW });
    expect(store.all('claims')[0]).toMatchObject({ claimant: 'unknown', createdAt: NOW });
  });
});

describe('importClaimReview: into a desk', () => {
  it('writes to the desk store, dates undated reviews by the desk clock, and the desk search finds the claim', async () => {
    const store = new MemoryStore(LEDGER_SCHEMA);
    const desk = createDesk({ store, clock: { now: () => new Date('2026-03-04T05:06:07.000Z') } });
    const r = await importClaimReview(desk, review(1, { datePublished: undefined, itemReviewed: { author: 'Jane Senator' } }));
    expect(r.imported).toBe(1);
    expect(store.all('claims')[0].createdAt).toBe('2026-03-04T05:06:07.000Z');
    expect(desk.search.claims('economy')[0]?.id).toBe('C1');
  });
});

describe('importClaimReview: document forms', () => {
  it('accepts one object, an array and an @graph (skipping other node types, resolving @id)', async () => {
    const single = new MemoryStore(LEDGER_SCHEMA);
    expect((await importClaimReview(single, review(1), { now: NOW })).imported).toBe(1);

    const array = new MemoryStore(LEDGER_SCHEMA);
    expect((await importClaimReview(array, [review(1), review(2), review(3)], { now: NOW })).imported).toBe(3);

    const graph = new MemoryStore(LEDGER_SCHEMA);
    const doc = {
      '@context': 'https://schema.org',
      '@graph': [
        { '@type': 'Organization', '@id': '#pub', name: 'Lead Stories' },
        { '@type': 'Person', '@id': '#speaker', name: 'John Mayor', alternateName: 'Mayor John' },
        { ...review(1), author: { '@id': '#pub' }, itemReviewed: { '@type': 'Claim', author: { '@id': '#speaker' } } },
        { ...review(2), '@type': 'schema:ClaimReview' },
      ],
    };
    const r = await importClaimReview(graph, doc, { now: NOW });
    expect(r).toMatchObject({ total: 2, imported: 2, errors: [] });
    const first = graph.all('claims')[0];
    expect(first.sources[0].outlet).toBe('Lead Stories');
    expect(graph.get('actors', first.claimant)).toMatchObject({ name: 'John Mayor', aliases: ['Mayor John'], kind: 'person' });
  });

  it('accepts a JSON string', async () => {
    const store = new MemoryStore(LEDGER_SCHEMA);
    expect((await importClaimReview(store, JSON.stringify([review(1)]), { now: NOW })).imported).toBe(1);
  });
});

describe('importClaimReview: claimants are matched, not duplicated', () => {
  it('matches an existing actor by alias and by name, case-insensitively', async () => {
    const store = new MemoryStore(LEDGER_SCHEMA);
    await store.write((tx) => ensureActor(tx, 'Donald Trump', NOW, { aliases: ['Trump', 'POTUS'], kind: 'person' }));
    const items = [
      review(1, { itemReviewed: { author: { '@type': 'Person', name: 'POTUS' } } }),
      review(2, { itemReviewed: { author: 'donald trump' } }),
      review(3, { itemReviewed: { author: { name: 'The President', alternateName: ['Trump'] } } }),
    ];
    const r = await importClaimReview(store, items, { now: NOW });
    expect(r.actorsCreated).toBe(0);
    expect(store.count('actors')).toBe(1);
    expect(store.all('claims').map((c) => c.claimant)).toEqual(['donald-trump', 'donald-trump', 'donald-trump']);
  });

  it('creates one actor per new claimant within a file, whether named by name or alias', async () => {
    const store = new MemoryStore(LEDGER_SCHEMA);
    const items = [
      review(1, { itemReviewed: { author: { '@type': 'Organization', name: 'Ministry of Health', alternateName: 'MoH' } } }),
      review(2, { itemReviewed: { author: { '@type': 'Organization', name: 'MoH' } } }),
      review(3, { itemReviewed: { author: { name: 'ministry of health' } } }),
    ];
    const r = await importClaimReview(store, items, { now: NOW });
    expect(r.actorsCreated).toBe(1);
    expect(store.all('actors')).toHaveLength(1);
    expect(store.all('actors')[0]).toMatchObject({ id: 'ministry-of-health', kind: 'organization', aliases: ['MoH'] });
  });
});

describe('importClaimReview: idempotent by review url', () => {
  it('re-importing the same file changes nothing and writes nothing', async () => {
    const store = new MemoryStore(LEDGER_SCHEMA);
    const file = [review(1), review(2), review(3)];
    await importClaimReview(store, file, { now: NOW });
    const before = dump(store);
    let commits = 0;
    store.onCommit(() => commits++);
    const again = await importClaimReview(store, file, { now: '2027-01-01T00:00:00.000Z' });
    expect(again).toMatchObject({ imported: 0, unchanged: 3, actorsCreated: 0, errors: [] });
    expect(dump(store)).toBe(before);
    expect(commits).toBe(0);
  });

  it('the same review url differing only by fragment, trailing slash or host case is the same review', async () => {
    const store = new MemoryStore(LEDGER_SCHEMA);
    await importClaimReview(store, review(1, { url: 'https://www.Snopes.com/fact-check/x/' }), { now: NOW });
    const r = await importClaimReview(store, [review(2, { url: 'https://www.snopes.com/fact-check/x#top' }), review(3, { url: 'https://www.snopes.com/fact-check/x' })], { now: NOW });
    expect(r).toMatchObject({ imported: 0, unchanged: 2 });
  });

  it('a repeated url inside one file is imported once', async () => {
    const store = new MemoryStore(LEDGER_SCHEMA);
    const r = await importClaimReview(store, [review(1), review(1)], { now: NOW });
    expect(r).toMatchObject({ imported: 1, unchanged: 1 });
    expect(store.count('claims')).toBe(1);
  });

  it('new reviews in a grown file are added, old ones left alone', async () => {
    const store = new MemoryStore(LEDGER_SCHEMA);
    await importClaimReview(store, [review(1)], { now: NOW });
    const r = await importClaimReview(store, [review(1), review(2)], { now: NOW });
    expect(r).toMatchObject({ imported: 1, unchanged: 1 });
    expect(store.all('claims').map((c) => c.id)).toEqual(['C1', 'C2']);
  });
});

describe('importClaimReview: malformed input', () => {
  const bad = [
    review(1),
    review(2, { url: 'not a url', reviewRating: { alternateName: 'False', ratingValue: 'high' } }),
    review(3, { claimReviewed: '   ', datePublished: 'yesterday' }),
    review(4, { itemReviewed: { author: { '@type': 'Person' }, appearance: ['javascript:alert(1)'] } }),
    review(5, { reviewRating: { ratingValue: 9, bestRating: 5, worstRating: 1 } }),
    review(6, { reviewRating: {} }),
    review(7, { '@type': 'NewsArticle' }),
    review(8),
  ];

  it('reports each bad item by position, url and field, and writes nothing', async () => {
    const store = new MemoryStore(LEDGER_SCHEMA);
    await importClaimReview(store, review(100), { now: NOW });
    const before = dump(store);
    const r = await importClaimReview(store, bad, { now: NOW });
    expect(r).toMatchObject({ total: 8, imported: 0, written: false });
    expect(dump(store)).toBe(before);
    const where = r.errors.map((e) => `${e.item} ${e.field}`);
    expect(where).toEqual(
      expect.arrayContaining([
        '2 url',
        '2 reviewRating.ratingValue',
        '3 claimReviewed',
        '3 datePublished',
        '4 itemReviewed.author[0].name',
        '4 itemReviewed.appearance[0].url',
        '5 reviewRating.ratingValue',
        '6 reviewRating.alternateName',
        '7 @type',
      ]),
    );
    expect(r.errors.some((e) => e.item === 1 || e.item === 8)).toBe(false);
    expect(r.errors.find((e) => e.item === 3)?.url).toBe('https://www.politifact.com/factchecks/2024/may/04/review-3/');
    const text = formatImportReport(r);
    expect(text).toContain('nothing written');
    expect(text).toContain('--skip-invalid');
    expect(text).toContain('item 5 (https://www.politifact.com/factchecks/2024/may/06/review-5/): reviewRating.ratingValue: must lie between worstRating 1 and bestRating 5');
  });

  it('with skipInvalid imports the valid items and reports the rest', async () => {
    const store = new MemoryStore(LEDGER_SCHEMA);
    const r = await importClaimReview(store, bad, { now: NOW, skipInvalid: true });
    expect(r).toMatchObject({ total: 8, imported: 2, skipped: 6, written: true });
    expect(store.all('claims').map((c) => c.text)).toEqual(['Claim number 1 about the economy', 'Claim number 8 about the economy']);
    expect(formatImportReport(r)).toMatch(/2 imported, 0 unchanged .*6 invalid skipped/);
  });

  it.each([
    ['a number', 42],
    ['null', null],
    ['an empty array', []],
    ['broken JSON text', '{"@type": "ClaimReview",'],
    ['@graph that is not a list', { '@graph': {} }],
  ])('a file that is %s gets a file-level error', async (_name, json) => {
    const store = new MemoryStore(LEDGER_SCHEMA);
    const r = await importClaimReview(store, json, { now: NOW, skipInvalid: true });
    expect(r.written).toBe(false);
    expect(r.errors[0]).toMatchObject({ item: 0, field: '(file)' });
    expect(store.count('claims')).toBe(0);
    expect(formatImportReport(r)).toContain('file: (file):');
  });
});
