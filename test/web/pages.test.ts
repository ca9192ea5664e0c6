// The public pages over HTTP, as a reader, a crawler or a CDN sees them.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createClaim, setStatus } from '../../src/core/claims.ts';
import { jsonLd, startWebDesk, type WebDesk } from './helpers.ts';

let d: WebDesk;
beforeEach(async () => {
  d = await startWebDesk();
});
afterEach(async () => {
  await d.close();
});

const text = async (path: string) => {
  const r = await d.get(path);
  return { status: r.status, body: await r.text(), headers: r.headers };
};

describe('what is public', () => {
  it('a claim page shows the claim, claimant, verdict with date, note, history and JSON-LD pointing at itself', async () => {
    const { status, body, headers } = await text('/claims/C1');
    expect(status).toBe(200);
    expect(headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(body).toContain('Alex Pretti sought to &quot;massacre&quot; agents');
    expect(body).toContain('Stephen Miller');
    expect(body).toContain('<span class="verdict st-false">False</span>');
    expect(body).toMatch(/Rated false on <time datetime="[^"]+">/);
    const [review] = jsonLd(body);
    expect(review).toMatchObject({ '@context': 'https://schema.org', '@type': 'ClaimReview', url: `${d.base}/claims/C1` });
    expect(review.reviewRating).toMatchObject({ alternateName: 'False', ratingValue: 1 });
    expect(review).toHaveProperty('claimReviewed');
    expect(review).toHaveProperty('author');
    expect(review).toHaveProperty('datePublished');
  });

  it('an unverified or in-review claim answers 404 exactly like an unknown id', async () => {
    await d.claim('set C1 in review note: looking again');
    const unknown = await text('/claims/C999');
    for (const id of ['C3', 'C5', 'C1']) {
      const r = await text(`/claims/${id}`);
      expect(r.status).toBe(404);
      expect(r.body.replaceAll(id, 'C999')).toBe(unknown.body);
    }
    const board = await text('/claims');
    expect(board.body).not.toContain('/claims/C3');
    expect(board.body).not.toContain('followed protocols');
    expect(board.body).not.toContain('/claims/C1"');
  });

  it('never shows editors, flaggers, channels or internal notes; a public note is shown', async () => {
    await d.claim('set C4 false note: checked the transcripts source: https://news.example/transcript');
    await d.claim('set C4 misleading note: our source at the agency says so internal: yes source: https://news.example/leak');
    const page = (await text('/claims/C4')).body;
    expect(page).toContain('checked the transcripts');
    expect(page).toContain('Correction:');
    expect(page).not.toContain('our source at the agency');
    for (const secret of ['UEDITOR42', 'slack:', 'Ana Editor', 'CSECRET', 'secret-desk', 'demo']) expect(page).not.toContain(secret);
    for (const path of ['/claims', '/actors/white-house-official-unnamed', '/feed.xml', '/claims.jsonld']) {
      const body = (await text(path)).body;
      expect(body, path).not.toContain('our source at the agency');
      expect(body, path).not.toContain('UEDITOR42');
      expect(body, path).not.toContain('Ana Editor');
    }
  });

  it('exported review urls are the pages', async () => {
    const r = await d.get('/claims.jsonld');
    expect(r.headers.get('content-type')).toBe('application/ld+json; charset=utf-8');
    const doc = (await r.json()) as { '@graph': { url: string }[] };
    expect(doc['@graph'].map((x) => x.url)).toEqual([`${d.base}/claims/C1`, `${d.base}/claims/C2`, `${d.base}/claims/C4`]);
  });
});

describe('hostile text', () => {
  it('claim text with </script>, an attribute break-out and RTL overrides stays text, and the JSON-LD still parses', async () => {
    // as an import could bring it: the chat commands already drop bidi controls
    const evil = 'Vote </script><script>alert(1)</script> "><img src=x onerror=alert(2)> \u202Egnp.exe\u202C today';
    const by = { key: 'import', name: 'import' };
    const now = '2026-11-21T10:00:00.000Z';
    const { id } = await d.desk.store.write((tx) => {
      const c = createClaim(tx, { text: evil, claimant: 'stephen-miller' }, by, now);
      return setStatus(tx, d.desk, c.id, 'false', by, now, { note: '<b>bold</b> claim' }).claim;
    });
    const { body } = await text(`/claims/${id}`);
    expect(body).not.toContain('<script>alert');
    expect(body).not.toContain('<img src=x');
    expect(body).not.toContain('<b>bold');
    expect(body).toContain('&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(body.match(/<script/g)).toHaveLength(1); // only the JSON-LD block
    // an RTL override would show "gnp.exe" as "exe.png": the controls are shown by name, not obeyed
    expect(body).toContain('[U+202E]gnp.exe[U+202C] today');
    expect(body.replace(/<script[\s\S]*?<\/script>/, '')).not.toMatch(/[\u202A-\u202E\u2066-\u2069]/);
    expect((await text('/claims')).body).toContain('[U+202E]gnp.exe[U+202C]');
    const [review] = jsonLd(body);
    expect((review.itemReviewed as { text: string }).text).toBe(evil);
  });
});

describe('the board', () => {
  it('lists latest verdicts first, filters by status and actor, searches, and pages', async () => {
    await d.claim('set C3 true note: confirmed');
    const board = (await text('/claims')).body;
    const order = [...board.matchAll(/href="[^"]+\/claims\/(C\d+)"/g)].map((m) => m[1]);
    expect(order[0]).toBe('C3');
    expect(new Set(order)).toEqual(new Set(['C1', 'C2', 'C3', 'C4']));
    const onlyFalse = (await text('/claims?status=false')).body;
    expect([...onlyFalse.matchAll(/class="claim-link" href="[^"]+\/claims\/(C\d+)"/g)].map((m) => m[1]).sort()).toEqual(['C1', 'C2']);
    const search = (await text('/claims?q=massacre')).body;
    expect([...search.matchAll(/class="claim-link" href="[^"]+\/claims\/(C\d+)"/g)].map((m) => m[1])).toEqual(['C1']);
    const byActor = (await text('/claims?actor=stephen-miller&status=true')).body;
    expect([...byActor.matchAll(/class="claim-link" href="[^"]+\/claims\/(C\d+)"/g)].map((m) => m[1])).toEqual(['C3']);
    for (let i = 0; i < 25; i++) {
      const id = /C\d+/.exec(await d.claim(`add Paging claim number ${i} by: Pager`))![0];
      await d.claim(`set ${id} mixed`);
    }
    const p1 = (await text('/claims?status=mixed')).body;
    expect(p1).toContain('page 1 of 2');
    expect(p1).toContain('rel="next" href="' + d.base + '/claims?status=mixed&amp;page=2"');
    expect((await text('/claims?status=mixed&page=2')).body).toContain('Miller&#39;s role is strictly policy');
  });

  it('bad input gets a 400 page that says what was wrong; a page past the end a 404', async () => {
    const cases: [string, number, string][] = [
      ['/claims?status=bogus', 400, '“bogus” is not a verdict'],
      ['/claims?status=in%20review', 400, 'are not published'],
      ['/claims?page=0', 400, 'not a page number'],
      ['/claims?page=abc', 400, 'not a page number'],
      [`/claims?q=${'x'.repeat(201)}`, 400, 'at most 200 characters'],
      ['/claims?page=7', 404, 'There is no page 7'],
      ['/claims?actor=nobody', 404, 'no actor “nobody”'],
      ['/claims/hello', 400, '“hello” is not a claim id'],
      ['/claims/%E0%A4', 400, 'broken %-escape'],
      ['/actors/cnn', 404, 'no actor “cnn”'], // CNN's only claim is unverified: not on the board
      ['/nothing/here', 404, 'There is no page at /nothing/here'],
    ];
    for (const [path, status, says] of cases) {
      const r = await text(path);
      expect(r.status, path).toBe(status);
      expect(r.body, path).toContain(says);
      expect(r.headers.get('content-type'), path).toBe('text/html; charset=utf-8');
    }
    expect((await d.get('/claims/c1')).headers.get('location')).toBe(`${d.base}/claims/C1`);
    expect((await fetch(`${d.base}/claims`, { method: 'POST' })).status).toBe(405);
  });
});

describe('actors and the feed', () => {
  it('an actor page has the actor, the tally by status and their public claims', async () => {
    const { status, body } = await text('/actors/stephen-miller');
    expect(status).toBe(200);
    expect(body).toContain('<h1><bdi>Stephen Miller</bdi></h1>');
    expect(body).toMatch(/st-false" href="[^"]+">False<\/a> 2/);
    expect(body).toContain('/claims/C1');
    expect(body).not.toContain('/claims/C3');
  });

  it('the Atom feed lists verdicts and corrections with links to the pages', async () => {
    await d.claim('set C2 mostly false note: new footage');
    const r = await d.get('/feed.xml');
    expect(r.headers.get('content-type')).toBe('application/atom+xml; charset=utf-8');
    const xml = await r.text();
    expect(xml).toContain('<feed xmlns="http://www.w3.org/2005/Atom">');
    expect(xml.indexOf('Correction: C2 is now Mostly false (was False)')).toBeGreaterThan(0);
    expect(xml.indexOf('Correction: C2')).toBeLessThan(xml.indexOf('False: Alex Pretti sought'));
    expect(xml).toContain(`<link rel="alternate" type="text/html" href="${d.base}/claims/C2"/>`);
  });
});

describe('headers and caching', () => {
  it('sends a CSP and answers 304 to If-None-Match and If-Modified-Since until the claim changes', async () => {
    const first = await d.get('/claims/C1');
    expect(first.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(first.headers.get('content-security-policy')).not.toContain('script-src');
    const etag = first.headers.get('etag')!;
    const modified = first.headers.get('last-modified')!;
    expect(etag).toMatch(/^".+"$/);
    expect((await d.get('/claims/C1', { 'if-none-match': etag })).status).toBe(304);
    expect((await d.get('/claims/C1', { 'if-modified-since': modified })).status).toBe(304);
    expect((await d.get('/claims/C1', { 'if-modified-since': 'Thu, 01 Jan 2004 00:00:00 GMT' })).status).toBe(200);
    for (const path of ['/claims', '/feed.xml', '/claims.jsonld', '/actors/stephen-miller', '/style.css']) {
      const r = await d.get(path);
      expect((await d.get(path, { 'if-none-match': r.headers.get('etag')! })).status, path).toBe(304);
    }
    const board = (await d.get('/claims')).headers.get('etag')!;
    await d.claim('set C1 mostly false note: newer evidence');
    const after = await d.get('/claims/C1', { 'if-none-match': etag });
    expect(after.status).toBe(200);
    expect(await after.text()).toContain('Mostly false');
    expect((await d.get('/claims', { 'if-none-match': board })).status).toBe(200);
  });

  it('HEAD answers the headers without a body; the stylesheet carries the verdict colours', async () => {
    const head = await fetch(`${d.base}/claims/C1`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
    const css = await (await d.get('/style.css')).text();
    expect(css).toContain('.st-false { background: #c62828; color: #fff; }');
  });
});
