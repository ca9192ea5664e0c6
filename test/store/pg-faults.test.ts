// PgStore when the database goes away: writes refused with the ledger's own words, nothing half written,
// reads answered from memory, and everything back after it returns; lost notifications fall back to polling.
import pg from 'pg';
import { afterEach, expect, it } from 'vitest';
import { runText } from '../../commands/index.ts';
import type { CommandContext } from '../../commands/types.ts';
import { createDesk } from '../../src/core/create-desk.ts';
import { actor, claim } from './contract/fixtures.ts';
import { PgStore } from '../../store/pg/pg-store.ts';
import { StoreUnavailableError, LEDGER_SCHEMA, type Ledger } from '../../src/core/store-port.ts';
import { seen } from '../commands/helpers.ts';
import { serverUrl } from '../support/postgres.ts';
import { describePg, until } from '../support/pg-test.ts';

async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: serverUrl() });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}
const dbName = (url: string) => new URL(url).pathname.slice(1);

/** The database refuses new connections and drops the ones matching `who` (application_name LIKE). */
async function cutOff(url: string, who = '%') {
  await admin(async (c) => {
    await c.query(`ALTER DATABASE ${dbName(url)} ALLOW_CONNECTIONS false`);
    await c.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND application_name LIKE $2', [dbName(url), who]);
  });
}
const restore = (url: string) => admin((c) => c.query(`ALTER DATABASE ${dbName(url)} ALLOW_CONNECTIONS true`));

describePg('PgStore faults', (db) => {
  let n = 0;
  let open: PgStore<Ledger>[] = [];
  const start = async (schema: string) => {
    const s = await PgStore.open(db.url, LEDGER_SCHEMA, { schema });
    open.push(s);
    return s;
  };
  afterEach(async () => {
    await restore(db.url);
    await Promise.all(open.map((s) => s.close()));
    open = [];
  });

  it('database unreachable: a change is refused with "cannot save… nothing was changed", reads still answer; after it is back, writes work and nothing was half written', async () => {
    const schema = `faults_${++n}`;
    const a = await start(schema);
    const desk = createDesk({ store: a });
    const ed: CommandContext = { desk, user: { key: 'console:ed', name: 'Ed', isEditor: true }, channel: { platform: 'console', workspace: 'local', channel: 'console' } };
    await runText('actor', 'add Ann Adams role: senator', ed);
    const id = /C\d+/.exec(seen(await runText('claim', 'add Taxes went up 40% by: Ann Adams', ed)))![0];
    const before = JSON.stringify([a.all('claims'), a.all('outbox'), a.all('actors')]);

    await cutOff(db.url);
    const refused = await runText('claim', `set ${id} false`, ed);
    expect(seen(refused)).toMatch(/the ledger cannot save right now; nothing was changed/i);
    await expect(a.write((tx) => {
      tx.put('actors', actor('bob'));
      tx.put('claims', claim('C99', 'bob'));
    })).rejects.toBeInstanceOf(StoreUnavailableError);
    expect(JSON.stringify([a.all('claims'), a.all('outbox'), a.all('actors')])).toBe(before);
    const status = seen(await runText('claim', `status ${id}`, ed));
    expect(status).toContain('Taxes went up 40%');
    expect(status).toMatch(/unverified/i);

    await restore(db.url);
    const ok = await runText('claim', `set ${id} false`, ed);
    expect(seen(ok)).not.toMatch(/cannot save/i);
    expect(a.get('claims', id)!.status).toBe('false');
    // what the database holds: the one change made after it came back, nothing from while it was away
    const fresh = await start(schema);
    expect(fresh.get('claims', id)!.history.map((h) => h.to)).toEqual(['unverified', 'false']);
    expect(fresh.get('actors', 'bob')).toBeUndefined();
    expect(fresh.get('claims', 'C99')).toBeUndefined();
    expect(fresh.all('claims')).toEqual(a.all('claims'));
  });

  it('notifications lost: another instance still sees changes by polling, then listens again once it can reconnect', async () => {
    const schema = `faults_${++n}`;
    const a = await start(schema);
    const b = await start(schema);
    await a.write((tx) => tx.put('actors', actor('warmup')));
    await until(() => b.get('actors', 'warmup') !== undefined);
    expect(b.listening).toBe(true);
    // only B's LISTEN connection is dropped; it cannot reconnect while the database refuses connections
    await cutOff(db.url, `claimdesk-listen ${b.instance}`);
    await until(() => !b.listening);
    await a.write((tx) => tx.put('actors', actor('while-polling')));
    const lag = await until(() => b.get('actors', 'while-polling') !== undefined, 3000);
    console.log(`visible by polling after ${lag.toFixed(0)} ms`);
    expect(b.listening).toBe(false);
    await restore(db.url);
    await until(() => b.listening, 10_000);
    await a.write((tx) => tx.put('actors', actor('after')));
    await until(() => b.get('actors', 'after') !== undefined, 1000);
  });

  it('an instance that was cut off entirely catches up on everything once the database is back', async () => {
    const schema = `faults_${++n}`;
    const a = await start(schema);
    const b = await start(schema);
    await cutOff(db.url, `%${b.instance}`);
    await until(() => !b.listening);
    for (let i = 0; i < 5; i++) await a.write((tx) => tx.put('claims', claim(`C${i}`, 'x')));
    expect(b.count('claims')).toBe(0);
    await restore(db.url);
    await until(() => b.count('claims') === 5, 10_000);
    expect(b.all('claims')).toEqual(a.all('claims'));
  });
});
