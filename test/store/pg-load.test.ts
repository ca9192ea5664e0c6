// An instance's start reads the ledger in chunks of 10,000 documents streamed from one query: a ledger of
// several chunks, written in several commits with deletes and updates, comes back whole and in the order of
// all() that the instance that wrote it has.
import { LEDGER_SCHEMA } from '../../src/core/store-port.ts';
import { afterEach, expect, it } from 'vitest';
import { PgStore } from '../../store/pg/pg-store.ts';
import { describePg } from '../support/pg-test.ts';

const T = '2026-11-23T10:00:00.000Z';
const claim = (id: string, text: string) => ({
  id, text, status: 'unverified' as const, claimant: 'a', subjects: [], tags: [], sources: [], history: [], flagCount: 0, createdAt: T, updatedAt: T,
});

describePg('PgStore: loading a ledger of several chunks', (db) => {
  const stores: { close(): Promise<void> }[] = [];
  afterEach(async () => {
    await Promise.all(stores.splice(0).map((s) => s.close()));
  });

  it('25,000 claims over several commits, some deleted and updated: a new instance has them all, in the same order', async () => {
    const a = await PgStore.open(db.url, LEDGER_SCHEMA, { schema: 'load_chunks' });
    stores.push(a);
    for (let i = 0; i < 5; i++) {
      await a.write((tx) => {
        for (let j = 0; j < 5000; j++) tx.put('claims', claim(`C${tx.nextId('claim')}`, `claim ${i}:${j} — “quoted”, \\ and \u2028`));
      });
    }
    await a.write((tx) => {
      for (let k = 1; k <= 25_000; k += 7) tx.delete('claims', `C${k}`);
      for (let k = 2; k <= 25_000; k += 11) {
        const c = tx.get('claims', `C${k}`);
        if (c) tx.put('claims', { ...c, text: `edited ${k}` });
      }
    });
    const b = await PgStore.open(db.url, LEDGER_SCHEMA, { schema: 'load_chunks' });
    stores.push(b);
    const ids = (s: typeof a) => s.all('claims').map((c) => `${c.id}@${c.version}:${c.text}`);
    expect(b.count('claims')).toBe(a.count('claims'));
    expect(b.count('claims')).toBeGreaterThan(20_000);
    expect(ids(b)).toEqual(ids(a));
    expect(b.get('claims', 'C3')?.text).toBe('claim 0:2 — “quoted”, \\ and \u2028');
  }, 60_000);
});
