// Several instances on one PostgreSQL ledger: what one commits the others see, ids are never handed out
// twice, concurrent edits of one claim both land, one message flagged through two instances is one claim.
import { afterEach, expect, it } from 'vitest';
import { runText } from '../../commands/index.ts';
import type { CommandContext } from '../../commands/types.ts';
import { createDesk } from '../../src/core/create-desk.ts';
import { flagMessage, type FlagEvent } from '../../src/core/flagging.ts';
import { actor, claim } from './contract/fixtures.ts';
import { PgStore } from '../../store/pg/pg-store.ts';
import { LEDGER_SCHEMA, type Ledger, type Change } from '../../src/core/store-port.ts';
import { describePg, until } from '../support/pg-test.ts';
import { seen } from '../commands/helpers.ts';

const channel = { platform: 'console' as const, workspace: 'local', channel: 'console' };

describePg('PgStore: several instances on one ledger', (db) => {
  let n = 0;
  let open: PgStore<Ledger>[] = [];
  const instances = async (count: number) => {
    const schema = `inst_${++n}`;
    const list: PgStore<Ledger>[] = [];
    for (let i = 0; i < count; i++) list.push(await PgStore.open(db.url, LEDGER_SCHEMA, { schema }));
    open.push(...list);
    return list;
  };
  afterEach(async () => {
    await Promise.all(open.map((s) => s.close()));
    open = [];
  });

  it('instances starting together on an empty database: one creates the schema, all open on it', async () => {
    const schema = `inst_${++n}`;
    const list = await Promise.all(Array.from({ length: 4 }, () => PgStore.open(db.url, LEDGER_SCHEMA, { schema })));
    open.push(...list);
    await list[3].write((tx) => tx.put('actors', actor('ann')));
    for (const s of list) await until(() => s.get('actors', 'ann') !== undefined);
  });

  it('a change made on A is visible on B within 1 s, and B’s onCommit listeners hear of it', async () => {
    const [a, b] = await instances(2);
    const heard: Change[][] = [];
    b.onCommit((c) => heard.push([...c]));
    const lags: number[] = [];
    for (let i = 0; i < 20; i++) {
      await a.write((tx) => tx.put('claims', claim(`C${i}`, 'ann', 'false')));
      lags.push(await until(() => b.get('claims', `C${i}`)?.status === 'false', 1000));
    }
    expect(b.count('claims')).toBe(20);
    expect(b.byIndex('claims', 'byStatus', 'false')).toHaveLength(20);
    expect(heard.map((c) => (c[0].op === 'put' ? c[0].doc.id : ''))).toEqual(Array.from({ length: 20 }, (_, i) => `C${i}`));
    lags.sort((x, y) => x - y);
    console.log(`change visibility A→B over 20 writes: median ${lags[10].toFixed(1)} ms, max ${lags[19].toFixed(1)} ms`);
    expect(lags[19]).toBeLessThan(1000);
  });

  it('claim ids are never handed out twice under concurrent creates from three instances', async () => {
    const stores = await instances(3);
    const ids = await Promise.all(
      stores.flatMap((s, k) =>
        Array.from({ length: 30 }, (_, i) =>
          s.write((tx) => {
            const id = `C${tx.nextId('claim')}`;
            tx.put('claims', claim(id, `a${k}`, 'unverified', { tags: [String(i)] }));
            return id;
          }),
        ),
      ),
    );
    expect(new Set(ids).size).toBe(90);
    expect([...ids].sort((x, y) => Number(x.slice(1)) - Number(y.slice(1)))).toEqual(Array.from({ length: 90 }, (_, i) => `C${i + 1}`));
    for (const s of stores) await until(() => s.count('claims') === 90);
    // every instance holds the same ledger in the same order
    const order = stores[0].all('claims').map((c) => c.id);
    for (const s of stores) expect(s.all('claims').map((c) => c.id)).toEqual(order);
    const reopened = await PgStore.open(db.url, LEDGER_SCHEMA, { schema: stores[0].schema });
    open.push(reopened);
    expect(reopened.all('claims').map((c) => c.id)).toEqual(order);
  });

  it('two editors changing the same claim at once on two instances: both changes are in its history, in order', async () => {
    const [a, b] = await instances(2);
    const deskA = createDesk({ store: a });
    const deskB = createDesk({ store: b });
    const ed = (desk: typeof deskA, name: string): CommandContext => ({ desk, user: { key: `console:${name}`, name, isEditor: true }, channel });
    await runText('actor', 'add Ann Adams role: senator', ed(deskA, 'setup'));
    const added = await runText('claim', 'add Taxes went up 40% by: Ann Adams', ed(deskA, 'setup'));
    const id = /C\d+/.exec(seen(added))![0];
    await until(() => b.get('claims', id) !== undefined);
    const [ra, rb] = await Promise.all([
      runText('claim', `set ${id} false`, ed(deskA, 'Alice')),
      runText('claim', `set ${id} mostly_true`, ed(deskB, 'Bob')),
    ]);
    expect(seen(ra)).not.toMatch(/cannot save|changed meanwhile/i);
    expect(seen(rb)).not.toMatch(/cannot save|changed meanwhile/i);
    await until(() => a.get('claims', id)!.version === b.get('claims', id)!.version && a.get('claims', id)!.history.length === 3);
    for (const s of [a, b]) {
      const c = s.get('claims', id)!;
      const steps = c.history.slice(1).map((h) => `${h.byName}:${h.from}→${h.to}`);
      // whichever committed first, the second saw it: its "from" is the first one's "to"
      expect([['Alice:unverified→false', 'Bob:false→mostly_true'], ['Bob:unverified→mostly_true', 'Alice:mostly_true→false']]).toContainEqual(steps);
    }
  });

  it('the same message flagged through two instances at once gives one claim', async () => {
    const [a, b] = await instances(2);
    const ev = (who: string): FlagEvent => ({
      channel,
      messageId: 'm1',
      reactor: { key: `console:${who}`, name: who },
      message: { text: 'The river rose nine metres in one night last spring', authorKey: 'console:x', authorName: 'X', link: '' },
    });
    const [ra, rb] = await Promise.all([flagMessage(createDesk({ store: a }), ev('u1')), flagMessage(createDesk({ store: b }), ev('u2'))]);
    expect([ra.created, rb.created].sort()).toEqual([false, true]);
    expect(ra.claim!.id).toBe(rb.claim!.id);
    for (const s of [a, b]) {
      await until(() => s.get('claims', ra.claim!.id)?.flagCount === 2);
      expect(s.count('claims')).toBe(1);
      expect(s.get('flags', `console:local:console:m1`) ?? s.all('flags')[0]).toMatchObject({ users: expect.arrayContaining(['console:u1', 'console:u2']) });
    }
  });

  it('a write based on what another instance has since changed is re-run on the new state; a stale expectVersion is still refused', async () => {
    const [a, b] = await instances(2);
    await a.write((tx) => tx.put('actors', actor('ann')));
    await until(() => b.get('actors', 'ann') !== undefined);
    // B may not have heard of A's second change when it writes: then its write conflicts and is re-run
    await a.write((tx) => tx.put('actors', { ...tx.get('actors', 'ann')!, role: 'governor' }));
    const got = await b.write((tx) => tx.put('actors', { ...tx.get('actors', 'ann')!, aliases: ['A.'] }));
    expect(got).toMatchObject({ role: 'governor', aliases: ['A.'], version: 3 });
    await expect(b.write((tx) => tx.put('actors', actor('ann'), { expectVersion: 2 }))).rejects.toMatchObject({ name: 'ConflictError' });
    await until(() => a.get('actors', 'ann')!.version === 3);
    expect(a.get('actors', 'ann')).toEqual(b.get('actors', 'ann'));
  });
});
