// The search from the first command after a start, in a fresh process as `npm start` makes it: DATA_DIR's
// JSON store opened, the desk created (the saved search index loaded), and at once the search bench's
// queries (bench/search.ts), each timed on its first run: the ranked ids (`claimIds`, the search itself), then
// other queries through the console's command runner (`/claim status`, which reads the ten claims it shows).
// `node --import tsx bench/search-start.ts <DATA_DIR>` prints one JSON line; bench/start.ts runs it on its
// ledgers. (In bench/search.ts's own process the index was just built and dropped, and its first queries also
// pay for collecting that garbage; its store is in memory, where a claim costs nothing to read.)
import { performance } from 'node:perf_hooks';
import { runText } from '../commands/index.ts';
import { createDesk } from '../src/core/create-desk.ts';
import { LEDGER_SCHEMA } from '../src/core/store-port.ts';
import { JsonFileStore } from '../store/json/json-store.ts';
import { measureQueries, queryKinds } from './search.ts';
import { stats } from './types.ts';

const dir = process.argv[2];
const t0 = performance.now();
const store = await JsonFileStore.open(dir, LEDGER_SCHEMA, { checkpointOnClose: false });
const desk = createDesk({ store, dataDir: dir });
const startMs = Math.round(performance.now() - t0);
const claims = store.count('claims');
const kinds = queryKinds(store, claims);
const search = measureQueries(kinds, (q) => desk.search.claimIds(q, 100), { claims });
const ctx = { desk, user: { key: 'console:local', name: 'bench', isEditor: true }, channel: { platform: 'console' as const, workspace: 'local', channel: 'console', name: '#console' } };
const console: number[] = [];
for (const q of queryKinds(store, claims, 8)['one word'].slice(0, 100)) {
  const t = performance.now();
  await runText('claim', `status ${q}`, ctx);
  console.push(performance.now() - t);
}
await desk.search.close();
await store.close();
const c = stats(console);
process.stdout.write(`${JSON.stringify({ startMs, search, console: { median: c.median, p99: c.p99 } })}\n`);
