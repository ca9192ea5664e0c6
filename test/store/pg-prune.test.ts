// The `changes` log is pruned: rows every live instance has applied (and older than the safety window) go.
// An instance that was paused past the pruned point reloads the whole ledger and ends up equal to the
// others, its onCommit listeners told what changed meanwhile (deletes included).
import { LEDGER_SCHEMA, type Ledger } from '../../src/core/store-port.ts';
import pg from 'pg';
import { afterEach, expect, it } from 'vitest';
import type { Change } from '../../store/types.ts';
import { PgStore } from '../../store/pg/pg-store.ts';
import { describePg, until } from '../support/pg-test.ts';

const T = '2026-11-23T10:00:00.000Z';
const claim = (id: string, text: string) => ({
  id, text, status: 'unverified' as const, claimant: 'a', subjects: [], tags: [], sources: [], history: [], flagCount: 0, createdAt: T, updatedAt: T,
});
const FAST = { everyMs: 100, keepMs: 0, liveMs: 1500 };

describePg('PgStore: pruning the changes log', (db) => {
  const stores: PgStore<Ledger>[] = [];
  afterEach(async () => {
    await Promise.all(stores.splice(0).map((s) => s.close()));
  });
  const open = async (schema: string, prune = FAST) => {
    const s = await PgStore.open(db.url, LEDGER_SCHEMA, { schema, prune });
    stores.push(s);
    return s;
  };
  const logRows = async (schema: string) => {
    const c = new pg.Client({ connectionString: db.url });
    await c.connect();
    try {
      return Number((await c.query(`SELECT count(*) AS n FROM "${schema}".changes`)).rows[0].n);
    } finally {
      await c.end();
    }
  };

  it('rows both instances have applied are deleted; rows inside the safety window stay', async () => {
    const a = await open('prune_a');
    const b = await open('prune_a');
    for (let i = 1; i <= 20; i++) await a.write((tx) => tx.put('claims', claim(`C${i}`, `claim ${i}`)));
    await until(() => b.count('claims') === 20);
    await until(() => false, 800).catch(() => {}); // a few rounds of both
    expect(await logRows('prune_a')).toBe(0);
    // a long safety window keeps them
    const c = await open('prune_b', { ...FAST, keepMs: 3_600_000 });
    for (let i = 1; i <= 5; i++) await c.write((tx) => tx.put('claims', claim(`C${i}`, `claim ${i}`)));
    await until(() => false, 500).catch(() => {});
    expect(await logRows('prune_b')).toBe(5);
  });

  it('an instance paused past the pruned point reloads: the same ledger, its listeners told of every change', async () => {
    const a = await open('prune_c');
    const late = await open('prune_c');
    await a.write((tx) => ['C1', 'C2', 'C3'].forEach((id) => tx.put('claims', claim(id, `first ${id}`))));
    await until(() => late.count('claims') === 3);
    const told: Change[] = [];
    late.onCommit((ch) => told.push(...ch));
    late.suspend();
    await a.write((tx) => tx.delete('claims', 'C1'));
    await a.write((tx) => tx.put('claims', { ...tx.get('claims', 'C2')!, text: 'edited while away' }));
    await a.write((tx) => tx.put('claims', claim('C4', 'new while away')));
    // once `late` no longer counts as live, a's rounds drop the rows it never applied
    await until(() => false, FAST.liveMs + 500).catch(() => {});
    expect(await logRows('prune_c')).toBe(0);
    expect(late.get('claims', 'C1')).toBeDefined(); // still the old state
    late.resume();
    await until(() => late.count('claims') === 3 && !late.get('claims', 'C1'), 5000);
    expect(late.all('claims').map((c) => `${c.id}:${c.text}`)).toEqual(a.all('claims').map((c) => `${c.id}:${c.text}`));
    expect(told.filter((c) => c.op === 'delete').map((c) => (c as { id: string }).id)).toEqual(['C1']);
    expect(told.filter((c) => c.op === 'put').map((c) => (c as { doc: { id: string } }).doc.id).sort()).toEqual(['C2', 'C4']);
    // and it follows as before
    await a.write((tx) => tx.put('claims', claim('C5', 'after')));
    await until(() => late.get('claims', 'C5') !== undefined);
    // a write from it after it fell behind again lands, and memory is the database's
    late.suspend();
    await a.write((tx) => tx.put('claims', claim('C6', 'while away again')));
    await until(() => false, FAST.liveMs + 500).catch(() => {});
    late.resume();
    await late.write((tx) => tx.put('claims', claim('C7', 'from late')));
    await until(() => a.get('claims', 'C7') !== undefined && late.get('claims', 'C6') !== undefined);
    expect(late.all('claims').map((c) => c.id)).toEqual(a.all('claims').map((c) => c.id));
  }, 30_000);
});
