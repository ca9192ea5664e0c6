// The JSON store keeps its snapshot's docs as their lines until first read (store/raw-docs.ts) and builds a
// collection's indexes at its first byIndex. Nothing of that may show: what is read, listed, indexed,
// checkpointed and reopened is what was written, whatever was or was not read in between.
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { claim } from './contract/fixtures.ts';
import { JsonFileStore } from '../../store/json/json-store.ts';
import { readDisk } from '../../store/json/recovery.ts';
import { removeDir, tempDir } from './helpers.ts';
import { LEDGER_SCHEMA } from '../../src/core/store-port.ts';
import type { Claim } from '../../src/core/types.ts';

let dir: string;
beforeEach(async () => (dir = await tempDir()));
afterEach(() => removeDir(dir));

const open = () => JsonFileStore.open(dir, LEDGER_SCHEMA, { checkpointOnClose: true });
const N = 50;

/** A store of N claims (by actors a0–a4), checkpointed and closed; then reopened, nothing read yet. */
async function reopened() {
  const s = await open();
  await s.write((tx) => {
    for (let i = 1; i <= N; i++) tx.put('claims', claim(`C${i}`, `a${i % 5}`, i % 2 ? 'true' : 'false'));
  });
  await s.close();
  return open();
}

const plain = (docs: unknown[]) => JSON.parse(JSON.stringify(docs)) as unknown[];

describe('a store reopened from its snapshot', () => {
  it('indexes, built late, include the changes made before the first byIndex', async () => {
    const s = await reopened();
    await s.write((tx) => {
      const c2 = tx.get('claims', 'C2')!;
      tx.put('claims', { ...c2, status: 'true', claimant: 'a9' });
      tx.delete('claims', 'C3');
      tx.put('claims', claim('C99', 'a9', 'false'));
    });
    const ids = (status: string) => s.byIndex('claims', 'byStatus', status).map((c) => c.id);
    expect(ids('true')).toEqual(s.all('claims').filter((c) => c.status === 'true').map((c) => c.id));
    expect(ids('true')).toContain('C2');
    expect(ids('true')).not.toContain('C3');
    expect(s.byIndex('claims', 'byActor', 'a9').map((c) => c.id)).toEqual(['C2', 'C99']);
    // and kept up from then on
    await s.write((tx) => tx.delete('claims', 'C99'));
    expect(s.byIndex('claims', 'byActor', 'a9').map((c) => c.id)).toEqual(['C2']);
    await s.close();
  });

  it('a checkpoint writes docs never read as they were, and a reopen gives everything back in order', async () => {
    const first = await reopened();
    const before = plain(first.all('claims'));
    await first.close();
    const s = await open();
    const snapshot = await fs.readFile(path.join(dir, 'store.json'), 'utf8');
    const line = snapshot.split('\n').find((l) => l.includes('"id":"C40"'))!;
    // change some docs without reading them (write a new version of C1 blind), while a checkpoint runs
    const cp = s.checkpoint();
    await s.write((tx) => {
      tx.put('claims', { ...claim('C1', 'a1', 'mixed'), version: 0 });
      tx.delete('claims', 'C7');
    });
    await cp;
    await s.checkpoint(); // and one more, from a view that sees those changes
    await s.close();
    expect((await fs.readFile(path.join(dir, 'store.json'), 'utf8')).split('\n')).toContain(line);
    const again = await open();
    const after = plain(again.all('claims')) as { id: string; status: string }[];
    expect(after.map((c) => c.id)).toEqual((before as { id: string }[]).map((c) => c.id).filter((id) => id !== 'C7'));
    expect(after.find((c) => c.id === 'C1')!.status).toBe('mixed');
    expect(after.filter((c) => c.id !== 'C1')).toEqual((before as { id: string }[]).filter((c) => c.id !== 'C1' && c.id !== 'C7'));
    await again.close();
  });

  it('docs read after a reopen are frozen, and versions() agrees with them without reading them', async () => {
    const s = await reopened();
    // a version that is not the doc's last key cannot be read from the line's end: it is parsed for it
    await s.write((tx) => tx.put('claims', { ...tx.get('claims', 'C5')!, origin: { kind: 'flag', messageUrl: 'x' } as never }));
    await s.close();
    const t = await open();
    const versions = [...t.versions('claims')];
    expect(versions).toEqual(t.all('claims').map((c) => [c.id, c.version]));
    expect(Object.fromEntries(versions).C5).toBe(2);
    const c = t.get('claims', 'C10')!;
    expect(Object.isFrozen(c) && Object.isFrozen(c.history[0])).toBe(true);
    expect(() => ((c as { text: string }).text = 'x')).toThrow();
    await t.close();
  });

  it('a snapshot without its checksum has every line parsed at open: a broken one is refused', async () => {
    await (await reopened()).close();
    const file = path.join(dir, 'store.json');
    const text = (await fs.readFile(file, 'utf8')).replace(/,\n {2}"checksum": "[^"]+"/, '');
    await fs.writeFile(file, text.replace('"id":"C20","text":"claim C20 text"', '"id":"C20","text":"claim C20 text'));
    await expect(open()).rejects.toThrow(/store\.json is not valid JSON/);
  });

  it('indexing in slices beside writes (the background warm-up) ends with the indexes a scan gives', async () => {
    const s = await open();
    await s.write((tx) => {
      for (let i = 1; i <= 2000; i++) tx.put('claims', claim(`C${i}`, `a${i % 7}`, i % 3 ? 'true' : 'false'));
    });
    await s.close();
    const { engine } = await readDisk(dir, LEDGER_SCHEMA, { lazy: true });
    const change = (k: number) => {
      const { mutation } = engine.transact((tx) => {
        const id = `C${1 + ((k * 389) % 2000)}`;
        const c = tx.get('claims', id)!;
        if (k % 5 === 0) tx.delete('claims', id);
        else tx.put('claims', { ...c, status: k % 2 ? 'mixed' : 'false', claimant: `a${k % 11}` } as never);
        if (k % 4 === 0) tx.put('claims', claim(`N${k}`, `a${k % 11}`, 'mixed'));
      });
      engine.apply(mutation);
    };
    let k = 0;
    while (!engine.warm(0)) for (let j = 0; j < 10; j++) change(k++); // a slice of 64 docs, then 10 changes
    for (let j = 0; j < 40; j++) change(k++);
    const all = engine.all('claims') as unknown as Claim[];
    for (const status of ['true', 'false', 'mixed']) {
      expect(engine.byIndex('claims', 'byStatus', status).map((c) => c.id)).toEqual(all.filter((c) => c.status === status).map((c) => c.id));
    }
    for (let a = 0; a < 11; a++) {
      const actor = `a${a}`;
      expect(engine.byIndex('claims', 'byActor', actor).map((c) => c.id)).toEqual(all.filter((c) => c.claimant === actor).map((c) => c.id));
    }
  });
});
