// Cold start (issue 11): the real `npm start` on the console platform, DATA_DIR a realistic ledger with its
// saved search index (bench/start-ledger.ts), asked `/claim status <word>` on stdin: the time until the
// answer is printed. Beside it the store's open in a fresh process, and a durable status change while
// checkpoints rewrite the whole snapshot (p99 target ≤ 10 ms), and the search's first queries after a start in
// a fresh process (bench/search-start.ts; one word ≤ 0.1 ms median, ≤ 1 ms p99; the console ≤ 0.5 ms).
// Targets: first answer ≤ 1 s at 100k claims, ≤ 5 s at 1M. `BENCH_START_SIZES=100000 npm run bench -- start` for the 100k tier alone.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeStartLedger } from './start-ledger.ts';
import { changesDuringCheckpoint, coldStart } from './store.ts';
import { stats, type BenchResult } from './types.ts';

const SIZES = (process.env.BENCH_START_SIZES ?? '100000,1000000').split(',').map(Number);
const RUNS = 3;
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const WORD = 'village';
const TIME = '/usr/bin/time'; // for the cpu of the whole process tree (npm, sh, node), when there is one

interface Start {
  ms: number;
  cpuMs?: number;
  storeOpenMs?: number;
  searchReadyMs?: number;
}

/** One `npm start`, asked one question; resolved once the bot has exited (and released DATA_DIR). */
export function npmStart(dir: string, question = `/claim status ${WORD}`): Promise<Start> {
  const timed = existsSync(TIME);
  const args = timed ? ['-f', 'cpu %U %S', 'npm', 'start', '--silent'] : ['start', '--silent'];
  const env = { ...process.env, DATA_DIR: dir, LOG_LEVEL: 'info', SLACK_BOT_TOKEN: '', DISCORD_TOKEN: '', PUBLIC_URL: '' };
  const t0 = performance.now();
  const child = spawn(timed ? TIME : 'npm', args, { cwd: ROOT, env, stdio: ['pipe', 'pipe', 'pipe'] });
  child.stdin.write(`${question}\n`);
  let out = '';
  let err = '';
  let ms: number | undefined;
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString();
    if (ms === undefined && /\bC\d+\b|match/.test(out)) {
      ms = Math.round(performance.now() - t0);
      child.stdin.end(); // the console ends with its input
    }
  });
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  return new Promise((resolve, reject) => {
    child.on('exit', () => {
      if (ms === undefined) return reject(new Error(`npm start exited before answering: ${out.slice(0, 300)} ${err.slice(0, 300)}`));
      const logged = (msg: string) => err.split('\n').map((l) => (l.startsWith('{') ? (JSON.parse(l) as { msg: string; ms?: number }) : undefined)).find((l) => l?.msg === msg)?.ms;
      const cpu = /cpu ([\d.]+) ([\d.]+)/.exec(err);
      resolve({ ms, cpuMs: cpu ? Math.round((Number(cpu[1]) + Number(cpu[2])) * 1000) : undefined, storeOpenMs: logged('store: opened'), searchReadyMs: logged('search index ready') });
    });
  });
}

interface SearchRun {
  startMs: number;
  median: number;
  p99: number;
  rows: { query: string; median_ms: number; p99_ms: number }[];
}

/** The search bench's queries, first run, in fresh processes started as the bot starts (bench/search-start.ts). */
function firstQueries(dir: string): { search: SearchRun; console: { median: number; p99: number } } {
  const child = fileURLToPath(new URL('./search-start.ts', import.meta.url));
  const file = path.join(dir, 'bench-queries.json');
  const run = (mode: string) => {
    // with the node flag `npm start` gives the bot (package.json): V8's thread pool sized to the machine
    const r = spawnSync(process.execPath, ['--v8-pool-size=0', '--import', 'tsx', child, mode, dir, file], { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 24 });
    if (r.status !== 0) throw new Error(`search-start ${mode} failed: ${r.stderr.slice(0, 500)}`);
    return mode === 'queries' ? undefined : JSON.parse(r.stdout.trim().split('\n').at(-1) ?? '');
  };
  run('queries');
  return { search: run('search') as SearchRun, console: run('console') as { median: number; p99: number } };
}

const median = (xs: (number | undefined)[]) => {
  const s = xs.filter((x): x is number => x !== undefined).sort((a, b) => a - b);
  return s.length ? s[Math.floor((s.length - 1) / 2)] : NaN;
};

export async function run(): Promise<BenchResult> {
  const rows: Record<string, unknown>[] = [];
  const summary: Record<string, unknown> = {};
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'claimdesk-bench-start-'));
  try {
    for (const n of SIZES) {
      const dir = path.join(root, `start-${n}`);
      await writeStartLedger(dir, n);
      const snapMb = (await fs.stat(path.join(dir, 'store.json'))).size / 1048576;
      const open = coldStart(dir);
      await npmStart(dir); // the first start after the ledger was written builds the bundle if needed
      const starts: Start[] = [];
      for (let i = 0; i < RUNS; i++) starts.push(await npmStart(dir));
      const fq = firstQueries(dir);
      const one = fq.search.rows.find((r) => r.query === 'one word')!;
      const during = await changesDuringCheckpoint(dir, n, 300);
      const dc = stats(during.samples);
      const first = median(starts.map((s) => s.ms));
      rows.push({
        claims: n,
        'store.json MB': Math.round(snapMb),
        'npm start → first answer ms (median of 3)': first,
        'each run ms': starts.map((s) => s.ms).join(' / '),
        'process tree cpu ms': median(starts.map((s) => s.cpuMs)),
        'store open ms (in the bot)': median(starts.map((s) => s.storeOpenMs)),
        'search index ready ms': median(starts.map((s) => s.searchReadyMs)),
        'store open, fresh process: ms / cpu ms': `${open.ms} / ${open.cpuMs}`,
        'heap after open MB': Math.round(open.heapUsed / 1048576),
        'after a start, first run: one word median / p99 ms': `${one.median_ms} / ${one.p99_ms}`,
        'all search queries, first run: median / p99 ms': `${fq.search.median} / ${fq.search.p99}`,
        'console /claim status after a start: median / p99 ms': `${fq.console.median} / ${fq.console.p99}`,
        'change during checkpoint median / p99 / max ms': `${dc.median} / ${dc.p99} / ${Math.round(Math.max(...during.samples) * 10) / 10}`,
        'changes measured': dc.n,
        'checkpoint ms': Math.round(stats(during.checkpointMs).median),
      });
      summary[`firstAnswerMs_${n}`] = first;
      summary[`changeDuringCheckpointP99Ms_${n}`] = dc.p99;
      summary[`target_${n}`] = { [`first answer ≤ ${n >= 1_000_000 ? 5000 : 1000} ms`]: first <= (n >= 1_000_000 ? 5000 : 1000), 'checkpoint p99 ≤ 10 ms': dc.p99 <= 10, 'one word after a start ≤ 0.1 ms median, ≤ 1 ms p99': one.median_ms <= 0.1 && one.p99_ms <= 1, 'console ≤ 0.5 ms': fq.console.median <= 0.5 };
      summary[`searchAfterStart_${n}`] = fq.search.rows.map((r) => `${r.query}: ${r.median_ms} / ${r.p99_ms}`).join('; ');
      await fs.rm(dir, { recursive: true, force: true });
    }
  } finally {
    await fs.rm(root, { recursive: true, force: true });
  }
  summary.note = `Load average during the run: ${os.loadavg().map((x) => x.toFixed(1)).join(' ')} on ${os.cpus().length} CPUs`;
  return { title: 'Cold start: npm start → first console answer (realistic ledger, saved search index)', rows, summary };
}
