// PostgreSQL vs JSON store, side by side in one run: a durable `/claim set` (status change, expectVersion,
// acknowledged after COMMIT / fdatasync), a `/claim status` read (by actor, from memory), an instance's cold
// start in a fresh process, and how long a change on instance A takes to be applied on instance B.
// Server: BENCH_DATABASE_URL / TEST_DATABASE_URL, else a throwaway one (initdb + pg_ctl, as the tests do).
// Run with CLAIMDESK_BENCH_PG_COLD=<url> this module is the cold-start child instead.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import type { Claim, Status } from '../src/core/types.ts';
import { JsonFileStore } from '../store/json/json-store.ts';
import { PgStore } from '../store/pg/pg-store.ts';
import { LEDGER_SCHEMA, type NewDoc, type Store } from '../src/core/store-port.ts';
import { findPgBin, startPgServer } from '../test/support/postgres.ts';
import { stats, type BenchResult } from './types.ts';

const SIZES = (process.env.BENCH_PG_SIZES ?? '10000,100000').split(',').map(Number);
const CHANGES = 500;
const READS = 2000;
const VISIBILITY = 300;
const STATUSES: Status[] = ['in_review', 'true', 'false', 'misleading', 'mixed'];
const T = '2026-11-23T10:00:00.000Z';

function makeClaim(i: number): NewDoc<'claims'> {
  return {
    id: `C${i}`, text: `Claim ${i}: spending rose ${i % 997}% last year`, status: 'unverified', claimant: `actor-${i % 500}`,
    subjects: [], tags: ['budget'], sources: [], history: [{ at: T, by: 'demo', byName: 'Demo', from: null, to: 'unverified', note: '' }],
    flagCount: 0, createdAt: T, updatedAt: T,
  };
}
function changed(c: Claim, k: number): Claim {
  const to = STATUSES[k % STATUSES.length];
  const at = new Date().toISOString();
  return { ...c, status: to, updatedAt: at, history: [...c.history.slice(-3), { at, by: 'console:editor', byName: 'Ed', from: c.status, to, note: '' }] };
}

async function seed(store: Store, n: number): Promise<void> {
  for (let i = 1; i <= n; i += 1000) {
    await store.write((tx) => {
      for (let j = i; j < Math.min(n + 1, i + 1000); j++) tx.put('claims', makeClaim(tx.nextId('claim')));
    });
  }
}

/** Durable status changes, one at a time (the latency an editor sees). */
async function changes(store: Store, n: number): Promise<number[]> {
  const samples: number[] = [];
  for (let k = 0; k < CHANGES + 30; k++) {
    const id = `C${1 + ((k * 7919) % n)}`;
    const t0 = performance.now();
    await store.write((tx) => {
      const c = tx.get('claims', id)!;
      tx.put('claims', changed(c, k), { expectVersion: c.version });
    });
    if (k >= 30) samples.push(performance.now() - t0);
  }
  return samples;
}

/** What `/claim status <actor>` reads: the actor's claims from the index, newest first. */
function reads(store: Store): number[] {
  const samples: number[] = [];
  for (let k = 0; k < READS; k++) {
    const t0 = performance.now();
    const list = store.byIndex('claims', 'byActor', `actor-${k % 500}`);
    list.slice(-10).map((c) => c.status);
    samples.push(performance.now() - t0);
  }
  return samples;
}

/** Commit on A (write() called) → applied on B (B's onCommit). */
async function visibility(url: string, schema: string): Promise<number[]> {
  const a = await PgStore.open(url, LEDGER_SCHEMA, { schema });
  const b = await PgStore.open(url, LEDGER_SCHEMA, { schema });
  const started = new Map<string, number>();
  const lags: number[] = [];
  b.onCommit((ch) => {
    const t = performance.now();
    for (const c of ch) if (c.op === 'put' && started.has(c.doc.id)) lags.push(t - started.get(c.doc.id)!);
  });
  for (let k = 0; k < VISIBILITY; k++) {
    const id = `V${k}`;
    const seen = lags.length;
    started.set(id, performance.now());
    await a.write((tx) => tx.put('actors', { id, name: id, role: 'x', aliases: [], kind: 'person', createdAt: T, updatedAt: T }));
    while (lags.length === seen) await new Promise((r) => setTimeout(r, 1));
  }
  await a.close();
  await b.close();
  return lags;
}

/** The floor of any PostgreSQL write: one bare round trip (SELECT 1) on the same loaded machine. */
async function roundTrips(url: string): Promise<number[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  const samples: number[] = [];
  for (let k = 0; k < 300; k++) {
    const t0 = performance.now();
    await c.query('SELECT 1');
    samples.push(performance.now() - t0);
  }
  await c.end();
  return samples;
}

/** The JSON store's cold start in a fresh process, by bench/store.ts's child (same machine, same moment). */
function jsonColdStart(dir: string): number {
  const child = fileURLToPath(new URL('./store.ts', import.meta.url));
  const r = spawnSync(process.execPath, ['--import', 'tsx', child], { env: { ...process.env, CLAIMDESK_BENCH_COLD: dir }, encoding: 'utf8' });
  try {
    return JSON.parse(r.stdout.trim().split('\n').at(-1) ?? '').ms;
  } catch {
    throw new Error(`JSON cold start child failed: ${r.stderr.slice(0, 500)}`);
  }
}

function coldStart(url: string, schema: string): { ms: number; claims: number; rss: number } {
  const self = fileURLToPath(import.meta.url);
  const r = spawnSync(process.execPath, ['--import', 'tsx', self], { env: { ...process.env, CLAIMDESK_BENCH_PG_COLD: url, CLAIMDESK_BENCH_PG_SCHEMA: schema }, encoding: 'utf8' });
  try {
    return JSON.parse(r.stdout.trim().split('\n').at(-1) ?? '');
  } catch {
    throw new Error(`cold start child failed: ${r.stderr.slice(0, 500)}`);
  }
}

export async function run(): Promise<BenchResult> {
  let url = process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL;
  let stop = () => {};
  if (!url) {
    const bin = findPgBin();
    if (!bin) throw new Error('no PostgreSQL: set BENCH_DATABASE_URL or install PostgreSQL (initdb, pg_ctl)');
    const server = await startPgServer(bin);
    url = server.url;
    stop = server.stop;
  }
  const rows: Record<string, unknown>[] = [];
  const summary: Record<string, unknown> = {};
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'claimdesk-bench-pg-'));
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    for (const n of SIZES) {
      const schema = `bench_${n}_${Date.now().toString(36)}`;
      const pgStore = await PgStore.open(url, LEDGER_SCHEMA, { schema });
      await seed(pgStore, n);
      const jsonDir = path.join(root, `json-${n}`);
      const json = await JsonFileStore.open(jsonDir, LEDGER_SCHEMA, { checkpointOnClose: false });
      await seed(json, n);
      await json.checkpoint();
      const pgSet = stats(await changes(pgStore, n));
      const jsonSet = stats(await changes(json, n));
      const pgRead = stats(reads(pgStore));
      const jsonRead = stats(reads(json));
      await pgStore.close();
      await json.close();
      const cold = coldStart(url, schema);
      const jsonCold = jsonColdStart(jsonDir);
      const rtt = stats(await roundTrips(url));
      const vis = stats(await visibility(url, schema));
      rows.push({
        claims: n,
        'pg /claim set median ms': pgSet.median,
        'pg set p99 ms': pgSet.p99,
        'pg SELECT 1 median ms': rtt.median,
        'json /claim set median ms': jsonSet.median,
        'json set p99 ms': jsonSet.p99,
        'pg /claim status median ms': pgRead.median,
        'json /claim status median ms': jsonRead.median,
        'pg cold start ms': cold.ms,
        'json cold start ms': jsonCold,
        'pg rss MB': Math.round(cold.rss / 1048576),
        'A→B visible median ms': vis.median,
        'A→B visible p99 ms': vis.p99,
      });
      if (n === Math.max(...SIZES)) {
        Object.assign(summary, {
          claims: n,
          pgSetMedianMs: pgSet.median,
          jsonSetMedianMs: jsonSet.median,
          pgStatusMedianMs: pgRead.median,
          jsonStatusMedianMs: jsonRead.median,
          pgRoundTripMedianMs: rtt.median,
          pgColdStartMs: cold.ms,
          jsonColdStartMs: jsonCold,
          visibilityP99Ms: vis.p99,
          targets: {
            '/claim set median ≤ 2 ms': pgSet.median <= 2,
            'cold start ≤ 2000 ms': cold.ms <= 2000,
            'visibility p99 ≤ 100 ms': vis.p99 <= 100,
          },
        });
      }
      await admin.query(`DROP SCHEMA ${schema} CASCADE`);
    }
  } finally {
    await admin.end();
    await fs.rm(root, { recursive: true, force: true });
    stop();
  }
  summary.note =
    'PostgreSQL: one round trip per change (claimdesk_commit), fsync on, local server; JSON: journal + fdatasync. ' +
    `Load average during the run: ${os.loadavg().map((x) => x.toFixed(1)).join(' ')} on ${os.cpus().length} CPUs`;
  return { title: 'PostgreSQL store vs JSON store', rows, summary };
}

if (process.env.CLAIMDESK_BENCH_PG_COLD) {
  const t0 = performance.now();
  const store = await PgStore.open(process.env.CLAIMDESK_BENCH_PG_COLD, LEDGER_SCHEMA, { schema: process.env.CLAIMDESK_BENCH_PG_SCHEMA });
  const ms = Math.round(performance.now() - t0);
  const claims = store.count('claims');
  const { rss } = process.memoryUsage();
  await store.close();
  console.log(JSON.stringify({ ms, claims, rss }));
}
