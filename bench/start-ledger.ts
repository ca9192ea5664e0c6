// A DATA_DIR as a newsroom's bot would leave it, for the cold-start bench: store.json with `claims` realistic
// claims (bench/search-ledger.ts: real English words by frequency, real-looking claimants), each with its
// creation in its history and a source now and then, and the saved search index beside it. Written
// straight as a snapshot (a million claims through store.write would take minutes), then opened once so the
// search index is built and saved as the bot saves it.
import fs from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import { createDesk } from '../src/core/create-desk.ts';
import { LEDGER_SCHEMA } from '../src/core/store-port.ts';
import type { Actor, Claim } from '../src/core/types.ts';
import { JsonFileStore } from '../store/json/json-store.ts';
import { writeSnapshot } from '../store/json/snapshot.ts';
import { validateVersioned } from '../store/validate.ts';
import { claimText, NAMES, rng } from './search-ledger.ts';

const NOW = Date.parse('2026-11-01T00:00:00.000Z');
const STATUSES = ['unverified', 'unverified', 'in_review', 'false', 'mostly_false', 'true', 'misleading'] as const;

function* claimsOf(n: number, actors: number): Generator<Claim> {
  const rand = rng(7);
  for (let i = 1; i <= n; i++) {
    const at = new Date(NOW + i * 1000).toISOString();
    const status = STATUSES[Math.floor(rand() * STATUSES.length)];
    const history: Claim['history'] = [{ at, by: 'slack:U0123', byName: 'Desk editor', from: null, to: 'unverified', note: '' }];
    if (status !== 'unverified') history.push({ at, by: 'slack:U0456', byName: 'Fact checker', from: 'unverified', to: status, note: '' });
    const sources: Claim['sources'] =
      rand() < 0.3 ? [{ url: `https://news.example.org/story/${i}`, outlet: 'news.example.org', note: '', addedAt: at, addedBy: 'slack:U0123', kind: 'appearance' }] : [];
    const doc = {
      id: `C${i}`,
      text: claimText(rand),
      status,
      claimant: `a${Math.floor(rand() * actors)}`,
      subjects: rand() < 0.5 ? [`a${Math.floor(rand() * actors)}`] : [],
      tags: rand() < 0.4 ? ['budget'] : [],
      sources,
      history,
      flagCount: 0,
      createdAt: at,
      updatedAt: at,
    };
    yield validateVersioned('claims', doc, history.length) as Claim;
  }
}

function actorsOf(n: number): Actor[] {
  const rand = rng(3);
  const name = () => NAMES[Math.floor(NAMES.length * Math.pow(rand(), 1.5))];
  const at = new Date(NOW).toISOString();
  return Array.from({ length: n }, (_, i) =>
    validateVersioned('actors', { id: `a${i}`, name: `${name()} ${name()}`, role: '', aliases: [], kind: 'person', createdAt: at, updatedAt: at }, 1) as Actor,
  );
}

/** Fill `dir` (made empty first) with a ledger of `claims` claims and its saved search index. */
export async function writeStartLedger(dir: string, claims: number): Promise<void> {
  await fs.rm(dir, { recursive: true, force: true });
  await fs.mkdir(dir, { recursive: true });
  const actors = Math.max(2000, Math.round(claims / 50));
  const actorDocs = actorsOf(actors);
  const collections = LEDGER_SCHEMA.collections;
  await writeSnapshot(
    dir,
    {
      seqs: { claim: claims },
      collections,
      all: (c) => (c === 'claims' ? claimsOf(claims, actors) : c === 'actors' ? actorDocs : []),
    },
    0,
  );
  const store = await JsonFileStore.open(dir, LEDGER_SCHEMA, { checkpointOnClose: false });
  const desk = createDesk({ store, dataDir: dir });
  await (desk.search as unknown as { ready: Promise<void> }).ready;
  await desk.search.close(); // saves search-index.bin
  await store.close();
}

// `tsx bench/start-ledger.ts <dir> <claims>`: prepare a DATA_DIR by hand (for profiling)
if (process.argv[1]?.endsWith('start-ledger.ts')) {
  const [dir, n] = process.argv.slice(2);
  const t0 = performance.now();
  await writeStartLedger(dir, Number(n));
  console.log(`${n} claims in ${dir} in ${Math.round(performance.now() - t0)} ms`);
}
