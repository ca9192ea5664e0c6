// The administration CLI as users run it: a child process on a real DATA_DIR.
import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { baseEnv, bot, cli, ROOT, tmpDir } from './run.ts';

describe('npm run cli', { timeout: 120_000 }, () => {
  it('export → import into an empty DATA_DIR gives the same ledger, ids kept', async () => {
    const a = await tmpDir();
    const demo = await cli(a, ['demo']);
    expect(demo.code, demo.stderr).toBe(0);
    expect(demo.stdout).toMatch(/Loaded the demo newsroom \(5 claims/);
    const exported = await cli(a, ['export']);
    expect(exported.code, exported.stderr).toBe(0);
    const ledger = JSON.parse(exported.stdout);
    expect(ledger).toMatchObject({ format: 'claimdesk', version: 1 });
    expect(ledger.claims.map((c: { id: string }) => c.id)).toEqual(['C1', 'C2', 'C3', 'C4', 'C5']);

    const file = path.join(await tmpDir(), 'ledger.json');
    await fs.writeFile(file, exported.stdout);
    const b = await tmpDir();
    const imported = await cli(b, ['import', file]);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout).toMatch(/Imported 10 actors, 5 claims/);
    const again = await cli(b, ['export', '--format', 'json']);
    expect(JSON.parse(again.stdout)).toEqual(ledger);
    expect(again.stdout).toBe(exported.stdout);
  });

  it('round-trips every collection losslessly (subscriptions, digests, flags, outbox, threads)', async () => {
    const a = await tmpDir();
    const session = [
      '/claim watch all',
      '/claim watch C3 status: false, mostly false',
      '/claim digest daily 09:00 tz: Europe/Berlin',
      '/claim set C3 false note: the footage shows otherwise',
      '/claim source C3 https://example.com/footage note: the video',
      'The mayor said the bridge closes on Friday',
      '/react 1 triangular_flag_on_post',
      '/claim set C3 mostly false note: corrected',
      '',
    ].join('\n');
    const run = await bot(a, session);
    expect(run.code, run.stderr).toBe(0);
    const first = await cli(a, ['export']);
    const ledger = JSON.parse(first.stdout);
    for (const k of ['subscriptions', 'digests', 'flags', 'outbox', 'threads']) expect(ledger[k].length, k).toBeGreaterThan(0);
    const file = path.join(await tmpDir(), 'full.json');
    await fs.writeFile(file, first.stdout);
    const b = await tmpDir();
    const imported = await cli(b, ['import', file]);
    expect(imported.code, imported.stderr).toBe(0);
    expect((await cli(b, ['export'])).stdout).toBe(first.stdout);
    // ids keep counting after the imported ones
    const next = await bot(b, '/claim add A brand new claim by: Jane Doe\n');
    expect(next.stdout).toMatch(/\bC7\b/);
  });

  it('counts what it imported in plain English (1 actor, 1 claim)', async () => {
    const dir = await tmpDir();
    const file = path.join(dir, 'one.json');
    const at = '2026-01-01T00:00:00.000Z';
    const claim = { id: 'C1', text: 't', status: 'false', claimant: 'x', subjects: [], tags: [], sources: [], history: [{ at, by: 'me', from: null, to: 'false', note: '' }], createdAt: at, updatedAt: at };
    await fs.writeFile(file, JSON.stringify({ format: 'claimdesk', version: 1, actors: [{ id: 'x', name: 'X', role: '', aliases: [] }], claims: [claim] }));
    const r = await cli(await tmpDir(), ['import', file]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^Imported 1 actor, 1 claim from /);
  });

  it('refuses a bad file with item and field, writing nothing', async () => {
    const dir = await tmpDir();
    const file = path.join(dir, 'bad.json');
    await fs.writeFile(file, JSON.stringify({ format: 'claimdesk', version: 1, actors: [{ id: 'x', name: 'X' }], claims: [{ id: 'C1', text: 't', status: 'nope', claimant: 'x' }] }));
    const data = await tmpDir();
    const r = await cli(data, ['import', file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/claims\[0\] \(C1\) status: must be one of/);
    expect(r.stderr).toMatch(/nothing was written/);
    const exported = await cli(data, ['export']);
    expect(JSON.parse(exported.stdout).actors).toEqual([]);
  });

  it('says what is wrong with a file that is not JSON or not a known format', async () => {
    const dir = await tmpDir();
    await fs.writeFile(path.join(dir, 'x.json'), '{ nope');
    await fs.writeFile(path.join(dir, 'y.json'), '{"hello": 1}');
    const notJson = await cli(dir, ['import', path.join(dir, 'x.json')]);
    expect(notJson.code).toBe(1);
    expect(notJson.stderr).toMatch(/is not valid JSON/);
    const unknown = await cli(dir, ['import', path.join(dir, 'y.json')]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/neither a claimdesk export .* nor ClaimReview/);
    const missing = await cli(dir, ['import', path.join(dir, 'absent.json')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/cannot read/);
  });

  it('imports ClaimReview JSON-LD (all or nothing; --skip-invalid keeps the valid ones) and exports it', async () => {
    const dir = await tmpDir();
    const review = (n: number, text: string) => ({
      '@type': 'ClaimReview',
      url: `https://factcheck.example/review/${n}`,
      claimReviewed: text,
      datePublished: '2026-01-10',
      author: { '@type': 'Organization', name: 'Example Checks' },
      itemReviewed: { '@type': 'Claim', author: { '@type': 'Person', name: 'John Smith' } },
      reviewRating: { '@type': 'Rating', ratingValue: 1, bestRating: 5, worstRating: 1, alternateName: 'False' },
    });
    const file = path.join(dir, 'reviews.json');
    await fs.writeFile(file, JSON.stringify({ '@context': 'https://schema.org', '@graph': [review(1, 'The moon is made of cheese'), review(2, '')] }));
    const data = await tmpDir();
    const strict = await cli(data, ['import', file]);
    expect(strict.code).toBe(1);
    expect(strict.stderr).toMatch(/item 2 .*claimReviewed/);
    expect(JSON.parse((await cli(data, ['export'])).stdout).claims).toEqual([]);

    const lenient = await cli(data, ['import', file, '--skip-invalid']);
    expect(lenient.code, lenient.stderr).toBe(0);
    expect(lenient.stdout).toMatch(/1 imported/);
    const ledger = JSON.parse((await cli(data, ['export'])).stdout);
    expect(ledger.claims).toHaveLength(1);
    expect(ledger.claims[0]).toMatchObject({ id: 'C1', text: 'The moon is made of cheese', status: 'false' });

    const jsonld = await cli(data, ['export', '--format', 'claimreview']);
    expect(jsonld.code, jsonld.stderr).toBe(0);
    const graph = JSON.parse(jsonld.stdout)['@graph'];
    expect(graph).toHaveLength(1);
    expect(graph[0]).toMatchObject({ '@type': 'ClaimReview', claimReviewed: 'The moon is made of cheese' });
  });

  it('a top-level array of reviews that stops being JSON after thousands of good items: nothing written, the byte said', async () => {
    const dir = await tmpDir();
    const review = (n: number) => ({
      '@type': 'ClaimReview',
      url: `https://factcheck.example/review/${n}`,
      claimReviewed: `Claim ${n} about the budget`,
      author: { '@type': 'Organization', name: 'Example Checks' },
      reviewRating: { '@type': 'Rating', alternateName: 'False' },
    });
    const good = JSON.stringify(Array.from({ length: 5000 }, (_, i) => review(i + 1)));
    const file = path.join(dir, 'reviews.json');
    await fs.writeFile(file, `${good.slice(0, -1)},{"url": nope}]`); // far past the first chunk read
    const data = await tmpDir();
    const r = await cli(data, ['import', file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`reviews.json is not valid JSON: not valid JSON at byte ${good.length}`));
    expect(JSON.parse((await cli(data, ['export'])).stdout).claims).toEqual([]);
    // the same file whole imports every item once
    await fs.writeFile(file, good);
    const ok = await cli(data, ['import', file]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/5000 imported/);
    expect((await cli(data, ['import', file])).stdout).toMatch(/0 imported, 5000 unchanged/);
  });

  it('export works next to a running bot (read-only); writing subcommands say the store is in use', async () => {
    const dir = await tmpDir();
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src/main.ts')], { cwd: ROOT, env: baseEnv(dir), stdio: 'pipe' });
    let stdout = '';
    await new Promise<void>((resolve) =>
      child.stdout.setEncoding('utf8').on('data', (d: string) => {
        stdout += d;
        if (stdout.includes('Loaded the demo')) resolve();
      }),
    );
    try {
      const exported = await cli(dir, ['export']);
      expect(exported.code, exported.stderr).toBe(0);
      expect(JSON.parse(exported.stdout).claims).toHaveLength(5);
      const demo = await cli(dir, ['demo']);
      expect(demo.code).toBe(1);
      expect(demo.stderr).toMatch(/in use by another claimdesk process/);
    } finally {
      child.stdin.end();
      await new Promise((resolve) => child.on('close', resolve));
    }
  });

  it('shows the usage and exits 2 on bad arguments', async () => {
    const dir = await tmpDir();
    for (const args of [[], ['frobnicate'], ['import'], ['export', '--format', 'xml'], ['check', 'extra']]) {
      const r = await cli(dir, args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(/usage: npm run cli -- <subcommand>/);
    }
  });

  it('register-commands without Discord credentials says which variables are missing', async () => {
    const r = await cli(await tmpDir(), ['register-commands']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/DISCORD_TOKEN and DISCORD_APPLICATION_ID/);
  });

  it('check passes on a good store and reports a damaged one with exit 1', async () => {
    const dir = await tmpDir();
    expect((await cli(dir, ['demo'])).code).toBe(0);
    const good = await cli(dir, ['check']);
    expect(good.code, good.stderr).toBe(0);
    const files = await fs.readdir(dir);
    for (const f of files) {
      const p = path.join(dir, f);
      if ((await fs.stat(p)).isFile()) await fs.writeFile(p, '{"this is": not a store');
    }
    const bad = await cli(dir, ['check']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/DAMAGED/);
    expect(bad.stderr).toMatch(/problem: /);
  });
});
