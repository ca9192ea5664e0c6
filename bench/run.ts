// `npm run bench [-- --json] [-- store search …]`: runs each bench module that exists and prints its table.
// With --json the last line of stdout is ONE JSON object { <module>: BenchResult | { error } }.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { BenchModule, BenchResult } from './types.ts';

const MODULES = ['store', 'start', 'search', 'claimreview', 'web', 'postgres'];
const args = process.argv.slice(2);
const json = args.includes('--json');
const only = args.filter((a) => !a.startsWith('--'));

function table(rows: Record<string, unknown>[]): string {
  if (!rows.length) return '  (no rows)';
  const cols = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const cell = (v: unknown) => (v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v));
  const width = cols.map((c) => Math.max(c.length, ...rows.map((r) => cell(r[c]).length)));
  const line = (vals: string[]) => '| ' + vals.map((v, i) => v.padEnd(width[i])).join(' | ') + ' |';
  return [line(cols), '|' + width.map((w) => '-'.repeat(w + 2)).join('|') + '|', ...rows.map((r) => line(cols.map((c) => cell(r[c]))))].join('\n');
}

const results: Record<string, BenchResult | { error: string }> = {};
let failed = false;
for (const name of MODULES) {
  if (only.length && !only.includes(name)) continue;
  const file = fileURLToPath(new URL(`./${name}.ts`, import.meta.url));
  if (!existsSync(file)) continue;
  const t0 = Date.now();
  console.log(`\n== ${name} (bench/${name}.ts) …`);
  try {
    const mod = (await import(`./${name}.ts`)) as BenchModule;
    const res = await mod.run();
    results[name] = res;
    console.log(`${res.title}  [${((Date.now() - t0) / 1000).toFixed(1)} s]\n${table(res.rows)}`);
    for (const [k, v] of Object.entries(res.summary)) console.log(`  ${k}: ${typeof v === 'object' ? JSON.stringify(v) : v}`);
  } catch (err) {
    failed = true;
    results[name] = { error: (err as Error).stack ?? String(err) };
    console.log(`  FAILED: ${(err as Error).message}`);
  }
}
if (json) console.log(JSON.stringify(results));
process.exitCode = failed ? 1 : 0;
