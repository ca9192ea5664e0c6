// A publisher re-rates a claim: re-importing its newer review updates the verdict, with a history entry by it.
import { describe, expect, it } from 'vitest';
import { exportClaimReview, formatImportReport, importClaimReview } from '../../src/claimreview/index.ts';
import { workDesk } from './desk.ts';
import { dump, review } from './helpers.ts';

const URL1 = 'https://www.politifact.com/factchecks/2024/may/02/review-1/';
const FALSE = { '@type': 'Rating', alternateName: 'False', ratingValue: 1, bestRating: 6, worstRating: 1 };

async function imported() {
  const w = workDesk();
  await importClaimReview(w.desk, review(1)); // Mostly False, 2024-05-01
  return w;
}

describe('re-importing a review', () => {
  it('a newer review under the same url (dateModified, another rating) updates the verdict, by the outlet', async () => {
    const w = await imported();
    w.setClock('2026-11-21T08:00:00Z');
    const r = await importClaimReview(w.desk, review(1, { dateModified: '2024-06-10', reviewRating: FALSE }));
    expect(r).toMatchObject({ total: 1, imported: 0, updated: 1, unchanged: 0 });
    expect(formatImportReport(r)).toMatch(/1 updated \(re-rated by their publisher\)/);
    const c = w.store.get('claims', 'C1')!;
    expect(c.status).toBe('false');
    expect(c.externalRating).toBe('False');
    expect(c.history.at(-1)).toMatchObject({
      at: '2026-11-21T08:00:00.000Z',
      by: 'import:claimreview',
      byName: 'PolitiFact',
      from: 'mostly_false',
      to: 'false',
      source: URL1,
    });
    expect(c.history.at(-1)!.note).toMatch(/PolitiFact re-rated it "False"/);
    // still one review source, now saying what the outlet says now
    expect(c.sources.filter((s) => s.url === URL1)).toHaveLength(1);
    const [published] = exportClaimReview(w.store, { name: 'Desk' })['@graph'] as Record<string, any>[];
    expect(published).toMatchObject({ url: URL1, dateModified: '2024-06-10T00:00:00.000Z', reviewRating: { alternateName: 'False', ratingValue: 1 } });
  });

  it('a newer datePublished with another rating counts as a re-rating too', async () => {
    const w = await imported();
    const r = await importClaimReview(w.desk, review(1, { datePublished: '2024-07-01', reviewRating: { alternateName: 'Half True' } }));
    expect(r).toMatchObject({ updated: 1 });
    expect(w.store.get('claims', 'C1')!.status).toBe('mixed');
  });

  it('the identical review again is a no-op; an older copy with another rating is ignored', async () => {
    const w = await imported();
    const before = dump(w.store);
    expect(await importClaimReview(w.desk, review(1))).toMatchObject({ imported: 0, updated: 0, unchanged: 1 });
    expect(await importClaimReview(w.desk, review(1, { datePublished: '2024-04-01', reviewRating: FALSE }))).toMatchObject({ updated: 0, unchanged: 1 });
    expect(dump(w.store)).toBe(before);
  });

  it('the desk’s own verdict stands; the outlet’s review is updated beside it', async () => {
    const w = await imported();
    await w.claim('set C1 misleading note: our own check');
    const r = await importClaimReview(w.desk, review(1, { dateModified: '2024-06-10', reviewRating: FALSE }));
    expect(r).toMatchObject({ updated: 1 });
    const c = w.store.get('claims', 'C1')!;
    expect(c.status).toBe('misleading');
    expect(c.history.at(-1)!.byName).toBe('Ed Itor');
    const graph = exportClaimReview(w.store, { name: 'Desk' })['@graph'] as Record<string, any>[];
    expect(graph.map((n) => n.reviewRating.alternateName)).toEqual(['Misleading', 'False']);
  });

  it('channels watching the claim get the alert of the re-rating', async () => {
    const w = await imported();
    await w.claim('watch C1');
    await importClaimReview(w.desk, review(1, { dateModified: '2024-06-10', reviewRating: FALSE }));
    const alerts = w.store.all('outbox').filter((o) => o.kind === 'alert');
    expect(alerts).toHaveLength(1);
    expect(JSON.stringify(alerts[0].reply)).toMatch(/C1/);
  });
});
