// A store that grows must stay readable: no file is read as one string, a unit larger than a line is
// written as several lines (still all-or-nothing), and a document the store could not read back is refused
// before it is acknowledged. The line limit (64 MiB by default, under V8's ~512 M-character strings) is
// lowered here to 4 KiB so that the test data is small and the limit itself is what is tested.
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { claim } from './contract/fixtures.ts';
import { JsonFileStore } from '../../store/json/json-store.ts';
import { InvalidDocError, StoreCorruptError, LEDGER_SCHEMA, type Ledger } from '../../src/core/store-port.ts';
import { removeDir, tempDir } from './helpers.ts';

const LIMIT = 4096;
let dir: string;
beforeEach(async () => (dir = await tempDir()));
afterEach(() => removeDir(dir));

const open = () => JsonFileStore.open(dir, LEDGER_SCHEMA, { maxLineBytes: LIMIT, checkpointOnClose: false });
const lines = async (file: string) => (await fs.readFile(path.join(dir, file), 'utf8')).split('\n').filter(Boolean);
const text = (i: number) => `claim ${i}: ${'the minister said spending rose '.repeat(10)}`;

async function bigUnit(store: JsonFileStore<Ledger>, from: number, count: number): Promise<void> {
  await store.write((tx) => {
    for (let i = from; i < from + count; i++) tx.put('claims', claim(`C${i}`, 'ann', 'unverified', { text: text(i) }));
  });
}

describe('line limit', () => {
  it('a unit larger than a line is journaled as several lines, none longer than the limit, and replays whole', async () => {
    const store = await open();
    await bigUnit(store, 1, 60); // ~40 KB in one unit
    await store.close();
    const journal = await lines('journal.jsonl');
    expect(journal.length).toBeGreaterThan(5);
    for (const l of journal) expect(Buffer.byteLength(l)).toBeLessThanOrEqual(LIMIT);
    const again = await open();
    expect(again.count('claims')).toBe(60);
    expect(again.get('claims', 'C60')?.text).toBe(text(60));
    await again.close();
  });

  it('a snapshot far larger than the limit is read back one document per line', async () => {
    const store = await open();
    await bigUnit(store, 1, 200);
    await store.checkpoint();
    await store.close();
    expect((await fs.stat(path.join(dir, 'store.json'))).size).toBeGreaterThan(20 * LIMIT);
    const again = await open();
    expect(again.all('claims').map((c) => c.id)).toEqual(Array.from({ length: 200 }, (_, i) => `C${i + 1}`));
    await again.close();
  });

  it('a document that cannot fit in a line is refused before anything changes', async () => {
    const store = await open();
    await store.write((tx) => tx.put('claims', claim('C1', 'ann')));
    const huge = claim('C2', 'ann', 'unverified', { text: 'x'.repeat(LIMIT) });
    await expect(store.write((tx) => void (tx.put('claims', claim('C3', 'ann')), tx.put('claims', huge)))).rejects.toThrow(
      InvalidDocError,
    );
    await expect(store.write((tx) => tx.put('claims', huge))).rejects.toThrow(/claims\/C2: document too large for the store to read back/);
    expect([store.get('claims', 'C2'), store.get('claims', 'C3'), store.count('claims')]).toEqual([undefined, undefined, 1]);
    await store.write((tx) => tx.put('claims', claim('C4', 'ann')));
    await store.close();
    expect(await lines('journal.jsonl')).toHaveLength(2);
    const again = await open();
    expect(again.all('claims').map((c) => c.id)).toEqual(['C1', 'C4']);
    await again.close();
  });

  it('a unit cut short after some of its lines (a crash mid-write) is dropped whole at the next start', async () => {
    const store = await open();
    await store.write((tx) => tx.put('claims', claim('C0', 'ann')));
    await bigUnit(store, 1, 60);
    await store.close();
    const journal = path.join(dir, 'journal.jsonl');
    const all = await lines('journal.jsonl');
    const firstUnitBytes = Buffer.byteLength(all[0]) + 1;
    await fs.writeFile(journal, all.slice(0, 4).join('\n') + '\n'); // the first unit and 3 parts of the second
    const again = await open();
    expect(again.all('claims').map((c) => c.id)).toEqual(['C0']);
    await again.close();
    expect((await fs.stat(journal)).size).toBe(firstUnitBytes);
  });

  it('a hand-edited snapshot in another layout that is larger than a line is refused with a reason', async () => {
    const store = await open();
    await bigUnit(store, 1, 40);
    await store.checkpoint();
    await store.close();
    const file = path.join(dir, 'store.json');
    const o = JSON.parse(await fs.readFile(file, 'utf8'));
    delete o.checksum;
    await fs.writeFile(file, JSON.stringify(o, null, 1));
    const err = await open().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoreCorruptError);
    expect((err as Error).message).toMatch(/store\.json is not valid JSON in the layout claimdesk writes.*too large to read whole/);
  });
});
