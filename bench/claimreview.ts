// ClaimReview bench: import 100,000 synthetic reviews (target ≤ 5 s on the durable store), then re-import
// the same file (idempotent: nothing written), against the JSON-file store and the in-memory store.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { MemoryStore } from '../store/memory.ts';
import { openStore } from '../store/open.ts';
import type { Store } from '../store/types.ts';
import { exportClaimReview, importClaimReview, RATING_TABLE } from '../src/claimreview/index.ts';
import type { BenchResult } from './types.ts';

const REVIEWS = Number(process.env.BENCH_CLAIMREVIEW_REVIEWS ?? 100_000);
const CLAIMANTS = 5_000;
const TARGET_MS = 5_000;
const PUBLISHERS = ['PolitiFact', 'The Washington Post', 'Snopes', 'AFP Fact Check', 'Full Fact'];

/** Deterministic synthetic fact-checks: realistic shape, claimants repeat (by name or alias). */
export function syntheticReviews(n: number): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (let i = 0; i < n; i++) {
    const c = (i * 7919) % CLAIMANTS;
    const row = RATING_TABLE[i % RATING_TABLE.length];
    const pub = PUBLISHERS[i % PUBLISHERS.length];
    const host = pub.toLowerCase().replace(/[^a-z]+/g, '');
    out.push({
      '@context': 'https://schema.org',
      '@type': 'ClaimReview',
      url: `https://www.${host}.example/factchecks/${2020 + (i % 6)}/review-${i}/`,
      claimReviewed: `Claim number ${i}: the unemployment rate in district ${i % 97} rose by ${i % 43} percent last year`,
      datePublished: `${2020 + (i % 6)}-0${1 + (i % 9)}-1${i % 10}`,
      author: { '@type': 'Organization', name: pub, url: `https://www.${host}.example` },
      itemReviewed: {
        '@type': 'Claim',
        // every third review names the claimant by an alias only
        author: i % 3 === 0 ? { '@type': 'Person', name: `Rep. Speaker${c}`, alternateName: [`Speaker ${c}`] } : { '@type': 'Person', name: `Speaker ${c}`, jobTitle: 'Representative' },
        datePublished: `${2019 + (i % 6)}-12-0${1 + (i % 9)}`,
        appearance: [{ '@type': 'CreativeWork', url: `https://social.example/posts/${i}` }, `https://news.example/story/${i}`],
      },
      reviewRating: { '@type': 'Rating', alternateName: i % 11 === 0 ? `Verdict ${i % 5}` : row.label, ratingValue: 1 + (i % 5), bestRating: 5, worstRating: 1 },
    });
  }
  return out;
}

function cpuMs(since: NodeJS.CpuUsage): number {
  const c = process.cpuUsage(since);
  return Math.round((c.user + c.system) / 1000);
}

/** Parse the file text (as the CLI does), import it, import it again, export; one row per store. */
async function measure(label: string, open: () => Promise<Store>, fileText: string, rows: Record<string, unknown>[]) {
  const t = performance.now();
  const reviews = JSON.parse(fileText) as unknown[];
  const parseMs = performance.now() - t;
  const store = await open();
  const row: Record<string, unknown> = { store: label, reviews: reviews.length, 'JSON.parse ms': Math.round(parseMs) };
  rows.push(row);
  try {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const first = await importClaimReview(store, reviews, { now: '2026-11-01T00:00:00.000Z' });
    const importMs = performance.now() - t0;
    Object.assign(row, { 'import ms': Math.round(importMs), 'import cpu ms': cpuMs(c0), 'reviews/s': Math.round(reviews.length / (importMs / 1000)) });
    const t1 = performance.now();
    const again = await importClaimReview(store, reviews, { now: '2026-11-01T00:00:00.000Z' });
    row['re-import ms'] = Math.round(performance.now() - t1);
    const t2 = performance.now();
    const doc = exportClaimReview(store, { name: 'Bench Desk', url: 'https://desk.example' });
    row['export ms'] = Math.round(performance.now() - t2);
    Object.assign(row, { imported: first.imported, unchanged: again.unchanged, actors: store.count('actors'), exported: doc['@graph'].length });
    if (first.imported !== reviews.length || again.unchanged !== reviews.length) {
      throw new Error(`bench: unexpected counts: imported ${first.imported}, then unchanged ${again.unchanged} of ${reviews.length}`);
    }
    return { importMs, parseMs };
  } finally {
    const tc = performance.now();
    await store.close();
    row['close ms'] = Math.round(performance.now() - tc);
  }
}

export async function run(): Promise<BenchResult> {
  const fileText = JSON.stringify(syntheticReviews(REVIEWS));
  const rows: Record<string, unknown>[] = [];
  const load = os.loadavg()[0];
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'claimdesk-bench-claimreview-'));
  try {
    const durable = await measure('json-file (openStore)', () => openStore(dir), fileText, rows);
    const memory = await measure('memory', async () => new MemoryStore(), fileText, rows);
    return {
      title: `ClaimReview: import ${REVIEWS.toLocaleString('en')} reviews (${(fileText.length / 1e6).toFixed(0)} MB, one atomic write), re-import, export`,
      rows,
      summary: {
        'import ms (durable store)': Math.round(durable.importMs),
        'file → ledger ms (JSON.parse + import, durable)': Math.round(durable.parseMs + durable.importMs),
        'import ms (memory store)': Math.round(memory.importMs),
        'target ms': TARGET_MS,
        'target met': durable.importMs <= TARGET_MS,
        // the machine is shared: a high load average explains wall times far above the cpu time
        'load average at start': Math.round(load * 10) / 10,
        cores: os.cpus().length,
      },
    };
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

// `npx tsx bench/claimreview.ts` runs this module alone
if (import.meta.url === `file://${process.argv[1]}`) {
  run().then((r) => console.log(JSON.stringify(r, null, 2)));
}
