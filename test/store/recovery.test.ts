// Damaged files on disk: each is detected; a torn tail is cut off (logged), anything else makes the store
// refuse to start with a clear StoreCorruptError and leaves every file byte for byte as it was.
import fs from 'node:fs/promises';
import path from 'node:path';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { checkStore, formatCheck } from '../../store/check.ts';
import { claim } from './contract/fixtures.ts';
import { JsonFileStore, type JsonStoreOptions } from '../../store/json/json-store.ts';
import { openStore } from '../../store/open.ts';
import { StoreCorruptError, LEDGER_SCHEMA } from '../../src/core/store-port.ts';
import { removeDir, tempDir } from './helpers.ts';

let dir: string;
let logs: { level: number; msg: string }[];
const log = () => pino({ level: 'debug' }, { write: (s: string) => void logs.push(JSON.parse(s)) });
const journal = () => path.join(dir, 'journal.jsonl');
const snapshot = () => path.join(dir, 'store.json');
const cutFiles = async () => (await fs.readdir(dir)).filter((f) => /^journal\.cut-.*\.jsonl$/.test(f));

beforeEach(async () => {
  dir = await tempDir();
  logs = [];
});
afterEach(() => removeDir(dir));

/** n claims C1..Cn, one write each, left in the journal (no checkpoint) unless `checkpoint`. */
async function seed(n: number, opts: JsonStoreOptions & { checkpoint?: boolean } = {}): Promise<void> {
  const store = await JsonFileStore.open(dir, LEDGER_SCHEMA, { checkpointOnClose: false, ...opts });
  for (let i = 1; i <= n; i++) await store.write((tx) => tx.put('claims', claim(`C${tx.nextId('claim')}`, 'ann')));
  if (opts.checkpoint) await store.checkpoint();
  await store.close();
}

async function files(): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const f of await fs.readdir(dir)) out[f] = (await fs.readFile(path.join(dir, f))).toString('base64');
  return out;
}

/** Opening must fail with StoreCorruptError matching `re`, change no file, and leave no LOCK behind. */
async function expectRefused(re: RegExp): Promise<void> {
  const before = await files();
  const err = await JsonFileStore.open(dir, LEDGER_SCHEMA, { log: log() }).then(
    () => undefined,
    (e: Error) => e,
  );
  expect(err).toBeInstanceOf(StoreCorruptError);
  expect(err!.message).toMatch(re);
  expect(await files()).toEqual(before);
  const report = await checkStore(dir, LEDGER_SCHEMA);
  expect(report.ok).toBe(false);
  expect(report.problems.join('\n')).toMatch(re);
  expect(formatCheck(report)).toMatch(/DAMAGED/);
  expect(await files()).toEqual(before);
}

describe('journal damage', () => {
  it('a torn last line (cut mid-record) is cut off and logged; every complete record is kept', async () => {
    await seed(5);
    const good = (await fs.stat(journal())).size;
    await fs.appendFile(journal(), '{"n":6,"crc":"0000');
    expect((await checkStore(dir, LEDGER_SCHEMA)).notes.join()).toMatch(/torn/);
    const store = await JsonFileStore.open(dir, LEDGER_SCHEMA, { log: log(), checkpointOnClose: false });
    expect(store.count('claims')).toBe(5);
    expect((await fs.stat(journal())).size).toBe(good);
    // never destroy bytes: what was cut is saved beside the journal, and the log says how much and where
    const saved = await cutFiles();
    expect(saved).toHaveLength(1);
    expect(await fs.readFile(path.join(dir, saved[0]), 'utf8')).toBe('{"n":6,"crc":"0000');
    const warn = logs.find((l) => l.level === 40 && /journal\.jsonl: cut 1 record \(18 bytes\)/.test(l.msg));
    expect(warn?.msg).toContain(path.join(dir, saved[0]));
    expect((await checkStore(dir, LEDGER_SCHEMA)).notes.join()).toMatch(new RegExp(`${saved[0]}: 18 bytes cut from the end of journal\\.jsonl`));
    // the journal continues cleanly after the cut
    await store.write((tx) => tx.put('claims', claim(`C${tx.nextId('claim')}`, 'ann')));
    await store.close();
    const again = await JsonFileStore.open(dir, LEDGER_SCHEMA);
    expect(again.all('claims').map((c) => c.id)).toEqual(['C1', 'C2', 'C3', 'C4', 'C5', 'C6']);
    await again.close();
  });

  it('a NUL-filled tail (size extended, data never written) is cut off too', async () => {
    await seed(3);
    await fs.appendFile(journal(), Buffer.alloc(4096));
    const store = await JsonFileStore.open(dir, LEDGER_SCHEMA);
    expect(store.count('claims')).toBe(3);
    const saved = await cutFiles();
    expect(await fs.readFile(path.join(dir, saved[0]))).toEqual(Buffer.alloc(4096));
    await store.close();
  });

  it('a bad checksum on the last record is a tail: that record is dropped, the rest kept', async () => {
    await seed(4);
    const text = await fs.readFile(journal(), 'utf8');
    const damaged = text.replace(/"id":"C4"/, '"id":"C9"');
    await fs.writeFile(journal(), damaged);
    const store = await JsonFileStore.open(dir, LEDGER_SCHEMA, { log: log() });
    expect(store.all('claims').map((c) => c.id)).toEqual(['C1', 'C2', 'C3']);
    const lastLine = damaged.slice(damaged.lastIndexOf('\n', damaged.length - 2) + 1);
    const saved = await cutFiles();
    expect(saved).toHaveLength(1);
    expect(await fs.readFile(path.join(dir, saved[0]), 'utf8')).toBe(lastLine);
    expect(logs.some((l) => new RegExp(`cut 1 record \\(${Buffer.byteLength(lastLine)} bytes\\).*checksum mismatch.*saved in`).test(l.msg))).toBe(true);
    await store.close();
  });

  it('a bad checksum mid-journal (good records after it) refuses to start and touches nothing', async () => {
    await seed(5);
    const text = await fs.readFile(journal(), 'utf8');
    await fs.writeFile(journal(), text.replace(/"id":"C2"/, '"id":"C7"'));
    await expectRefused(/journal\.jsonl is damaged at line 2.*checksum mismatch.*good record 3/);
  });

  it('a garbage line mid-journal refuses to start', async () => {
    await seed(3);
    const lines = (await fs.readFile(journal(), 'utf8')).split('\n');
    lines.splice(1, 0, 'hello');
    await fs.writeFile(journal(), lines.join('\n'));
    await expectRefused(/line 2.*not a journal record/);
  });

  it('a missing record (gap in the numbering) refuses to start', async () => {
    await seed(4);
    const lines = (await fs.readFile(journal(), 'utf8')).split('\n');
    lines.splice(1, 1);
    await fs.writeFile(journal(), lines.join('\n'));
    await expectRefused(/record 3 follows record 1/);
  });

  it('a journal whose start is missing (snapshot gone) refuses to start instead of starting half empty', async () => {
    await seed(3, { checkpoint: true });
    await seed(2);
    await fs.rm(snapshot());
    await expectRefused(/starts at record 4 but store\.json is missing/);
  });
});

describe('snapshot damage', () => {
  beforeEach(() => seed(5, { checkpoint: true }));

  it('a zero-length store.json refuses to start', async () => {
    await fs.writeFile(snapshot(), '');
    await expectRefused(/store\.json is empty/);
  });

  it('a NUL-filled store.json refuses to start', async () => {
    const size = (await fs.stat(snapshot())).size;
    await fs.writeFile(snapshot(), Buffer.alloc(size));
    await expectRefused(/only NUL bytes/);
  });

  it('a truncated store.json refuses to start', async () => {
    const buf = await fs.readFile(snapshot());
    await fs.writeFile(snapshot(), buf.subarray(0, Math.floor(buf.length / 2)));
    await expectRefused(/not valid JSON/);
  });

  it('a changed byte inside a document (still valid JSON) fails the checksum', async () => {
    const text = await fs.readFile(snapshot(), 'utf8');
    await fs.writeFile(snapshot(), text.replace('claim C3 text', 'claim C8 text'));
    await expectRefused(/checksum mismatch/);
  });

  it('a snapshot from a newer schema refuses to start', async () => {
    const text = await fs.readFile(snapshot(), 'utf8');
    await fs.writeFile(snapshot(), text.replace('"schemaVersion": 1', '"schemaVersion": 9'));
    await expectRefused(/schemaVersion 9, newer/);
  });

  it('a hand-edited snapshot listing one id twice refuses to start', async () => {
    const text = (await fs.readFile(snapshot(), 'utf8')).replace(/,\n {2}"checksum": "[^"]+"/, '');
    const line = text.split('\n').find((l) => l.includes('"id":"C2"'))!;
    await fs.writeFile(snapshot(), text.replace(line, `${line.replace(/,$/, '')},\n${line}`));
    await expectRefused(/collections\.claims lists the same id twice/);
  });

  it('a hand-edited snapshot without its checksum line loads, and check notes it', async () => {
    const text = await fs.readFile(snapshot(), 'utf8');
    await fs.writeFile(snapshot(), text.replace('claim C3 text', 'edited').replace(/,\n {2}"checksum": "[^"]+"/, ''));
    const report = await checkStore(dir, LEDGER_SCHEMA);
    expect(report.ok).toBe(true);
    expect(report.notes.join()).toMatch(/no checksum/);
    const store = await JsonFileStore.open(dir, LEDGER_SCHEMA);
    expect(store.get('claims', 'C3')!.text).toBe('edited');
    await store.close();
  });
});

describe('recovery paths that are not damage', () => {
  it('a DATA_DIR that does not exist is created and starts empty', async () => {
    const fresh = path.join(dir, 'a', 'b');
    expect((await checkStore(fresh, LEDGER_SCHEMA)).ok).toBe(true);
    const store = await openStore(fresh, LEDGER_SCHEMA);
    expect(store.count('claims')).toBe(0);
    await store.write((tx) => tx.nextId('claim'));
    await store.close();
    expect((await fs.readdir(fresh)).sort()).toEqual(['journal.jsonl', 'store.json']);
  });

  it('a crash between checkpoint and journal reset: records already in the snapshot are not applied twice', async () => {
    await seed(6);
    const oldJournal = await fs.readFile(journal());
    const store = await JsonFileStore.open(dir, LEDGER_SCHEMA, { checkpointOnClose: false });
    await store.checkpoint();
    await store.close();
    await fs.writeFile(journal(), oldJournal); // as if the reset never happened
    const again = await JsonFileStore.open(dir, LEDGER_SCHEMA, { checkpointOnClose: false });
    expect(again.all('claims').map((c) => [c.id, c.version])).toEqual([1, 2, 3, 4, 5, 6].map((i) => [`C${i}`, 1]));
    await again.write((tx) => tx.put('claims', claim(`C${tx.nextId('claim')}`, 'ann')));
    await again.close();
    const third = await JsonFileStore.open(dir, LEDGER_SCHEMA);
    expect(third.count('claims')).toBe(7);
    await third.close();
  });

  it('a leftover store.json.tmp (checkpoint cut short) is ignored and removed', async () => {
    await seed(2, { checkpoint: true });
    await fs.writeFile(path.join(dir, 'store.json.tmp'), '{"format": "claimdes');
    expect((await checkStore(dir, LEDGER_SCHEMA)).notes.join()).toMatch(/unfinished checkpoint/);
    const store = await JsonFileStore.open(dir, LEDGER_SCHEMA);
    expect(store.count('claims')).toBe(2);
    await store.close();
    expect(await fs.readdir(dir)).not.toContain('store.json.tmp');
  });

  it('checkpoints happen by themselves once the journal passes the threshold, never per change', async () => {
    const store = await JsonFileStore.open(dir, LEDGER_SCHEMA, { maxJournalRecords: 10, checkpointOnClose: false, log: log() });
    for (let i = 0; i < 25; i++) await store.write((tx) => tx.put('claims', claim(`C${tx.nextId('claim')}`, 'ann')));
    // the snapshot is written in the background (writes are not held up while it is), so where the second
    // checkpoint lands depends on timing: after record 11, then once more records than 10 came meanwhile
    await vi.waitFor(() => expect(store.stats().checkpointing).toBe(false));
    const stats = store.stats();
    expect(stats.snapshotSeq).toBeGreaterThanOrEqual(22);
    expect(stats.journalRecords).toBe(25 - stats.snapshotSeq);
    expect(logs.filter((l) => l.msg === 'store: checkpoint written').length).toBeLessThanOrEqual(2);
    await store.close();
    const report = await checkStore(dir, LEDGER_SCHEMA);
    expect(report).toMatchObject({ ok: true, stats: { journalSeq: stats.snapshotSeq, lastRecord: 25, docs: { claims: 25 } } });
  });
});
