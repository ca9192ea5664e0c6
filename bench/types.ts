// The shape every bench module (bench/store.ts, bench/search.ts, bench/claimreview.ts) exports.
// bench/run.ts imports each module that exists, calls run(), prints `rows` as a table and `summary` as
// key/value lines; with `--json` it prints one JSON object { [module]: BenchResult } as its last line.

export interface BenchResult {
  /** e.g. "Store: durable status change, claimdesk vs lowdb 7" */
  title: string;
  /** one row per measured case; values should be numbers (ms, MB, ratios) or short strings */
  rows: Record<string, unknown>[];
  /** the headline numbers (targets met, medians at the largest size…) */
  summary: Record<string, unknown>;
}

export type BenchModule = { run(): Promise<BenchResult> };

/** Median and p-th percentile of a list of durations (ms), rounded to 3 decimals. */
export function stats(samples: number[]): { median: number; p99: number; mean: number; n: number } {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * (s.length - 1) + 0.5))] ?? NaN;
  const r = (x: number) => Math.round(x * 1000) / 1000;
  const mean = s.reduce((a, b) => a + b, 0) / (s.length || 1);
  return { median: r(at(0.5)), p99: r(at(0.99)), mean: r(mean), n: s.length };
}
