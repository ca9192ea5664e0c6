// Another outlet's fact-check is published as theirs, never as the desk's.
import { describe, expect, it } from 'vitest';
import { exportClaimReview, importClaimReview } from '../../src/claimreview/index.ts';
import { MemoryStore } from '../../store/memory.ts';
import { workDesk } from './desk.ts';
import { review } from './helpers.ts';
import { LEDGER_SCHEMA } from '../../src/core/store-port.ts';

const ORG = { name: 'Newsroom Desk', url: 'https://desk.example.org' };
type Node = Record<string, any>;
const POLITIFACT_1 = 'https://www.politifact.com/factchecks/2024/may/02/review-1/';

async function imported() {
  const w = workDesk();
  await importClaimReview(w.desk, review(1));
  return w;
}

describe('ClaimReview export of imported reviews', () => {
  it('a verdict that came from another outlet is exported as their review: their url, author, label and date', async () => {
    const w = await imported();
    const graph = exportClaimReview(w.store, ORG)['@graph'] as Node[];
    expect(graph).toHaveLength(1);
    const [r] = graph;
    expect(r).toMatchObject({
      '@type': 'ClaimReview',
      url: POLITIFACT_1,
      claimReviewed: 'Claim number 1 about the economy',
      datePublished: '2024-05-01T00:00:00.000Z',
      author: { '@type': 'Organization', name: 'PolitiFact', url: 'https://www.politifact.com' },
      reviewRating: { '@type': 'Rating', alternateName: 'Mostly False', ratingValue: 2, bestRating: 6, worstRating: 1 },
      itemReviewed: { author: { name: 'Jane Senator' }, appearance: [{ url: 'https://social.example/posts/1' }] },
    });
    // nothing credits the desk with it
    expect(JSON.stringify(graph)).not.toContain('Newsroom Desk');
    expect(JSON.stringify(graph)).not.toContain('desk.example.org/claims/');
  });

  it('once the desk gives its own verdict, the desk review is exported beside the outlet’s', async () => {
    const w = await imported();
    await w.claim('set C1 false note: our own check source: https://stats.example/jobs');
    const graph = exportClaimReview(w.store, ORG)['@graph'] as Node[];
    expect(graph.map((n) => [n.url, n.author.name, n.reviewRating.alternateName])).toEqual([
      ['https://desk.example.org/claims/C1', 'Newsroom Desk', 'False'],
      [POLITIFACT_1, 'PolitiFact', 'Mostly False'],
    ]);
    expect(graph[0].citation.map((c: Node) => c.url)).toEqual(['https://stats.example/jobs']);
  });

  it('a retraction recorded by the desk on an outlet’s verdict does not make that verdict the desk’s', async () => {
    const w = await imported();
    await w.claim('set C1 retracted note: the senator withdrew it');
    const graph = exportClaimReview(w.store, ORG)['@graph'] as Node[];
    expect(graph.map((n) => n.url)).toEqual([POLITIFACT_1]);
  });

  it('exporting an imported export publishes the same reviews, by the same authors', async () => {
    const w = workDesk();
    await w.claim('add Crime fell 20% last year by: Jane Mayor source: https://news.example/speech');
    await w.claim('set C1 false source: https://police.example/figures');
    await importClaimReview(w.desk, [review(1), review(2, { reviewRating: { alternateName: 'Pants on Fire' } })]);
    const first = JSON.parse(JSON.stringify(exportClaimReview(w.store, ORG)));
    const other = new MemoryStore(LEDGER_SCHEMA);
    await importClaimReview(other, first);
    const second = JSON.parse(JSON.stringify(exportClaimReview(other, { name: 'Second Desk', url: 'https://second.example' })));
    expect(second).toEqual(first);
  });
});
