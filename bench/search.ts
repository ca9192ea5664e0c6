// Search bench: `/claim status <words>` over realistic ledgers (bench/search-ledger.ts) of 100k and 1M claims,
// the candidates side by side — MiniSearch 7 as the search used it before, and claimdesk's own index — plus
// what a start costs: building the index from scratch (and the longest the event loop was held up meanwhile),
// saving it to DATA_DIR, loading it at the next start, catching up with claims changed since, and the first
// command through the console's command runner. Both candidates answer with the ranked ids (ours through
// `claimIds`, as /claim status asks: it reads only the claims it shows). The first run after a start in a
// fresh process, on the JSON store, is bench/search-start.ts (run by bench/start.ts). BENCH_SEARCH_SIZES=100000,1000000 picks the sizes;
// MiniSearch is built up to BENCH_MINISEARCH_MAX claims (default 100000: at 1M it takes minutes).
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { runText } from '../commands/index.ts';
import { defaultSettings } from '../src/core/create-desk.ts';
import type { Desk } from '../src/core/desk.ts';
import { systemClock } from '../src/core/ports.ts';
import { INDEX_FILE } from '../src/core/search-file.ts';
import { LedgerSearch } from '../src/core/search.ts';
import type { Claim } from '../src/core/types.ts';
import { silentLogger } from '../src/log.ts';
import type { MemoryStore } from '../store/memory.ts';
import { buildLedger, RANK, rng } from './search-ledger.ts';
import { miniSearchClaims } from './search-minisearch.ts';
import { stats, type BenchResult } from './types.ts';
import type { Ledger, Store } from '../src/core/store-port.ts';

const SIZES = (process.env.BENCH_SEARCH_SIZES ?? '100000,1000000').split(',').map(Number);
const MINISEARCH_MAX = Number(process.env.BENCH_MINISEARCH_MAX ?? 100_000);
const QUERIES = 300; // per kind and candidate
const r1 = (x: number) => Math.round(x * 10) / 10;
const r3 = (x: number) => Math.round(x * 1000) / 1000;

function time(fn: () => unknown): number {
  const t = performance.now();
  fn();
  return performance.now() - t;
}

function typo(w: string): string {
  const i = 1 + Math.floor(w.length / 2);
  return w.slice(0, i) + w.slice(i + 1); // one deleted letter
}

/** Queries a desk would type to find a claim it has in mind (the same for every candidate). */
export function queryKinds(store: Store, claims: number, seed = 7): Record<string, string[]> {
  const rand = rng(seed);
  const someClaim = () => store.get('claims', `C${1 + Math.floor(rand() * claims)}`)!;
  // one of the 3 rarest words of its text (the commonest say nothing), at least 3 letters
  const wordOf = (c: Claim) => {
    const ws = c.text.toLowerCase().split(' ').filter((w) => w.length >= 3 && RANK.has(w));
    ws.sort((a, b) => RANK.get(b)! - RANK.get(a)!);
    return ws[Math.floor(rand() * Math.min(3, ws.length))] ?? c.text.split(' ')[0];
  };
  const make: Record<string, () => string> = {
    'one word': () => wordOf(someClaim()),
    'one word, typo': () => typo(wordOf(someClaim())),
    'two words': () => {
      const c = someClaim();
      return `${wordOf(c)} ${wordOf(c)}`;
    },
    'actor name': () => store.get('actors', someClaim().claimant)!.name,
    'prefix (first 5 letters)': () => wordOf(someClaim()).slice(0, 5),
    'common word': () => ['people', 'money', 'government', 'country', 'police', 'million'][Math.floor(rand() * 6)],
    'claim id': () => `c${1 + Math.floor(rand() * claims)}`,
    'no match': () => `qqzx${Math.floor(rand() * 1000)}`,
  };
  return Object.fromEntries(Object.entries(make).map(([k, f]) => [k, Array.from({ length: QUERIES }, f)]));
}

/** Each query timed once (after `warmUp` untimed ones of its kind), then twice more for the best of three. */
export function measureQueries(kinds: Record<string, string[]>, run: (q: string) => unknown, base: Record<string, unknown>, warmUp = 30) {
  const rows: Record<string, unknown>[] = [];
  const all: number[] = [];
  const allBest: number[] = [];
  let cpuUs = 0;
  for (const [kind, qs] of Object.entries(kinds)) {
    for (const q of qs.slice(0, warmUp)) run(q);
    const cpu0 = process.cpuUsage();
    const samples = qs.map((q) => time(() => run(q)));
    const cpu = process.cpuUsage(cpu0);
    cpuUs += cpu.user + cpu.system;
    // on a loaded machine the wall-clock p99 is mostly time the OS gave to other processes: the best of three
    // runs of each query (the first above, two more) is what the query itself costs
    const best = qs.map((q, i) => Math.min(samples[i], time(() => run(q)), time(() => run(q))));
    all.push(...samples);
    allBest.push(...best);
    const s = stats(samples);
    const b = stats(best);
    rows.push({ ...base, query: kind, median_ms: s.median, p99_ms: s.p99, best3_median_ms: b.median, best3_p99_ms: b.p99 });
  }
  const s = stats(all);
  const b = stats(allBest);
  return { rows, median: s.median, p99: s.p99, bestMedian: b.median, bestP99: b.p99, cpuMsPerQuery: r3(cpuUs / 1000 / all.length) };
}

/** Runs `start` and waits for `ready`, measuring how long the event loop was held up meanwhile. */
async function measureStart(start: () => LedgerSearch) {
  const h = monitorEventLoopDelay({ resolution: 5 });
  let maxGap = 0;
  let last = performance.now();
  const ticker = setInterval(() => {
    const now = performance.now();
    maxGap = Math.max(maxGap, now - last - 1);
    last = now;
  }, 1);
  h.enable();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const search = start();
  const constructorMs = performance.now() - t0;
  const readyAtOnce = search.isReady;
  await search.ready;
  const readyMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  h.disable();
  clearInterval(ticker);
  return { search, constructorMs: r1(constructorMs), readyAtOnce, readyMs: Math.round(readyMs), cpuMs: Math.round((cpu.user + cpu.system) / 1000), maxBlockMs: r1(Math.max(maxGap, h.max / 1e6)) };
}

async function benchSize(claims: number) {
  const t = performance.now();
  const { store } = await buildLedger(claims);
  const ledgerS = r1((performance.now() - t) / 1000);
  const kinds = queryKinds(store, claims);
  const rows: Record<string, unknown>[] = [];
  const summary: Record<string, unknown> = { ledger_build_s: ledgerS };
  const dir = mkdtempSync(path.join(tmpdir(), 'claimdesk-search-bench-'));
  try {
    // 1. a first start: no saved index, built from the store in the background, then saved
    const fresh = await measureStart(() => new LedgerSearch(store, { dir }));
    const tClose = performance.now();
    await fresh.search.close(); // waits for the save that followed the build
    Object.assign(summary, {
      fresh_build_to_ready_ms: fresh.readyMs,
      fresh_build_cpu_ms: fresh.cpuMs,
      fresh_build_longest_event_loop_block_ms: fresh.maxBlockMs,
      save_wait_at_close_ms: Math.round(performance.now() - tClose),
      index_file_mb: r1(statSync(path.join(dir, INDEX_FILE)).size / 1048576),
    });
    // queries meanwhile (before `ready`): a plain scan of the store
    const warming = new LedgerSearch(store, { syncLimit: 0 });
    const scanQs = Object.values(kinds).flatMap((qs) => qs.slice(0, claims >= 1e6 ? 2 : 5));
    const scan = stats(scanQs.map((q) => time(() => warming.claims(q))));
    await warming.close();
    Object.assign(summary, { before_ready_scan_median_ms: scan.median, before_ready_scan_p99_ms: scan.p99 });

    // 2. the next start: the saved index loaded in the constructor, ready at once
    const loaded = await measureStart(() => new LedgerSearch(store, { dir }));
    const search = loaded.search;
    Object.assign(summary, { load_ms: loaded.constructorMs, load_cpu_ms: loaded.cpuMs, load_ready_at_once: loaded.readyAtOnce });
    const desk: Desk = { store, clock: systemClock, log: silentLogger, settings: defaultSettings(), search };
    const ctx = { desk, user: { key: 'console:local', name: 'bench', isEditor: true }, channel: { platform: 'console' as const, workspace: 'local', channel: 'console', name: '#console' } };
    const tFirst = performance.now();
    await runText('claim', `status ${kinds['one word'][0]}`, ctx);
    summary.first_command_after_load_ms = r3(performance.now() - tFirst);
    const ours = measureQueries(kinds, (q) => search.claimIds(q, 100), { claims, candidate: 'claimdesk index' });
    rows.push(...ours.rows);
    const console: number[] = [];
    for (const q of kinds['one word'].slice(0, 100)) {
      const t0 = performance.now();
      await runText('claim', `status ${q}`, ctx);
      console.push(performance.now() - t0);
    }
    Object.assign(summary, {
      query_median_ms: ours.median,
      query_p99_ms: ours.p99,
      query_mean_cpu_ms: ours.cpuMsPerQuery,
      query_best_of_3_median_ms: ours.bestMedian,
      query_best_of_3_p99_ms: ours.bestP99,
      console_claim_status_median_ms: stats(console).median,
      target_met: ours.median <= 0.1 && ours.p99 <= 1,
      target_met_best_of_3: ours.bestMedian <= 0.1 && ours.bestP99 <= 1,
    });
    // incremental upkeep: a new claim is searchable right after its commit
    const upkeep: number[] = [];
    for (let i = 0; i < 200; i++) {
      const id = `C${claims + 1 + i}`;
      const t0 = performance.now();
      await store.write((tx) => tx.put('claims', { ...store.get('claims', 'C1')!, id, text: `fresh zebra${i} claim` }));
      upkeep.push(performance.now() - t0);
    }
    if (search.claims('zebra199')[0]?.id !== `C${claims + 200}`) throw new Error('incremental index did not pick up a new claim');
    summary.add_claim_write_plus_reindex_median_ms = stats(upkeep).median;
    await search.close();

    // 3. a start after 1,000 claims changed behind the saved index (its last save predates them)
    await store.write((tx) => {
      for (let i = 1; i <= 1000; i++) {
        const c = tx.get('claims', `C${i * Math.floor(claims / 1000)}`)!;
        tx.put('claims', { ...c, text: `${c.text} amended` });
      }
    });
    const stale = await measureStart(() => new LedgerSearch(store, { dir }));
    summary.load_with_1000_stale_claims_ms = stale.constructorMs;
    if (!stale.search.claims('amended', 2000).length) throw new Error('catch-up missed the amended claims');
    await stale.search.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  // MiniSearch, as before
  if (claims <= MINISEARCH_MAX) {
    const cpu0 = process.cpuUsage();
    const mini = miniSearchClaims(store);
    const cpu = process.cpuUsage(cpu0);
    summary.minisearch_build_cpu_ms = Math.round((cpu.user + cpu.system) / 1000);
    const m = measureQueries(kinds, (q) => mini(q, 100), { claims, candidate: 'MiniSearch 7' });
    rows.push(...m.rows);
    Object.assign(summary, { minisearch_query_median_ms: m.median, minisearch_query_p99_ms: m.p99, minisearch_query_mean_cpu_ms: m.cpuMsPerQuery, minisearch_query_best_of_3_median_ms: m.bestMedian, minisearch_query_best_of_3_p99_ms: m.bestP99 });
  }
  return { rows, summary };
}

export async function run(): Promise<BenchResult> {
  const rows: Record<string, unknown>[] = [];
  const summary: Record<string, unknown> = { load_avg_1_5_15: loadavg().map((x) => Math.round(x * 100) / 100) };
  for (const n of SIZES) {
    const r = await benchSize(n);
    rows.push(...r.rows);
    for (const [k, v] of Object.entries(r.summary)) summary[`${n >= 1e6 ? `${n / 1e6}M` : `${n / 1e3}k`}_${k}`] = v;
  }
  // side by side: one row per query kind and size, the candidates in columns
  const table = new Map<string, Record<string, unknown>>();
  for (const r of rows) {
    const key = `${r.claims}|${r.query}`;
    const row = table.get(key) ?? { claims: r.claims, query: r.query };
    const tag = r.candidate === 'MiniSearch 7' ? 'minisearch' : 'claimdesk';
    row[`${tag}_median_ms`] = r.median_ms;
    row[`${tag}_p99_ms`] = r.p99_ms;
    row[`${tag}_best3_p99_ms`] = r.best3_p99_ms;
    table.set(key, row);
  }
  summary.load_avg_after = loadavg().map((x) => Math.round(x * 100) / 100);
  return { title: `Search: /claim status over realistic ledgers (${SIZES.join(', ')} claims), MiniSearch 7 vs claimdesk's index`, rows: [...table.values()], summary };
}

// `tsx bench/search.ts` runs it alone
if (import.meta.url === `file://${process.argv[1]}`) {
  run().then((r) => {
    console.table(r.rows);
    console.log(r.summary);
  });
}
