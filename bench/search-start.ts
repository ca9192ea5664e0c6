// The search from the first command after a start, in fresh processes as `npm start` makes them: DATA_DIR's JSON
// store opened, the desk created (the saved search index loaded), and at once the search bench's queries
// (bench/search.ts), each timed on its first run with no warm-up, one word first.
//   node --import tsx bench/search-start.ts queries <DATA_DIR> <file>   the queries, written to <file> (made in a
//       process of their own: making them reads claims, which the JSON store then holds parsed)
//   … search <DATA_DIR> <file>    the ranked ids (`claimIds`, the search itself) of every kind
//   … console <DATA_DIR> <file>   100 other one-word queries through the console's command runner (`/claim
//       status`, which reads the ten claims it shows)
// The last two print one JSON line; bench/start.ts runs all three on its ledgers. (In bench/search.ts's own
// process the index was just built and dropped, and its first queries also pay for collecting that garbage;
// its store is in memory, where a claim costs nothing to read.)
import { readFileSync, writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { runText } from '../commands/index.ts';
import { createDesk } from '../src/core/create-desk.ts';
import { LEDGER_SCHEMA } from '../src/core/store-port.ts';
import { JsonFileStore } from '../store/json/json-store.ts';
import { measureQueries, queryKinds } from './search.ts';
import { stats } from './types.ts';

interface Queries {
  kinds: Record<string, string[]>;
  console: string[];
}

const [mode, dir, file] = process.argv.slice(2);
const t0 = performance.now();
const store = await JsonFileStore.open(dir, LEDGER_SCHEMA, { checkpointOnClose: false });
if (mode === 'queries') {
  const n = store.count('claims');
  const qs: Queries = { kinds: queryKinds(store, n), console: queryKinds(store, n, 8)['one word'].slice(0, 100) };
  writeFileSync(file, JSON.stringify(qs));
} else {
  const qs = JSON.parse(readFileSync(file, 'utf8')) as Queries;
  const desk = createDesk({ store, dataDir: dir });
  const startMs = Math.round(performance.now() - t0);
  let out: Record<string, unknown>;
  if (mode === 'search') {
    out = measureQueries(qs.kinds, (q) => desk.search.claimIds(q, 100), {}, 0);
  } else {
    const ctx = { desk, user: { key: 'console:local', name: 'bench', isEditor: true }, channel: { platform: 'console' as const, workspace: 'local', channel: 'console', name: '#console' } };
    const times: number[] = [];
    for (const q of qs.console) {
      const t = performance.now();
      await runText('claim', `status ${q}`, ctx);
      times.push(performance.now() - t);
    }
    const s = stats(times);
    out = { median: s.median, p99: s.p99 };
  }
  await desk.search.close();
  process.stdout.write(`${JSON.stringify({ startMs, ...out })}\n`);
}
await store.close();
