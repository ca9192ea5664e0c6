// Every source has a kind (where the claim was made, evidence, an outlet's review) and is exported where it belongs.
import { describe, expect, it } from 'vitest';
import { exportClaimReview, importClaimReview } from '../../src/claimreview/index.ts';
import { exportLedger, importLedger } from '../../src/ledger-json.ts';
import { MemoryStore } from '../../store/memory.ts';
import { busyDesk, demoDesk } from './desk.ts';
import { review } from './helpers.ts';
import { LEDGER_SCHEMA } from '../../src/core/store-port.ts';

const ORG = { name: 'Newsroom Desk', url: 'https://desk.example.org' };
type Node = Record<string, any>;
const deskReview = (graph: Node[], id: string) => graph.find((n) => n.url === `${ORG.url}/claims/${id}`)!;
const urls = (works: Node[] | undefined) => (works ?? []).map((w) => w.url);

describe('source kinds', () => {
  it('each way in gives its kind: /claim add source: and a flag = appearance, /claim set and /claim source = evidence, an import = review + appearances', async () => {
    const w = await busyDesk();
    const kinds = (id: string) => w.store.get('claims', id)!.sources.map((s) => [s.url, s.kind]);
    expect(kinds('C1')).toEqual([
      ['https://news.example/mayor-speech', 'appearance'],
      ['https://police.example/figures-2025', 'evidence'],
      ['https://stats.example/crime-table', 'evidence'],
    ]);
    expect(kinds('C4')).toEqual([
      ['https://www.politifact.com/factchecks/2024/may/02/review-1/', 'review'],
      ['https://social.example/posts/1', 'appearance'],
    ]);
    // the JSON export keeps url, outlet, note, and says the kind
    const c1 = exportLedger(w.store).claims.find((c) => c.id === 'C1')!;
    expect(c1.sources[2]).toMatchObject({ url: 'https://stats.example/crime-table', outlet: 'stats.example', note: 'the full table', kind: 'evidence' });
  });

  it('appearances go to itemReviewed.appearance, evidence to the review citation', async () => {
    const graph = exportClaimReview((await busyDesk()).store, ORG)['@graph'] as Node[];
    const c1 = deskReview(graph, 'C1');
    expect(urls(c1.itemReviewed.appearance)).toEqual(['https://news.example/mayor-speech']);
    expect(urls(c1.citation)).toEqual(['https://police.example/figures-2025', 'https://stats.example/crime-table']);
    // the flagged message is where the claim was made
    const c3 = deskReview(graph, 'C3');
    expect(urls(c3.itemReviewed.appearance)).toEqual(['https://newsroom.slack.com/archives/C0NEWS/p1763200000000100']);
    expect(c3.citation).toBeUndefined();
  });

  it('an imported citation is evidence, and evidence survives export → import', async () => {
    const store = new MemoryStore(LEDGER_SCHEMA);
    await importClaimReview(store, review(1, { citation: [{ '@type': 'CreativeWork', url: 'https://data.example/table-1' }, 'https://data.example/table-2'] }));
    expect(store.all('claims')[0].sources.map((s) => [s.url, s.kind])).toEqual([
      ['https://www.politifact.com/factchecks/2024/may/02/review-1/', 'review'],
      ['https://social.example/posts/1', 'appearance'],
      ['https://data.example/table-1', 'evidence'],
      ['https://data.example/table-2', 'evidence'],
    ]);
    const w = await busyDesk();
    const back = new MemoryStore(LEDGER_SCHEMA);
    await importClaimReview(back, exportClaimReview(w.store, ORG));
    const c1 = back.all('claims').find((c) => c.text === 'Crime fell 20% last year')!;
    expect(c1.sources.map((s) => [s.url, s.kind])).toEqual([
      [`${ORG.url}/claims/C1`, 'review'],
      ['https://news.example/mayor-speech', 'appearance'],
      ['https://police.example/figures-2025', 'evidence'],
      ['https://stats.example/crime-table', 'evidence'],
    ]);
  });

  it('the demo sources are where the claims were reported (appearances)', async () => {
    const w = await demoDesk();
    for (const c of w.store.all('claims')) expect(c.sources.map((s) => s.kind)).toEqual(['appearance']);
  });

  it('stored sources without a kind still load and export: given at creation = appearance, a review note = review, the rest evidence', async () => {
    const at = '2026-10-01T09:00:00.000Z';
    const later = '2026-10-02T09:00:00.000Z';
    const old = {
      format: 'claimdesk',
      version: 1,
      actors: [{ id: 'jane-mayor', name: 'Jane Mayor', role: '', aliases: [] }],
      claims: [
        {
          id: 'C1', text: 'Crime fell', status: 'false', claimant: 'jane-mayor', subjects: [], tags: [],
          sources: [
            { url: 'https://news.example/speech', outlet: 'news.example', note: '', addedAt: at, addedBy: 'console:editor' },
            { url: 'https://police.example/figures', outlet: 'police.example', note: '', addedAt: later, addedBy: 'console:editor' },
            { url: 'https://stats.example/table', outlet: 'stats.example', note: 'the table', addedAt: later, addedBy: 'console:editor' },
          ],
          history: [
            { at, by: 'console:editor', byName: 'Ed', from: null, to: 'unverified', note: '' },
            { at: later, by: 'console:editor', byName: 'Ed', from: 'unverified', to: 'false', note: '', source: 'https://police.example/figures' },
          ],
          createdAt: at, updatedAt: later,
        },
      ],
    };
    const store = new MemoryStore(LEDGER_SCHEMA);
    await importLedger(store, old);
    const [r] = exportClaimReview(store, ORG)['@graph'] as Node[];
    expect(urls(r.itemReviewed.appearance)).toEqual(['https://news.example/speech']);
    expect(urls(r.citation)).toEqual(['https://police.example/figures', 'https://stats.example/table']);
    // and the file read back is unchanged
    expect(exportLedger(store).claims[0].sources).toEqual(old.claims[0].sources);
  });
});
