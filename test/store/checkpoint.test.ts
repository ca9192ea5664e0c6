// Checkpoints do not stop writers: the snapshot is written in the background from a frozen view while
// new writes go to a rotated journal; what the snapshot holds is the state at the moment it was frozen.
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { claim } from './contract/fixtures.ts';
import { JsonFileStore } from '../../store/json/json-store.ts';
import { removeDir, tempDir } from './helpers.ts';
import { LEDGER_SCHEMA, type Ledger } from '../../src/core/store-port.ts';

let dir: string;
beforeEach(async () => (dir = await tempDir()));
afterEach(() => removeDir(dir));

/** A store of n claims with ~1 KB of text each, all in its snapshot. */
async function seeded(n: number): Promise<JsonFileStore<Ledger>> {
  const store = await JsonFileStore.open(dir, LEDGER_SCHEMA, { checkpointOnClose: false, maxJournalRecords: 1e9, maxJournalBytes: 1e12 });
  const text = 'word '.repeat(200);
  for (let i = 0; i < n; i += 2000) {
    await store.write((tx) => {
      for (let j = i; j < Math.min(n, i + 2000); j++) tx.put('claims', claim(`C${j + 1}`, `a${j % 50}`, 'unverified', { text: `${j} ${text}` }));
    });
  }
  await store.checkpoint();
  return store;
}

const snapshotIds = async () =>
  JSON.parse(await fs.readFile(path.join(dir, 'store.json'), 'utf8')).collections.claims.map((c: { id: string; version: number }) => `${c.id}@${c.version}`);

describe('checkpoints in the background', () => {
  it('a write made while a checkpoint is being written is acknowledged before the checkpoint ends', async () => {
    const store = await seeded(20_000);
    await store.write((tx) => tx.put('claims', claim('X1', 'b')));
    let checkpointDone = false;
    const cp = store.checkpoint().then(() => (checkpointDone = true));
    await new Promise((r) => setImmediate(r));
    await store.write((tx) => tx.put('claims', claim('X2', 'b')));
    expect(checkpointDone).toBe(false);
    await cp;
    await store.close();
    const again = await JsonFileStore.open(dir, LEDGER_SCHEMA);
    expect(again.get('claims', 'X2')?.claimant).toBe('b');
    await again.close();
  });

  it('the snapshot holds the state as it was when frozen, in collection order, whatever is written meanwhile', async () => {
    const store = await seeded(6_000);
    await store.write((tx) => tx.put('claims', claim('C10', 'changed-before')));
    const frozen = store.all('claims').map((c) => `${c.id}@${c.version}`);
    const cp = store.checkpoint();
    await new Promise((r) => setImmediate(r));
    // meanwhile: updates ahead of and behind the writer, deletes, a delete and re-add, a new doc deleted again
    for (const id of ['C1', 'C5999', 'C3000', 'C10']) {
      await store.write((tx) => tx.put('claims', { ...tx.get('claims', id)!, status: 'false' }));
    }
    await store.write((tx) => void (tx.delete('claims', 'C4000'), tx.delete('claims', 'C2')));
    await store.write((tx) => void tx.delete('claims', 'C5000'));
    await store.write((tx) => void tx.put('claims', claim('C5000', 'readded')));
    await store.write((tx) => void tx.put('claims', claim('N1', 'new')));
    await store.write((tx) => void tx.delete('claims', 'N1'));
    const final = store.all('claims').map((c) => `${c.id}@${c.version}`);
    await cp;
    expect(await snapshotIds()).toEqual(frozen);
    await store.close();
    // and the rotated journal's records on top of it give exactly the state the store had
    const again = await JsonFileStore.open(dir, LEDGER_SCHEMA, { checkpointOnClose: false });
    expect(again.all('claims').map((c) => `${c.id}@${c.version}`)).toEqual(final);
    expect(again.get('claims', 'C5000')?.claimant).toBe('readded');
    await again.close();
  });

  it('a crash while the snapshot is written leaves the rotated journal: the next start replays it, then deletes it', async () => {
    const store = await seeded(2_000);
    await store.write((tx) => tx.put('claims', claim('X1', 'b')));
    const before = await fs.readFile(path.join(dir, 'store.json'));
    const cp = store.checkpoint();
    await new Promise((r) => setImmediate(r));
    await store.write((tx) => tx.put('claims', claim('X2', 'b')));
    // the files as a kill -9 would leave them now: the old snapshot, the rotated journal and the new one
    const files = (await fs.readdir(dir)).filter((f) => f.startsWith('journal'));
    expect(files.sort()).toEqual(['journal.2.jsonl', 'journal.jsonl']);
    const copy = await tempDir();
    for (const f of files) await fs.copyFile(path.join(dir, f), path.join(copy, f));
    await fs.writeFile(path.join(copy, 'store.json'), before);
    await cp;
    await store.close();
    const again = await JsonFileStore.open(copy, LEDGER_SCHEMA);
    expect([again.get('claims', 'X1')?.version, again.get('claims', 'X2')?.version, again.count('claims')]).toEqual([1, 1, 2002]);
    await again.close();
    expect((await fs.readdir(copy)).filter((f) => f.startsWith('journal'))).toEqual(['journal.jsonl']);
    const third = await JsonFileStore.open(copy, LEDGER_SCHEMA);
    expect(third.count('claims')).toBe(2002);
    await third.close();
    await removeDir(copy);
  });

  it('a journal left longer than the threshold (by the CLI import) is folded into the snapshot in the background at start', async () => {
    const cli = await JsonFileStore.open(dir, LEDGER_SCHEMA, { checkpointOnClose: false, maxJournalRecords: Infinity });
    for (let i = 1; i <= 30; i++) await cli.write((tx) => tx.put('claims', claim(`C${i}`, 'a')));
    await cli.close();
    expect(await fs.readdir(dir)).not.toContain('store.json');
    const bot = await JsonFileStore.open(dir, LEDGER_SCHEMA, { checkpointOnClose: false, maxJournalRecords: 10 });
    await vi.waitFor(() => expect(bot.stats().snapshotSeq).toBe(30));
    expect(bot.stats().journalRecords).toBe(0);
    await bot.close();
    expect(await snapshotIds()).toHaveLength(30);
  });
});
