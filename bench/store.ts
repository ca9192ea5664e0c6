// Store bench: a durable single status change (median / p99) for claimdesk vs lowdb 7 at 1k, 10k and 100k
// claims of ~300 bytes, cold start (snapshot load + journal replay, in a fresh process) and memory.
// lowdb: JSONFile adapter, db.write() after each change (it rewrites the whole file and never fsyncs).
// Run with CLAIMDESK_BENCH_COLD=<dir> this module is the cold-start child instead.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { Low } from 'lowdb';
import { JSONFile } from 'lowdb/node';
import type { Claim, Status } from '../src/core/types.ts';
import { JsonFileStore } from '../store/json/json-store.ts';
import { LEDGER_SCHEMA, type NewDoc } from '../src/core/store-port.ts';
import { stats, type BenchResult } from './types.ts';

// the 1M tier takes minutes: BENCH_STORE_SIZES=100000,1000000 npm run bench -- store
const SIZES = (process.env.BENCH_STORE_SIZES ?? '1000,10000,100000').split(',').map(Number);
const CHANGES = 1000; // durable status changes measured per size (after 50 warm-up)
const LOWDB_CHANGES = (n: number) => (n >= 100_000 ? 12 : n >= 10_000 ? 40 : 100);
const STATUSES: Status[] = ['in_review', 'true', 'false', 'misleading', 'mixed'];
const T = '2026-11-23T10:00:00.000Z';
const mb = (b: number) => Math.round((b / 1048576) * 10) / 10;

/** ~330 bytes of JSON: a claim with its creation history entry. */
function makeClaim(i: number): NewDoc<'claims'> {
  return {
    id: `C${i}`,
    text: `Claim ${i}: spending rose ${i % 997}% last year`,
    status: 'unverified',
    claimant: `actor-${i % 500}`,
    subjects: [],
    tags: ['budget'],
    sources: [],
    history: [{ at: T, by: 'demo', byName: 'Demo', from: null, to: 'unverified', note: '' }],
    flagCount: 0,
    createdAt: T,
    updatedAt: T,
  };
}

/** The change under test: a new status and its history entry, based on the current version. */
function changed(c: Claim, k: number): Claim {
  const to = STATUSES[k % STATUSES.length];
  const at = new Date().toISOString();
  return { ...c, status: to, updatedAt: at, history: [...c.history.slice(-3), { at, by: 'console:editor', byName: 'Ed', from: c.status, to, note: '' }] };
}

async function seedClaimdesk(dir: string, n: number): Promise<void> {
  const store = await JsonFileStore.open(dir, LEDGER_SCHEMA, { checkpointOnClose: false });
  for (let i = 1; i <= n; i += 1000) {
    await store.write((tx) => {
      for (let j = i; j < Math.min(n + 1, i + 1000); j++) tx.put('claims', makeClaim(tx.nextId('claim')));
    });
  }
  await store.checkpoint();
  await store.close();
}

async function claimdeskChanges(
  dir: string,
  n: number,
): Promise<{ samples: number[]; raw: number[]; concurrentMs: number }> {
  const store = await JsonFileStore.open(dir, LEDGER_SCHEMA, { checkpointOnClose: false });
  // The floor: a bare 400-byte append + fdatasync on the same disk, interleaved with the store's writes so
  // both see the same disk load (the bench machine's disk is shared; fdatasync latency varies with it).
  const rawFile = await fs.open(path.join(dir, 'raw.bin'), 'a');
  const line = Buffer.alloc(400, 'x');
  const samples: number[] = [];
  const raw: number[] = [];
  for (let k = 0; k < CHANGES + 50; k++) {
    const id = `C${1 + ((k * 7919) % n)}`;
    const t0 = performance.now();
    await store.write((tx) => {
      const c = tx.get('claims', id)!;
      tx.put('claims', changed(c, k), { expectVersion: c.version });
    });
    const t1 = performance.now();
    await rawFile.write(line);
    await rawFile.datasync();
    if (k >= 50) {
      samples.push(t1 - t0);
      raw.push(performance.now() - t1);
    }
  }
  await rawFile.close();
  // group commit: 1,000 changes issued at once
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: 1000 }, (_, k) =>
      store.write((tx) => {
        const c = tx.get('claims', `C${1 + ((k * 104729) % n)}`)!;
        tx.put('claims', changed(c, k), { expectVersion: c.version });
      }),
    ),
  );
  const concurrentMs = performance.now() - t0;
  await store.close(); // no checkpoint: the cold start below replays these journal records
  return { samples, raw, concurrentMs };
}

/**
 * Durable status changes issued one after another while checkpoints run (each checkpoint writes the whole
 * store.json): the write path must not wait for them. Runs checkpoints back to back until `count` changes
 * were measured during one.
 */
export async function changesDuringCheckpoint(dir: string, n: number, count = 300): Promise<{ samples: number[]; checkpointMs: number[] }> {
  const store = await JsonFileStore.open(dir, LEDGER_SCHEMA, { checkpointOnClose: false });
  const samples: number[] = [];
  const checkpointMs: number[] = [];
  let k = 0;
  while (samples.length < count && checkpointMs.length < 20) {
    let running = true;
    const t0 = performance.now();
    const cp = store.checkpoint().then(() => {
      running = false;
      checkpointMs.push(performance.now() - t0);
    });
    while (running && samples.length < count) {
      const id = `C${1 + ((k * 7919) % n)}`;
      const t = performance.now();
      await store.write((tx) => {
        const c = tx.get('claims', id)!;
        tx.put('claims', changed(c, k), { expectVersion: c.version });
      });
      // only changes that started and ended while the checkpoint was still being written
      if (running) samples.push(performance.now() - t);
      k++;
    }
    await cp;
  }
  await store.close();
  return { samples, checkpointMs };
}

/**
 * `npm start` to its first answer: the bot on the console platform with DATA_DIR = dir, asked one
 * question on stdin; the time until the answer is printed.
 */
function consoleFirstAnswer(dir: string): Promise<number> {
  const main = fileURLToPath(new URL('../src/main.ts', import.meta.url));
  const t0 = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', main], {
    env: { ...process.env, DATA_DIR: dir, LOG_LEVEL: 'error', SLACK_BOT_TOKEN: '', DISCORD_TOKEN: '' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  child.stdin.write('/claim history C1\n');
  return new Promise((resolve, reject) => {
    let out = '';
    let ms: number | undefined;
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (ms === undefined && /C1\b/.test(out)) {
        ms = Math.round(performance.now() - t0);
        child.kill('SIGTERM');
      }
    });
    // resolved once the bot has exited and released DATA_DIR
    child.on('exit', () => (ms === undefined ? reject(new Error(`console exited before answering: ${out.slice(0, 300)}`)) : resolve(ms)));
  });
}

/** Cold start in a fresh process: open (snapshot + replay), then memory. */
export function coldStart(dir: string): { ms: number; cpuMs: number; heapUsed: number; rss: number; replayed: number } {
  const self = fileURLToPath(import.meta.url);
  const r = spawnSync(process.execPath, ['--import', 'tsx', self], {
    env: { ...process.env, CLAIMDESK_BENCH_COLD: dir },
    encoding: 'utf8',
  });
  const line = r.stdout.trim().split('\n').at(-1) ?? '';
  try {
    return JSON.parse(line);
  } catch {
    throw new Error(`cold start child failed: ${r.stderr.slice(0, 500)}`);
  }
}

async function lowdbRun(dir: string, n: number): Promise<{ samples: number[]; coldMs: number; bytes: number }> {
  const file = path.join(dir, 'lowdb.json');
  const seed = new Low<{ claims: Claim[] }>(new JSONFile(file), { claims: [] });
  seed.data.claims = Array.from({ length: n }, (_, i) => ({ ...makeClaim(i + 1), version: 1 }));
  await seed.write();
  const t0 = performance.now();
  const db = new Low<{ claims: Claim[] }>(new JSONFile(file), { claims: [] });
  await db.read();
  const coldMs = performance.now() - t0;
  const byId = new Map(db.data.claims.map((c, i) => [c.id, i]));
  const samples: number[] = [];
  const iters = LOWDB_CHANGES(n);
  for (let k = 0; k < iters + 3; k++) {
    const i = byId.get(`C${1 + ((k * 7919) % n)}`)!;
    const s = performance.now();
    db.data.claims[i] = changed(db.data.claims[i], k);
    await db.write();
    if (k >= 3) samples.push(performance.now() - s);
  }
  // flush lowdb's unsynced writes (outside its timing) so they do not slow the next size's measurements
  const fh = await fs.open(file, 'r+');
  await fh.sync();
  await fh.close();
  return { samples, coldMs, bytes: (await fs.stat(file)).size };
}

export async function run(): Promise<BenchResult> {
  const rows: Record<string, unknown>[] = [];
  const summary: Record<string, unknown> = {};
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'claimdesk-bench-'));
  try {
    for (const n of SIZES) {
      const dir = path.join(root, `cd-${n}`);
      await seedClaimdesk(dir, n);
      const snapBytes = (await fs.stat(path.join(dir, 'store.json'))).size;
      const cd = await claimdeskChanges(dir, n);
      const cold = coldStart(dir);
      const firstAnswer = await consoleFirstAnswer(dir).catch(() => NaN);
      const during = await changesDuringCheckpoint(dir, n);
      const dc = stats(during.samples);
      // lowdb rewrites the whole file per change: at 1M claims a dozen changes alone take minutes
      const low = n < 1_000_000 ? await lowdbRun(root, n) : { samples: [NaN], coldMs: NaN, bytes: 0 };
      const a = stats(cd.samples);
      const floor = stats(cd.raw);
      const b = stats(low.samples);
      const ratio = Math.round(b.median / a.median);
      rows.push({
        claims: n,
        'claimdesk median ms': a.median,
        'claimdesk p99 ms': a.p99,
        'bare fdatasync median ms': floor.median,
        'lowdb median ms': b.median,
        'lowdb p99 ms': b.p99,
        'lowdb/claimdesk': ratio,
        '1000 concurrent ms': Math.round(cd.concurrentMs),
        'bytes/claim': Math.round(snapBytes / n),
        'cold start ms': cold.ms,
        'console first answer ms': firstAnswer,
        'change during checkpoint median ms': dc.median,
        'change during checkpoint p99 ms': dc.p99,
        'change during checkpoint max ms': Math.round(Math.max(...during.samples) * 10) / 10,
        'changes measured during checkpoints': dc.n,
        'checkpoint ms': Math.round(stats(during.checkpointMs).median),
        'cold start cpu ms': cold.cpuMs,
        'replayed records': cold.replayed,
        'lowdb read ms': Math.round(low.coldMs),
        'store.json MB': mb(snapBytes),
        'heapUsed MB': mb(cold.heapUsed),
        'rss MB': mb(cold.rss),
      });
      if (n === Math.max(...SIZES)) {
        Object.assign(summary, {
          claims: n,
          durableChangeMedianMs: a.median,
          durableChangeP99Ms: a.p99,
          bareFdatasyncMedianMs: floor.median,
          claimdeskOverheadMs: Math.round((a.median - floor.median) * 1000) / 1000,
          lowdbMedianMs: b.median,
          speedupVsLowdb: ratio,
          coldStartMs: cold.ms,
          coldStartCpuMs: cold.cpuMs,
          consoleFirstAnswerMs: firstAnswer,
          changeDuringCheckpointP99Ms: dc.p99,
          concurrentChangesPerSec: Math.round(1000 / (cd.concurrentMs / 1000)),
          targets: {
            'median ≤ 1 ms': a.median <= 1,
            '≥ 100× lowdb': ratio >= 100,
            'cold start ≤ 1000 ms (≤ 5000 at 1M)': cold.ms <= (n >= 1_000_000 ? 5000 : 1000),
            'change during a checkpoint p99 ≤ 10 ms': dc.p99 <= 10,
          },
        });
      }
      await fs.rm(dir, { recursive: true, force: true });
    }
  } finally {
    await fs.rm(root, { recursive: true, force: true });
  }
  summary.note =
    'claimdesk: journal append + fdatasync per change (group commit); lowdb 7: whole-file rewrite, no fsync. ' +
    `Load average during the run: ${os.loadavg().map((x) => x.toFixed(1)).join(' ')} on ${os.cpus().length} CPUs`;
  return { title: 'Store: durable status change, claimdesk vs lowdb 7', rows, summary };
}

if (process.env.CLAIMDESK_BENCH_COLD) {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const store = await JsonFileStore.open(process.env.CLAIMDESK_BENCH_COLD, LEDGER_SCHEMA, { checkpointOnClose: false });
  const ms = Math.round(performance.now() - t0);
  const cpu = process.cpuUsage(c0);
  const cpuMs = Math.round((cpu.user + cpu.system) / 1000);
  const { heapUsed, rss } = process.memoryUsage();
  const replayed = store.stats().journalRecords;
  await store.close();
  console.log(JSON.stringify({ ms, cpuMs, heapUsed, rss, replayed }));
}
