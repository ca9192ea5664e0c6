// Behaviour specific to the JSON-file store: group commit, what "durable" means for listeners, checkpoint
// failures, and writes that change nothing.
import { readFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { claim } from './contract/fixtures.ts';
import { JsonFileStore } from '../../store/json/json-store.ts';
import { PART_BYTES } from '../../store/json/journal-parts.ts';
import { removeDir, tempDir } from './helpers.ts';
import { LEDGER_SCHEMA } from '../../src/core/store-port.ts';

let dir: string;
beforeEach(async () => (dir = await tempDir()));
afterEach(() => removeDir(dir));
const journalLines = async () => (await fs.readFile(path.join(dir, 'journal.jsonl'), 'utf8')).split('\n').filter(Boolean);

describe('JsonFileStore', () => {
  it('group-commits: 300 concurrent writes take a handful of write+fdatasync rounds, not 300', async () => {
    const store = await JsonFileStore.open(dir, LEDGER_SCHEMA, { checkpointOnClose: false });
    await Promise.all(Array.from({ length: 300 }, (_, i) => store.write((tx) => tx.put('claims', claim(`C${i}`, 'a')))));
    const s = store.stats();
    expect(s.journalRecords).toBe(300);
    expect(s.syncs).toBeLessThanOrEqual(3); // the first write alone, then everything queued during its sync
    await store.close();
    expect(await journalLines()).toHaveLength(300);
  });

  it('a lone write is one journal line, already on disk when write() resolves and when listeners run', async () => {
    const store = await JsonFileStore.open(dir, LEDGER_SCHEMA, { checkpointOnClose: false });
    const inListener: number[] = [];
    const file = path.join(dir, 'journal.jsonl');
    store.onCommit(() => void inListener.push(readFileSync(file, 'utf8').split('\n').filter(Boolean).length));
    await store.write((tx) => tx.put('claims', claim('C1', 'a')));
    expect(await journalLines()).toHaveLength(1);
    await store.write((tx) => tx.put('claims', claim('C2', 'a')));
    expect(inListener).toEqual([1, 2]);
    expect(store.stats().syncs).toBe(2);
    await store.close();
  });

  it('a write that changes nothing resolves only after earlier pending writes are durable, and costs no sync', async () => {
    const store = await JsonFileStore.open(dir, LEDGER_SCHEMA, { checkpointOnClose: false });
    const order: string[] = [];
    const a = store.write((tx) => tx.put('claims', claim('C1', 'a'))).then(() => order.push('put'));
    const b = store.write((tx) => tx.get('claims', 'C1')?.id).then((id) => order.push(`read ${id}`));
    await Promise.all([a, b]);
    expect(order).toEqual(['put', 'read C1']);
    expect(store.stats().syncs).toBe(1);
    await store.close();
  });

  it('a failed checkpoint is logged, leaves store.json and the journal intact, and writes go on', async () => {
    const logs: { level: number; msg: string }[] = [];
    const log = pino({}, { write: (s: string) => void logs.push(JSON.parse(s)) });
    const store = await JsonFileStore.open(dir, LEDGER_SCHEMA, { log, checkpointOnClose: false });
    await store.write((tx) => tx.put('claims', claim('C1', 'a')));
    await store.checkpoint();
    const snap = await fs.readFile(path.join(dir, 'store.json'));
    await store.write((tx) => tx.put('claims', claim('C2', 'a')));
    await fs.mkdir(path.join(dir, 'store.json.tmp')); // the temp file cannot be created
    await store.checkpoint();
    expect(logs.some((l) => l.level === 50 && /checkpoint failed/.test(l.msg))).toBe(true);
    expect(await fs.readFile(path.join(dir, 'store.json'))).toEqual(snap);
    await store.write((tx) => tx.put('claims', claim('C3', 'a')));
    await store.close();
    await fs.rmdir(path.join(dir, 'store.json.tmp'));
    const again = await JsonFileStore.open(dir, LEDGER_SCHEMA);
    expect(again.all('claims').map((c) => c.id)).toEqual(['C1', 'C2', 'C3']);
    await again.close();
  });

  it('the snapshot is readable JSON with one document per line', async () => {
    const store = await JsonFileStore.open(dir, LEDGER_SCHEMA);
    await store.write((tx) => ['C1', 'C2'].forEach((id) => tx.put('claims', claim(id, 'a'))));
    await store.close();
    const text = await fs.readFile(path.join(dir, 'store.json'), 'utf8');
    const parsed = JSON.parse(text);
    expect(parsed).toMatchObject({ format: 'claimdesk-store', schemaVersion: 1, journalSeq: 1, seqs: {} });
    expect(parsed.collections.claims.map((c: { id: string }) => c.id)).toEqual(['C1', 'C2']);
    expect(text.split('\n').filter((l) => l.startsWith('      {"id":"C'))).toHaveLength(2);
    expect(await fs.readFile(path.join(dir, 'journal.jsonl'), 'utf8')).toBe(''); // emptied by the checkpoint on close
  });
  it('a unit of several MB (written in chunks, as parts of at most 4 MiB) is one record that replays byte for byte after a restart', async () => {
    const store = await JsonFileStore.open(dir, LEDGER_SCHEMA, { checkpointOnClose: false, maxJournalBytes: 1e9 });
    const text = (i: number) => `claim ${i}: ünïcödé ☃ 😀 ${'x'.repeat(i % 300)}`;
    await store.write((tx) => {
      for (let i = 0; i < 12_000; i++) tx.put('claims', claim(`C${i}`, 'a', 'false', { text: text(i) }));
    });
    const before = store.all('claims');
    await store.close();
    const lines = await journalLines();
    // one record (n 1) in parts: every line but the last says more follows; none is longer than a part
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.map((l) => /^\{"n":(\d+),/.exec(l)?.[1])).toEqual(lines.map(() => '1'));
    expect(lines.map((l) => l.includes('"more":1,"m":'))).toEqual(lines.map((_, i) => i < lines.length - 1));
    for (const l of lines) expect(Buffer.byteLength(l)).toBeLessThanOrEqual(PART_BYTES + 1024);
    expect(lines.join('').length).toBeGreaterThan(3_000_000);
    const again = await JsonFileStore.open(dir, LEDGER_SCHEMA, { checkpointOnClose: false });
    expect(again.count('claims')).toBe(12_000);
    expect(again.all('claims')).toEqual(before);
    expect(again.get('claims', 'C299')?.text).toBe(text(299));
    await again.close();
  });
});
