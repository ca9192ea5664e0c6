// A word found in thousands of claims is answered from its top list (search-top.ts) and stops early; the
// answer must be exactly the first `limit` of the full ranking — after edits and deletions that leave dead
// entries in those lists, for words added since the index was built, and from an index saved and loaded.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MemoryStore } from '../../store/memory.ts';
import { LedgerSearch } from '../../src/core/search.ts';
import { LEDGER_SCHEMA, type Ledger } from '../../src/core/store-port.ts';
import type { Claim } from '../../src/core/types.ts';

const NOW = '2026-11-01T00:00:00.000Z';
// a few words everywhere, some in hundreds of claims, a long tail: as in real text
const COMMON = ['budget', 'border', 'police', 'school', 'taxes', 'voters', 'water', 'wages'];
const RARE = Array.from({ length: 300 }, (_, i) => `word${String.fromCharCode(97 + (i % 26))}${String.fromCharCode(97 + ((i / 26) | 0))}`);
const CLAIMS = 3000;

function rng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

let store: MemoryStore<Ledger>;
let dir: string;
const rand = rng(11);
const pick = <T>(xs: T[]) => xs[Math.floor(rand() ** 1.5 * xs.length)];

function text(): string {
  const n = 3 + Math.floor(rand() * 20); // lengths vary, so do the weights
  return Array.from({ length: n }, () => (rand() < 0.5 ? pick(COMMON) : pick(RARE))).join(' ');
}

beforeEach(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'claimdesk-topk-'));
  store = new MemoryStore(LEDGER_SCHEMA);
  await store.write((tx) => {
    for (let i = 0; i < 40; i++) tx.put('actors', { id: `a${i}`, name: `Budgeteer Person${i}`, role: '', aliases: [], kind: 'person', createdAt: NOW, updatedAt: NOW });
    for (let i = 1; i <= CLAIMS; i++) {
      const claim: Omit<Claim, 'version'> = {
        id: `C${i}`, text: text(), status: 'unverified', claimant: `a${i % 40}`, subjects: [], tags: rand() < 0.1 ? [pick(COMMON)] : [],
        sources: [], history: [], flagCount: 0, createdAt: new Date(Date.parse(NOW) + (i % 700) * 1000).toISOString(), updatedAt: NOW, // many equal times: ties
      };
      tx.put('claims', claim);
    }
  });
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

// one word exact, as a prefix, with a typo, a word of the actors' names; and two words for the other paths
const QUERIES = ['budget', 'police', 'wages', 'bud', 'polic', 'budgte', 'schol', 'budgeteer', 'worda', 'budget water', 'taxes wordaa'];

/** Each answer is the start of the full ranking (a limit above every match count reads every posting). */
function expectPrefixes(s: LedgerSearch): void {
  for (const q of QUERIES) {
    const full = s.claims(q, 10_000).map((c) => c.id);
    expect(full.length, q).toBeGreaterThan(0);
    for (const limit of [1, 10, 25, 100]) expect(s.claims(q, limit).map((c) => c.id), `${q} ${limit}`).toEqual(full.slice(0, limit));
  }
}

describe('a word in thousands of claims', () => {
  it('answers with exactly the first `limit` of the full ranking, ties newest first', () => {
    const s = new LedgerSearch(store);
    expect(s.claims('budget', 10_000).length).toBeGreaterThan(1000);
    expectPrefixes(s);
  });

  it('stays exact after edits and deletions leave dead entries, and for words new since the build', async () => {
    const s = new LedgerSearch(store);
    const top = s.claims('budget', 300).map((c) => c.id);
    const police = s.claims('police', 100).map((c) => c.id).filter((id) => !top.includes(id));
    const like = store.get('claims', 'C1')!;
    // the best matches of `budget` go (edited away or deleted: their entries in its top list die, leaving it
    // short of live ones); those of `police` get a new doc number each, their new entries in the tail
    await store.write((tx) => {
      top.forEach((id, i) => {
        const c = tx.get('claims', id)!;
        if (i % 2) tx.delete('claims', id);
        else tx.put('claims', { ...c, text: c.text.replace(/budget/g, 'pudding') });
      });
      for (const id of police) tx.put('claims', { ...tx.get('claims', id)!, text: `${tx.get('claims', id)!.text} police` });
      for (let i = 1; i <= 700; i++) tx.put('claims', { ...like, id: `C${CLAIMS + i}`, text: `freshword ${i % 2 ? 'wages' : 'police'} news` });
    });
    expect(s.claims('budget', 10_000).length).toBeGreaterThan(500);
    expectPrefixes(s);
    for (const q of ['freshword', 'freshwrd', 'fresh']) {
      const full = s.claims(q, 10_000).map((c) => c.id);
      expect(full.length).toBe(700);
      expect(s.claims(q, 100).map((c) => c.id)).toEqual(full.slice(0, 100));
    }
  });

  it('a word in a few hundred claims: its whole list, or part of it, and what edits leave of them', async () => {
    const like = store.get('claims', 'C1')!;
    // `midword` in 180 claims (its list holds them all), `hundreds` in 400 (its list only the best 256)
    await store.write((tx) => {
      for (let i = 1; i <= 400; i++) {
        const words = i <= 180 ? 'midword hundreds' : 'hundreds';
        tx.put('claims', { ...like, id: `C${CLAIMS + i}`, text: `${words} ${'filler '.repeat(i % 7)}news`, createdAt: new Date(Date.parse(NOW) + (i % 13) * 1000).toISOString() });
      }
    });
    const s = new LedgerSearch(store, { dir });
    const check = () => {
      for (const q of ['midword', 'hundreds']) {
        const full = s.claims(q, 10_000).map((c) => c.id);
        for (const limit of [1, 10, 100, 256]) expect(s.claims(q, limit).map((c) => c.id), `${q} ${limit}`).toEqual(full.slice(0, limit));
      }
    };
    check();
    // the best of both go, so the lists are left short of live entries; a few come back, in the tail
    const gone = s.claims('hundreds', 230).map((c) => c.id);
    await store.write((tx) => {
      gone.forEach((id, i) => (i % 3 ? tx.delete('claims', id) : tx.put('claims', { ...tx.get('claims', id)!, text: 'moved away' })));
      for (let i = 1; i <= 5; i++) tx.put('claims', { ...like, id: `C${CLAIMS + 1000 + i}`, text: 'midword hundreds again' });
    });
    check();
    expect(s.claims('midword', 10_000).length).toBe(180 + 5 - gone.filter((id) => Number(id.slice(1)) <= CLAIMS + 180).length);
    await s.close();
    const next = new LedgerSearch(store, { dir });
    expect(next.claims('hundreds', 100).map((c) => c.id)).toEqual(s.claims('hundreds', 100).map((c) => c.id));
    await next.close();
  });

  it('answers the same from an index saved and loaded at the next start', async () => {
    const first = new LedgerSearch(store, { dir });
    const before = QUERIES.map((q) => first.claims(q, 100).map((c) => c.id));
    await first.close();
    const next = new LedgerSearch(store, { dir });
    expect(QUERIES.map((q) => next.claims(q, 100).map((c) => c.id))).toEqual(before);
    expectPrefixes(next);
    await next.close();
  });
});
