// `npm run cli -- export --format claimreview` as users run it: what it writes and what it warns about.
import fs from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, tmpDir } from './run.ts';

describe('npm run cli -- export --format claimreview', { timeout: 120_000 }, () => {
  it('without PUBLIC_URL or CLAIMDESK_ORG_URL: warns on stderr that the review urls are urns; the demo export imports back', async () => {
    const a = await tmpDir();
    expect((await cli(a, ['demo'])).code).toBe(0);
    const r = await cli(a, ['export', '--format', 'claimreview'], { CLAIMDESK_ORG_URL: '', PUBLIC_URL: '' });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/neither PUBLIC_URL nor CLAIMDESK_ORG_URL is set/);
    expect(r.stderr).toMatch(/urn:claimdesk:claim:C1.*no search engine can read/s);
    // stdout stays the JSON-LD alone
    const doc = JSON.parse(r.stdout);
    expect(doc['@graph'][0].url).toBe('urn:claimdesk:claim:C1');

    const file = path.join(await tmpDir(), 'reviews.json');
    await fs.writeFile(file, r.stdout);
    const imported = await cli(await tmpDir(), ['import', file]);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout).toMatch(/ClaimReview import: 3 imported/);
  });

  it('a ledger with no verdict yet (an empty @graph) exports and imports back: 0 imported, exit 0', async () => {
    const a = await tmpDir();
    const r = await cli(a, ['export', '--format', 'claimreview'], { CLAIMDESK_ORG_URL: 'https://desk.example.org' });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)['@graph']).toEqual([]);
    const file = path.join(await tmpDir(), 'reviews.json');
    await fs.writeFile(file, r.stdout);
    const imported = await cli(await tmpDir(), ['import', file]);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout).toMatch(/ClaimReview import: 0 imported/);
  });

  it('with CLAIMDESK_ORG_URL: review urls on the desk site, no warning', async () => {
    const a = await tmpDir();
    await cli(a, ['demo']);
    const r = await cli(a, ['export', '--format', 'claimreview'], { CLAIMDESK_ORG_URL: 'https://desk.example.org' });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)['@graph'][0].url).toBe('https://desk.example.org/claims/C1');
  });

  it('with PUBLIC_URL alone: review urls are the verdict pages, no warning', async () => {
    const a = await tmpDir();
    await cli(a, ['demo']);
    const r = await cli(a, ['export', '--format', 'claimreview'], { CLAIMDESK_ORG_URL: '', PUBLIC_URL: 'https://checks.example.org/' });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)['@graph'][0].url).toBe('https://checks.example.org/claims/C1');
  });
});
