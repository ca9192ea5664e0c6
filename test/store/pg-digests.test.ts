// Digests with several instances on one PostgreSQL ledger: a due digest is posted once whichever instances
// tick, and by a survivor when the others are gone (the "last run" check and the post are one write, and
// the digest row's version check makes the slower instance re-run it and find it already posted).
import { afterEach, expect, it } from 'vitest';
import { createDesk } from '../../src/core/create-desk.ts';
import { DigestScheduler } from '../../src/core/scheduler.ts';
import { PgStore } from '../../store/pg/pg-store.ts';
import { describePg, until } from '../support/pg-test.ts';
import { LEDGER_SCHEMA, type Ledger } from '../../src/core/store-port.ts';

const T0 = '2026-11-01T00:00:00.000Z';
const schedule = (channel: string) => ({
  id: `console:local:${channel}`, channel: { platform: 'console' as const, workspace: 'local', channel }, spec: 'daily 09:00',
  cron: '0 9 * * *', tz: 'UTC', lastRunAt: null, createdBy: 'console:ed', createdAt: T0, updatedAt: T0,
});

describePg('PgStore: digests across instances', (db) => {
  let n = 0;
  let stores: PgStore<Ledger>[] = [];
  afterEach(async () => {
    await Promise.all(stores.map((s) => s.close()));
    stores = [];
  });
  const start = async (schema: string, clock: { now(): Date }) => {
    const store = await PgStore.open(db.url, LEDGER_SCHEMA, { schema });
    stores.push(store);
    return new DigestScheduler(createDesk({ store, clock }), { cron: false });
  };

  it('three instances ticking at the same moment post each due digest once', async () => {
    const schema = `digests_${++n}`;
    let now = new Date('2026-11-02T09:00:30Z');
    const clock = { now: () => now };
    const sch = [await start(schema, clock), await start(schema, clock), await start(schema, clock)];
    await stores[0].write((tx) => ['a', 'b', 'c'].forEach((ch) => tx.put('digests', schedule(ch))));
    for (const s of stores) await until(() => s.count('digests') === 3);
    const posted = await Promise.all(sch.map((s) => s.tick()));
    expect(posted.reduce((a, b) => a + b, 0)).toBe(3);
    for (const s of stores) await until(() => s.all('outbox').length === 3);
    expect(stores[2].all('outbox').map((o) => `${o.kind}:${o.channel.channel}`).sort()).toEqual(['digest:a', 'digest:b', 'digest:c']);
    // the next day only one instance is left: it posts them
    await Promise.all(stores.slice(1).map((s) => s.close()));
    now = new Date('2026-11-03T09:00:05Z');
    expect(await sch[0].tick()).toBe(3);
    expect(stores[0].all('outbox').filter((o) => o.kind === 'digest')).toHaveLength(6);
  });
});
