// What the public pages must and must not carry, beyond pages.test.ts: the chat a claim was flagged from, actors
// that are not public, Google's ClaimReview fields, and an Atom feed that an XML parser accepts.
import { DOMParser } from '@xmldom/xmldom';
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

const body = async (path: string) => (await d.get(path)).text();
const by = { key: 'slack:UFLAGGER9', name: 'Fay Flagger' };

/** A claim as flagging files it: with the chat message it came from. */
async function flagged(text: string, status: 'false' | 'mixed'): Promise<string> {
  const now = '2026-11-20T09:00:00.000Z';
  return d.desk.store.write((tx) => {
    const c = createClaim(tx, { text, claimant: 'stephen-miller' }, by, now);
    tx.put('claims', {
      ...c,
      origin: {
        platform: 'slack', workspace: 'TNEWSROOM', channel: 'CPRIVATE7', messageId: '1700000000.000100',
        link: 'https://newsroom.slack.com/archives/CPRIVATE7/p1700000000000100', author: 'slack:UAUTHOR3', authorName: 'Sam Source',
      },
    });
    return setStatus(tx, d.desk, c.id, status, by, now, { note: 'checked' }).claim.id;
  });
}

describe('never public', () => {
  it('the chat message a claim was flagged from (workspace, channel, author) is on no page and not in the export', async () => {
    const id = await flagged('The ferry fares tripled since spring', 'false');
    for (const path of [`/claims/${id}`, '/claims', '/claims.jsonld', '/feed.xml', '/actors/stephen-miller']) {
      const page = await body(path);
      for (const secret of ['slack.com', 'CPRIVATE7', 'TNEWSROOM', 'UAUTHOR3', 'Sam Source', 'UFLAGGER9', 'Fay Flagger']) expect(page, `${path}: ${secret}`).not.toContain(secret);
    }
  });

  it('an actor with no published claim answers 404 exactly like an unknown one, apart from the id', async () => {
    const unknown = await d.get('/actors/nobody-at-all');
    const hidden = await d.get('/actors/cnn'); // CNN's only claim is unverified
    expect(hidden.status).toBe(404);
    expect(unknown.status).toBe(404);
    expect((await hidden.text()).replaceAll('cnn', 'nobody-at-all')).toBe(await unknown.text());
    expect(hidden.headers.get('cache-control')).toBe(unknown.headers.get('cache-control'));
  });
});

describe('a claim page JSON-LD', () => {
  it("has Google's ClaimReview fields, the claim's author and where it appeared", async () => {
    await d.claim('set C4 false note: checked source: https://news.example/transcript');
    const now = '2026-11-20T09:00:00.000Z';
    const id = await d.desk.store.write((tx) => {
      const c = createClaim(tx, { text: 'Rents fell by half last year', claimant: 'stephen-miller' }, by, now);
      tx.put('claims', { ...c, sources: [{ url: 'https://tv.example/interview', outlet: 'TV Example', note: 'first appearance', addedAt: now, addedBy: by.key, kind: 'appearance' }] } as never);
      return setStatus(tx, d.desk, c.id, 'false', by, now, { note: 'checked' }).claim.id;
    });
    const [review] = jsonLd(await body(`/claims/${id}`)) as Record<string, any>[];
    expect(review).toMatchObject({
      '@type': 'ClaimReview',
      url: `${d.base}/claims/${id}`,
      claimReviewed: 'Rents fell by half last year',
      datePublished: now,
      author: { '@type': 'Organization', name: 'The Test Desk' },
      reviewRating: { '@type': 'Rating', alternateName: 'False' },
      itemReviewed: { '@type': 'Claim', author: { '@type': 'Person', name: 'Stephen Miller' }, text: 'Rents fell by half last year' },
    });
    expect(review.itemReviewed.firstAppearance).toMatchObject({ '@type': 'CreativeWork', url: 'https://tv.example/interview' });
    expect(review.itemReviewed.appearance).toEqual([review.itemReviewed.firstAppearance]);
  });
});

describe('the Atom feed', () => {
  it('parses as XML even with hostile and control characters in a claim, and gives the text back as text', async () => {
    const evil = 'Vote </summary><script>x</script> & "quoted" \u202Egnp.exe\u202C bell\u0007 nul\u0000 end\uFFFE';
    const now = new Date().toISOString();
    await d.desk.store.write((tx) => {
      const c = createClaim(tx, { text: evil, claimant: 'stephen-miller' }, by, now);
      setStatus(tx, d.desk, c.id, 'mixed', by, now, { note: 'a <b>note</b>' });
    });
    const raw = await body('/feed.xml');
    // characters XML 1.0 forbids even escaped (xmldom lets them through; libxml and browsers refuse the feed)
    expect(raw).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/);
    const errors: string[] = [];
    const xml = new DOMParser({ onError: (level: string, msg: string) => errors.push(`${level}: ${msg}`) }).parseFromString(raw, 'application/xml');
    expect(errors).toEqual([]);
    const feed = xml.documentElement!;
    expect(feed.namespaceURI).toBe('http://www.w3.org/2005/Atom');
    const entries = Array.from(feed.getElementsByTagName('entry'));
    expect(entries.length).toBeGreaterThan(2);
    for (const name of ['id', 'title', 'updated', 'link', 'summary']) for (const e of entries) expect(e.getElementsByTagName(name).length, name).toBe(1);
    const first = entries[0];
    expect(first.getElementsByTagName('title')[0].textContent).toContain('Vote </summary><script>x</script> & "quoted" \u202Egnp.exe\u202C bell');
    expect(first.getElementsByTagName('summary')[0].textContent).toContain('a <b>note</b>');
    for (const tag of ['updated']) expect(Number.isFinite(Date.parse(feed.getElementsByTagName(tag)[0].textContent!))).toBe(true);
  });
});
