// The pages in a real browser: headless Chromium (Debian's `chromium`) driven by playwright-core, with
// JavaScript off, since the pages must work without it. Screenshots go to test-artifacts/web/.
// No browser on the machine: the tests say so in one line and skip; CI sets CI_REQUIRE_BROWSER=1 to fail instead.
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { createClaim, setStatus } from '../../src/core/claims.ts';
import { ROOT } from '../e2e/bot-process.ts';
import { startWebDesk, type WebDesk } from './helpers.ts';

const CHROMIUM = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p): p is string => !!p && existsSync(p));
const REQUIRED = process.env.CI_REQUIRE_BROWSER === '1';
const ARTIFACTS = path.join(ROOT, 'test-artifacts', 'web');
if (!CHROMIUM && !REQUIRED) console.warn('browser tests skipped: no Chromium found (apt-get install chromium, or set CHROMIUM_PATH)');

const HOSTILE = 'Vote </script><script>alert(1)</script> "><img src=x onerror=alert(2)> \u202Egnp.exe\u202C today';

describe.skipIf(!CHROMIUM && !REQUIRED)('the pages in Chromium', () => {
  let d: WebDesk;
  let context: BrowserContext;
  let page: Page;
  let profile: string;
  let hostileId: string;

  beforeAll(async () => {
    if (!CHROMIUM) throw new Error('CI_REQUIRE_BROWSER=1 but no Chromium found: apt-get install chromium');
    d = await startWebDesk();
    const by = { key: 'import', name: 'import' };
    const now = new Date().toISOString();
    hostileId = await d.desk.store.write((tx) => {
      const c = createClaim(tx, { text: HOSTILE, claimant: 'stephen-miller' }, by, now);
      return setStatus(tx, d.desk, c.id, 'misleading', by, now, { note: '<b>not bold</b> & "quoted"' }).claim.id;
    });
    await fs.mkdir(ARTIFACTS, { recursive: true });
    profile = await fs.mkdtemp(path.join(os.tmpdir(), 'claimdesk-chromium-'));
    const { chromium } = await import('playwright-core');
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      javaScriptEnabled: false,
      viewport: { width: 390, height: 844 }, // a phone
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic', '--no-first-run', '--disable-component-update', '--disable-sync'],
    });
    page = context.pages()[0] ?? (await context.newPage());
    page.on('dialog', () => {
      throw new Error('a dialog opened: script ran');
    });
  }, 60_000);

  afterAll(async () => {
    await context?.close();
    await d?.close();
    if (profile) await fs.rm(profile, { recursive: true, force: true });
  });

  const shot = (name: string) => page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
  const claimIds = async () => (await page.locator('a.claim-link').evaluateAll((as) => as.map((a) => a.getAttribute('href')!))).map((h) => h.split('/').pop());
  const fitsThePhone = () => page.evaluate('document.documentElement.scrollWidth <= window.innerWidth');

  it('the board shows the latest verdicts, fits a phone, and a filter and a search narrow it', async () => {
    expect((await page.goto(`${d.base}/claims`))?.status()).toBe(200);
    await expect(page.locator('h1').innerText()).resolves.toBe('Latest verdicts');
    const text = await page.locator('main').innerText();
    expect(text).toContain('Alex Pretti was a "would-be assassin"');
    expect(text).not.toContain('followed protocols'); // unverified: not public
    expect(await claimIds()).toEqual([hostileId, 'C4', 'C2', 'C1']);
    expect(await fitsThePhone()).toBe(true);
    await shot('board');

    await page.locator('.chips a', { hasText: /^False$/ }).click();
    expect(new URL(page.url()).searchParams.get('status')).toBe('false');
    await expect(page.locator('h1').innerText()).resolves.toBe('Verdicts: False');
    expect((await claimIds()).sort()).toEqual(['C1', 'C2']);
    await shot('board-filter-false');

    await page.locator('#q').fill('assassin');
    await page.locator('#status').selectOption('');
    await page.locator('form.filters button').click();
    expect(new URL(page.url()).searchParams.get('q')).toBe('assassin');
    expect(await claimIds()).toEqual(['C2']);
    expect(await page.locator('main').innerText()).toContain('1 verdict matches');
    await shot('board-search');
  }, 60_000);

  it('a claim page shows the verdict and its JSON-LD describes that claim', async () => {
    await page.goto(`${d.base}/claims`);
    await page.locator('a.claim-link', { hasText: 'massacre' }).click();
    expect(page.url()).toBe(`${d.base}/claims/C1`);
    const text = await page.locator('main').innerText();
    expect(text).toContain('Alex Pretti sought to "massacre" agents');
    expect(text).toContain('Claim by Stephen Miller');
    expect(text).toMatch(/Rated false on \d{1,2} \w+ \d{4}\./);
    expect(await page.locator('.ruling .verdict').innerText()).toBe('False');
    const bg = await page.locator('.ruling .verdict').evaluate((el) => (globalThis as unknown as { getComputedStyle(e: unknown): { backgroundColor: string } }).getComputedStyle(el).backgroundColor);
    expect(bg).toBe('rgb(198, 40, 40)');
    const raw = await page.locator('script[type="application/ld+json"]').textContent();
    const review = JSON.parse(raw!);
    expect(review).toMatchObject({ '@type': 'ClaimReview', url: `${d.base}/claims/C1`, reviewRating: { alternateName: 'False' } });
    expect(review.itemReviewed.text).toBe('Alex Pretti sought to "massacre" agents');
    expect(review.itemReviewed.author.name).toBe('Stephen Miller');
    expect(await fitsThePhone()).toBe(true);
    await shot('claim-C1');
  }, 60_000);

  it('hostile claim text is shown as text, and its JSON-LD parses to the same text', async () => {
    const errors: string[] = [];
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    expect((await page.goto(`${d.base}/claims/${hostileId}`))?.status()).toBe(200);
    const quote = await page.locator('blockquote').innerText();
    // the bidi controls are shown by name rather than obeyed (else "gnp.exe" would read "exe.png")
    expect(quote).toBe(HOSTILE.replace('\u202E', '[U+202E]').replace('\u202C', '[U+202C]'));
    expect(await page.locator('main').innerText()).toContain('<b>not bold</b> & "quoted"');
    expect(await page.locator('img').count()).toBe(0);
    expect(await page.locator('script').count()).toBe(1);
    expect(await page.locator('main b').count()).toBe(0);
    const review = JSON.parse((await page.locator('script[type="application/ld+json"]').textContent())!);
    expect(review.itemReviewed.text).toBe(HOSTILE);
    // the RTL override is isolated in its <bdi>: the claimant line after it reads left to right as written
    expect(await page.locator('p.claimant').innerText()).toMatch(/^Claim by Stephen Miller/);
    await shot('claim-hostile');
  }, 60_000);

  it('a private claim and a bad address show pages that say what was wrong', async () => {
    expect((await page.goto(`${d.base}/claims/C3`))?.status()).toBe(404);
    expect(await page.locator('main').innerText()).toContain('There is no published verdict with the id C3.');
    await shot('not-found');
    expect((await page.goto(`${d.base}/claims?status=maybe`))?.status()).toBe(400);
    expect(await page.locator('main').innerText()).toContain('“maybe” is not a verdict.');
    await page.goto(`${d.base}/actors/stephen-miller`);
    expect(await page.locator('main').innerText()).toMatch(/False\s+2/);
    await shot('actor');
  }, 60_000);
});
