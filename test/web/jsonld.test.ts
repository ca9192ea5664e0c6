// GET /claims.jsonld on a big ledger: streamed in slices, so the server keeps answering other pages while
// it is produced; the body is the export's own, and follows every change.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { exportClaimReview } from '../../src/claimreview/export.ts';
import { createWeb } from '../../src/web/server.ts';
import { startWebDesk, type WebDesk } from './helpers.ts';

let d: WebDesk | undefined;
afterEach(async () => {
  await d?.close();
  d = undefined;
});

/** n more published claims, written straight to the store as an import would. */
async function addClaims(desk: WebDesk['desk'], n: number, idOf = (i: number) => `C${1000 + i}`): Promise<void> {
  const at = '2026-01-01T00:00:00.000Z';
  const by = 'import';
  await desk.store.write((tx) => {
    for (let i = 0; i < n; i++) {
      const id = idOf(i);
      tx.put('claims', {
        id,
        text: `Bulk claim number ${i} about the budget and the ferry timetable, said at a rally`,
        status: 'false',
        claimant: 'stephen-miller',
        subjects: [],
        tags: [],
        sources: [{ url: `https://news.example/${i}`, outlet: 'news.example', note: '', addedAt: at, addedBy: by }],
        history: [
          { at, by, byName: by, from: null, to: 'unverified', note: '' },
          { at, by, byName: by, from: 'unverified', to: 'false', note: 'checked' },
        ],
        flagCount: 0,
        createdAt: at,
        updatedAt: at,
      } as never);
    }
  });
}

describe('GET /claims.jsonld', () => {
  it('a claim page asked for while a 20k-claim export is being produced is answered before the export ends', async () => {
    d = await startWebDesk();
    await addClaims(d.desk, 20_000);
    const ended: string[] = [];
    // notes when each response is ended, before the pages' own handler runs
    d.web.server.prependListener('request', (req: IncomingMessage, res: ServerResponse) => {
      const end = res.end.bind(res) as (...a: unknown[]) => ServerResponse;
      res.end = ((...a: unknown[]) => {
        ended.push(req.url!);
        return end(...a);
      }) as ServerResponse['end'];
    });
    const exp = await d.get('/claims.jsonld');
    expect(exp.status).toBe(200);
    const reader = exp.body!.getReader();
    const chunks: Uint8Array[] = [(await reader.read()).value!]; // the export has started
    const claim = await d.get('/claims/C1');
    expect(claim.status).toBe(200);
    await claim.text();
    for (let r = await reader.read(); !r.done; r = await reader.read()) chunks.push(r.value);
    expect(ended).toEqual(['/claims/C1', '/claims.jsonld']);
    const doc = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { '@graph': unknown[] };
    expect(doc['@graph']).toHaveLength(20_003);
  }, 60_000);

  it('is the export, byte for byte once parsed, and follows a change (new ETag, new verdict)', async () => {
    d = await startWebDesk();
    const org = { ...d.desk.settings.org, publicUrl: d.base };
    await addClaims(d.desk, 3, (i) => `C${900 - i}`); // imported out of id order: the export sorts by id
    const first = await d.get('/claims.jsonld');
    expect(await first.json()).toEqual(exportClaimReview(d.desk.store, org));
    const etag = first.headers.get('etag')!;
    expect((await d.get('/claims.jsonld', { 'if-none-match': etag })).status).toBe(304);
    await d.claim('set C2 mostly false note: new footage');
    const again = await d.get('/claims.jsonld', { 'if-none-match': etag });
    expect(again.status).toBe(200);
    expect(again.headers.get('etag')).not.toBe(etag);
    const doc = (await again.json()) as { '@graph': { url: string; reviewRating: { alternateName: string } }[] };
    expect(doc).toEqual(exportClaimReview(d.desk.store, org));
    expect(doc['@graph'].find((r) => r.url.endsWith('/claims/C2'))!.reviewRating.alternateName).toBe('Mostly false');
    const head = await fetch(`${d.base}/claims.jsonld`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });

  it('ETags come from the ledger, not the process: a restart after a change made meanwhile never answers 304', async () => {
    d = await startWebDesk();
    const paths = ['/claims.jsonld', '/claims', '/feed.xml', '/actors/stephen-miller'];
    const before = await Promise.all(paths.map(async (p) => (await d!.get(p)).headers.get('etag')!));
    const etagOf = (web: ReturnType<typeof createWeb>, p: string) =>
      new Promise<string>((resolve) => {
        const res = { headers: {} as Record<string, string>, writeHead(_s: number, h: Record<string, string>) { this.headers = h; }, write: () => true, end() { resolve(this.headers.etag); }, on() {}, off() {}, destroyed: false };
        web.handle({ method: 'HEAD', url: p, headers: {} } as never, res as never);
      });
    const start = () => createWeb(d!.desk, { publicUrl: d!.base, org: d!.desk.settings.org });
    // the same ledger served by a second instance: the same ETags
    const twin = start();
    expect(await Promise.all(paths.map((p) => etagOf(twin, p)))).toEqual(before);
    twin.pages.close();
    await d.web.close(); // the first instance stops…
    await d.claim('set C2 mostly false note: new footage'); // …the ledger changes meanwhile…
    const other = start(); // …and it starts again
    const after = await Promise.all(paths.map((p) => etagOf(other, p)));
    paths.forEach((p, i) => expect(after[i], p).not.toBe(before[i]));
    other.pages.close();
  });
});
