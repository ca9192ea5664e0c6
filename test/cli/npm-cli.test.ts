// `npm run cli` runs bin/cli.mjs: src/cli.ts from the bundle bin/start.mjs also uses (made once per version
// of the sources), or through tsx when no bundle can be made. Both must be the same CLI.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { baseEnv, ROOT, runProcess, tmpDir, type RunResult } from './run.ts';

function npmCli(dataDir: string, args: string[], extra: Record<string, string> = {}): Promise<RunResult> {
  return runProcess('npm', ['run', '-s', 'cli', '--', ...args], baseEnv(dataDir, extra));
}

const review = {
  '@context': 'https://schema.org',
  '@type': 'ClaimReview',
  url: 'https://factcheck.example/reviews/bridge/',
  claimReviewed: 'The bridge closes on Friday',
  datePublished: '2026-03-02',
  author: { '@type': 'Organization', name: 'Example Fact Check' },
  itemReviewed: { '@type': 'Claim', author: { '@type': 'Person', name: 'Jane Doe' } },
  reviewRating: { '@type': 'Rating', alternateName: 'False' },
};

/** Import a one-review file, then export the store: what an operator sees of both. */
async function importAndExport(extra: Record<string, string> = {}) {
  const dir = await tmpDir();
  const file = path.join(await tmpDir(), 'reviews.json');
  fs.writeFileSync(file, JSON.stringify([review]));
  const imported = await npmCli(dir, ['import', file], extra);
  const exported = await npmCli(dir, ['export'], extra);
  return { imported, exported };
}

describe('npm run cli', { timeout: 120_000 }, () => {
  it('runs the CLI from the bundle in node_modules/.cache: the import is on disk and exports back', async () => {
    const { imported, exported } = await importAndExport();
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout).toMatch(/ClaimReview import: 1 imported/);
    expect(exported.code, exported.stderr).toBe(0);
    expect(JSON.parse(exported.stdout).claims.map((c: { text: string }) => c.text)).toEqual(['The bridge closes on Friday']);
    const cache = path.join(ROOT, 'node_modules/.cache/claimdesk-start');
    expect(fs.readdirSync(cache).some((d) => fs.existsSync(path.join(cache, d, 'cli.js')))).toBe(true);
  });

  it('without a bundle (CLAIMDESK_NO_BUNDLE) runs the sources through tsx, with the same answers', async () => {
    const { imported, exported } = await importAndExport({ CLAIMDESK_NO_BUNDLE: '1' });
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout).toMatch(/ClaimReview import: 1 imported/);
    expect(JSON.parse(exported.stdout).claims.map((c: { text: string }) => c.text)).toEqual(['The bridge closes on Friday']);
  });

  it('answers a bad subcommand with the usage and exit 2, from the bundle as from the sources', async () => {
    for (const extra of [{}, { CLAIMDESK_NO_BUNDLE: '1' }] as Record<string, string>[]) {
      const r = await npmCli(await tmpDir(), ['bogus'], extra);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/unknown subcommand "bogus"\nusage: npm run cli/);
    }
  });
});
