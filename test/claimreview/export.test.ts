import { describe, expect, it } from 'vitest';
import { exportClaimReview, isClaimReview } from '../../src/claimreview/index.ts';
import { ledger } from './helpers.ts';

const ORG = { name: 'Newsroom Desk', url: 'https://desk.example.org/' };
const LONG = 'Alex Pretti sought to "massacre" federal agents before he was shot, according to the deputy chief of staff';

async function sample() {
  return ledger([
    { text: 'Crime fell 10% last year', by: 'Jane Mayor', kind: 'person', role: 'Mayor', aliases: ['Mayor Jane'], path: ['in_review', 'false'], sources: [{ url: 'https://news.example/a', outlet: 'Example News' }] },
    { text: 'Not yet checked', by: 'Jane Mayor', path: [] },
    { text: 'Being checked', by: 'Jane Mayor', path: ['in_review'] },
    { text: LONG, by: 'White House', kind: 'organization', path: ['mostly_true'] },
    { text: 'We never said that', by: 'Bob Speaker', path: ['mixed', 'retracted'] },
    { text: 'Withdrawn before any check', by: 'Bob Speaker', path: ['retracted'] },
  ]);
}

describe('exportClaimReview', () => {
  it('publishes one ClaimReview per claim with a verdict, in id order', async () => {
    const doc = exportClaimReview(await sample(), ORG);
    expect(doc['@context']).toBe('https://schema.org');
    expect(doc['@graph'].map((r) => r.url)).toEqual([
      'https://desk.example.org/claims/C1',
      'https://desk.example.org/claims/C4',
      'https://desk.example.org/claims/C5',
      'https://desk.example.org/claims/C6',
    ]);
  });

  it('writes every field Google reads: rating on a 1–5 scale, claimant, appearance, date, the desk as author', async () => {
    const [first] = exportClaimReview(await sample(), ORG)['@graph'];
    expect(first).toEqual({
      '@type': 'ClaimReview',
      url: 'https://desk.example.org/claims/C1',
      claimReviewed: 'Crime fell 10% last year',
      datePublished: expect.stringMatching(/^2026-10-01T09:0\d:00.000Z$/),
      author: { '@type': 'Organization', name: 'Newsroom Desk', url: 'https://desk.example.org/' },
      reviewRating: { '@type': 'Rating', ratingValue: 1, bestRating: 5, worstRating: 1, alternateName: 'False' },
      itemReviewed: {
        '@type': 'Claim',
        author: { '@type': 'Person', name: 'Jane Mayor', alternateName: ['Mayor Jane'], jobTitle: 'Mayor' },
        // no datePublished: when a claim typed in by hand was made is unknown
        text: 'Crime fell 10% last year',
        appearance: [{ '@type': 'CreativeWork', url: 'https://news.example/a', publisher: { '@type': 'Organization', name: 'Example News' } }],
      },
    });
  });

  it('cuts claimReviewed to 75 characters with an ellipsis and keeps the whole text in itemReviewed.text', async () => {
    const review = exportClaimReview(await sample(), ORG)['@graph'][1] as Record<string, any>;
    expect(review.claimReviewed.length).toBeLessThanOrEqual(75);
    expect(review.claimReviewed.endsWith('…')).toBe(true);
    expect(LONG.startsWith(review.claimReviewed.slice(0, -1))).toBe(true);
    expect(review.itemReviewed.text).toBe(LONG);
    expect(review.itemReviewed.author['@type']).toBe('Organization');
    expect(review.reviewRating).toMatchObject({ ratingValue: 4, alternateName: 'Mostly true' });
  });

  it('a retracted claim keeps its last verdict and says it was retracted by the speaker', async () => {
    const graph = exportClaimReview(await sample(), ORG)['@graph'];
    expect(graph[2].reviewRating).toMatchObject({ ratingValue: 3, alternateName: 'Mixed (retracted by speaker)' });
    expect(graph[3].reviewRating).toEqual({ '@type': 'Rating', bestRating: 5, worstRating: 1, alternateName: 'Retracted by speaker' });
  });

  it('without an org url the review urls are urn:claimdesk ids, and the author has no url', async () => {
    const doc = exportClaimReview(await sample(), { name: 'claimdesk' });
    expect(doc['@graph'][0].url).toBe('urn:claimdesk:claim:C1');
    expect(doc['@graph'][0].author).toEqual({ '@type': 'Organization', name: 'claimdesk' });
  });

  it('the export is plain JSON (survives a JSON round trip unchanged)', async () => {
    const doc = exportClaimReview(await sample(), ORG);
    expect(JSON.parse(JSON.stringify(doc))).toEqual(doc);
  });
});

describe('isClaimReview', () => {
  it('recognises ClaimReview JSON-LD in all three forms', () => {
    expect(isClaimReview({ '@type': 'ClaimReview', claimReviewed: 'x' })).toBe(true);
    expect(isClaimReview([{ '@type': 'ClaimReview' }])).toBe(true);
    expect(isClaimReview({ '@context': 'https://schema.org', '@graph': [{ '@type': 'Organization' }, { '@type': ['ClaimReview'] }] })).toBe(true);
    expect(isClaimReview({ claimReviewed: 'untyped but unmistakable' })).toBe(true);
  });

  it('says no to the claimdesk export and to other JSON', () => {
    expect(isClaimReview({ format: 'claimdesk', version: 1, actors: [], claims: [] })).toBe(false);
    expect(isClaimReview({ '@type': 'NewsArticle' })).toBe(false);
    expect(isClaimReview([])).toBe(false);
    expect(isClaimReview('ClaimReview')).toBe(false);
    expect(isClaimReview(null)).toBe(false);
  });
});

describe('exportClaimReview called with an options object', () => {
  it('takes { org } as well as the org itself', async () => {
    const store = await ledger([{ text: 'x', by: 'A', path: ['false'] }]);
    expect(exportClaimReview(store, { org: ORG })).toEqual(exportClaimReview(store, ORG));
  });
});
