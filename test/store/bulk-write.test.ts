// Bulk writes (a ClaimReview import of 100k or a million reviews): documents handed over to the store
// (PutOptions.handOver) are stored exactly as copied ones would be, and a unit of thousands of changes is
// journaled by the writer as parts, one at a time, all-or-nothing across a crash.
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { claim } from './contract/fixtures.ts';
import { JsonFileStore } from '../../store/json/json-store.ts';
import { MemoryStore } from '../../store/memory.ts';
import { InvalidDocError, LEDGER_SCHEMA, type Ledger, type NewDoc } from '../../src/core/store-port.ts';
import { removeDir, tempDir } from './helpers.ts';
import { PART_BYTES } from '../../store/json/journal-parts.ts';

let dir: string;
beforeEach(async () => (dir = await tempDir()));
afterEach(() => removeDir(dir));

// each made fresh per put: a handed-over doc is frozen in place
const docs: Record<string, () => unknown> = {
  plain: () => claim('C1', 'ann', 'false', { sources: [{ url: 'https://a.example', outlet: 'A', note: '', addedAt: 'x', addedBy: 'y', kind: 'review', review: { label: 'False', citations: ['https://b.example'] } }] }),
  'undefined keys': () => ({ ...claim('C1', 'ann'), madeAt: undefined, origin: undefined }),
  'undefined in an array': () => ({ ...claim('C1', 'ann'), tags: ['a', undefined, 'b'] }),
  'a lone surrogate': () => claim('C1', 'ann', 'unverified', { text: 'bad \ud800 text' }),
  'a version already': () => ({ ...claim('C1', 'ann'), version: 41 }),
  'a nested __proto__': () => ({ ...claim('C1', 'ann'), sources: [JSON.parse('{"url":"u","__proto__":{"x":1}}')] }),
  'NaN': () => ({ ...claim('C1', 'ann'), flagCount: NaN }),
  'a Date': () => ({ ...claim('C1', 'ann'), madeAt: new Date(0) }),
  'a frozen part': () => ({ ...claim('C1', 'ann'), tags: Object.freeze(['x']) }),
  'a frozen part with undefined': () => ({ ...claim('C1', 'ann'), subjects: Object.freeze([undefined]) }),
  'a million values': () => ({ ...claim('C1', 'ann'), tags: new Array(1_000_001).fill('') }),
  'text over the limit': () => claim('C1', 'ann', 'unverified', { text: 'x'.repeat(1_000_001) }),
};

async function put(handOver: boolean, make: () => unknown): Promise<unknown> {
  const store = new MemoryStore(LEDGER_SCHEMA);
  try {
    return await store.write((tx) => tx.put('claims', make() as NewDoc<'claims'>, { handOver }));
  } catch (err) {
    return err instanceof InvalidDocError ? `InvalidDocError: ${err.message}` : err;
  }
}

describe('handOver puts', () => {
  it('store what a copying put stores, or refuse it with the same words, whatever the document holds', async () => {
    for (const [name, make] of Object.entries(docs)) {
      const copied = await put(false, make);
      const kept = await put(true, make);
      expect(kept, name).toEqual(copied);
      if (typeof kept === 'object') expect(Object.isFrozen((kept as { sources: object }).sources), name).toBe(true);
    }
    expect(await put(true, docs['a million values'])).toMatch(/claims\/C1: document of more than 1000000 values/);
  });

  it('a handed-over doc is frozen all the way down once stored, and survives a reopen as it was', async () => {
    const store = await JsonFileStore.open(dir, LEDGER_SCHEMA, { checkpointOnClose: false });
    const doc = docs.plain() as NewDoc<'claims'>;
    const stored = await store.write((tx) => tx.put('claims', doc, { handOver: true }));
    expect(() => ((stored.sources[0].review as { citations: string[] }).citations as string[]).push('x')).toThrow(TypeError);
    await store.close();
    const again = await JsonFileStore.open(dir, LEDGER_SCHEMA, { checkpointOnClose: false });
    expect(again.get('claims', 'C1')).toEqual(stored);
    await again.close();
  });
});

describe('a unit of thousands of changes', () => {
  const text = (i: number) => `claim ${i}: ünïcödé ☃ 😀 ${'the minister said spending rose '.repeat(60)}`;
  const bulk = (store: JsonFileStore<Ledger>, from: number, count: number) =>
    store.write((tx) => {
      for (let i = from; i < from + count; i++) tx.put('claims', claim(`C${i}`, 'a', 'false', { text: text(i) }), { handOver: true });
      tx.nextId('claim');
    });
  const lines = async () => (await fs.readFile(path.join(dir, 'journal.jsonl'), 'utf8')).split('\n').filter(Boolean);

  it('is journaled as parts and replays whole, with its sequence, beside small writes before and after it', async () => {
    const store = await JsonFileStore.open(dir, LEDGER_SCHEMA, { checkpointOnClose: false, maxJournalBytes: 1e9 });
    const small = store.write((tx) => tx.put('claims', claim('C0', 'a')));
    const big = bulk(store, 1, 5000);
    const after = store.write((tx) => tx.put('claims', claim('C9999', 'b')));
    await Promise.all([small, big, after]);
    const before = store.all('claims');
    await store.close();
    const journal = await lines();
    expect(journal.map((l) => /^\{"n":(\d+),/.exec(l)?.[1])).toEqual(['1', ...journal.slice(1, -1).map(() => '2'), '3']);
    expect(journal.length).toBeGreaterThan(3); // the 5000 claims (~10 MB) in more than one part
    const again = await JsonFileStore.open(dir, LEDGER_SCHEMA, { checkpointOnClose: false });
    expect(again.all('claims')).toEqual(before);
    expect(await again.write((tx) => tx.nextId('claim'))).toBe(2);
    await again.close();
  });

  it('a document whose JSON is larger than a part (6 MB of escapes) gets a part of its own and replays exactly', async () => {
    const store = await JsonFileStore.open(dir, LEDGER_SCHEMA, { checkpointOnClose: false, maxJournalBytes: 1e9 });
    const odd = '\u0001\u001f"\\'.repeat(249_000); // ~1M characters, each written as up to 6 bytes
    await store.write((tx) => {
      for (let i = 1; i <= 2100; i++) tx.put('claims', claim(`C${i}`, 'a', 'false', i === 1000 ? { text: odd } : {}), { handOver: true });
    });
    await store.close();
    const journal = await lines();
    expect(Math.max(...journal.map((l) => Buffer.byteLength(l)))).toBeGreaterThan(PART_BYTES);
    const again = await JsonFileStore.open(dir, LEDGER_SCHEMA, { checkpointOnClose: false });
    expect(again.get('claims', 'C1000')?.text).toBe(odd);
    expect(again.count('claims')).toBe(2100);
    await again.close();
  });

  it('cut after some of its parts (a crash while it was written, never acknowledged): dropped whole, bytes kept beside', async () => {
    const store = await JsonFileStore.open(dir, LEDGER_SCHEMA, { checkpointOnClose: false, maxJournalBytes: 1e9 });
    await store.write((tx) => tx.put('claims', claim('C0', 'a')));
    await bulk(store, 1, 5000);
    await store.close();
    const journal = await lines();
    await fs.writeFile(path.join(dir, 'journal.jsonl'), journal.slice(0, 3).join('\n') + '\n'); // C0 and 2 parts
    const notices: string[] = [];
    const again = await JsonFileStore.open(dir, LEDGER_SCHEMA, { checkpointOnClose: false, onNotice: (m) => notices.push(m) });
    expect(again.all('claims').map((c) => c.id)).toEqual(['C0']);
    expect(notices.join()).toMatch(/cut 2 records/);
    expect((await fs.readdir(dir)).some((f) => /^journal\.cut-.+\.jsonl$/.test(f))).toBe(true);
    await again.close();
  });
});
