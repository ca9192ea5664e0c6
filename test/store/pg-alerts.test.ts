// Alerts with several instances on one PostgreSQL ledger: each outbox item is posted by one instance,
// once, in order per channel; an instance that stops mid-dispatch is replaced once its lease expires.
import { afterEach, expect, it } from 'vitest';
import { createDesk } from '../../src/core/create-desk.ts';
import { Dispatcher } from '../../src/core/dispatcher.ts';
import { queueOutbox } from '../../src/core/outbox.ts';
import type { DeliveryPort, Outbound } from '../../src/core/ports.ts';
import { PgStore } from '../../store/pg/pg-store.ts';
import { describePg, until } from '../support/pg-test.ts';
import { LEDGER_SCHEMA, type Ledger } from '../../src/core/store-port.ts';

type Posted = { by: string; channel: string; text: string };

function port(by: string, posted: Posted[], hangOn?: string): DeliveryPort {
  return {
    platform: 'console',
    deliver: async (msg: Outbound) => {
      const text = msg.reply.text ?? '';
      if (text === hangOn) return new Promise(() => {}); // this instance "dies" here
      await new Promise((r) => setTimeout(r, 3));
      posted.push({ by, channel: msg.channel.channel, text });
      return { ref: `${by}#${posted.length}` };
    },
  };
}

describePg('PgStore: alerts across instances', (db) => {
  let n = 0;
  const cleanup: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const f of cleanup.splice(0)) await f();
  });
  const instance = async (schema: string, by: string, posted: Posted[], opts: { hangOn?: string; leaseMs?: number } = {}) => {
    const store = await PgStore.open(db.url, LEDGER_SCHEMA, { schema });
    const desk = createDesk({ store });
    const d = new Dispatcher(desk, [port(by, posted, opts.hangOn)], { leaseMs: opts.leaseMs });
    cleanup.push(async () => {
      if (!opts.hangOn) await d.stop();
      await store.close();
    });
    return { store, desk, d };
  };
  const queue = async (store: PgStore<Ledger>, channel: string, text: string) =>
    store.write((tx) => queueOutbox(tx, new Date(), { kind: 'alert', channel: { platform: 'console', workspace: 'local', channel }, reply: { kind: 'text', text } }));

  it('three instances dispatching: every alert posted exactly once, in order per channel', async () => {
    const schema = `alerts_${++n}`;
    const posted: Posted[] = [];
    const all = [await instance(schema, 'A', posted), await instance(schema, 'B', posted), await instance(schema, 'C', posted)];
    for (const i of all) i.d.start();
    const want: string[] = [];
    for (let k = 0; k < 30; k++) {
      const ch = `ch${k % 3}`;
      want.push(`${ch}:${k}`);
      await queue(all[k % 3].store, ch, `${ch}:${k}`); // queued through all three instances
    }
    await until(() => posted.length >= 30, 20_000);
    await new Promise((r) => setTimeout(r, 300)); // room for a duplicate to show up
    expect(posted.map((p) => p.text).sort()).toEqual([...want].sort());
    for (const ch of ['ch0', 'ch1', 'ch2']) {
      const got = posted.filter((p) => p.channel === ch).map((p) => Number(p.text.split(':')[1]));
      expect(got).toEqual([...got].sort((a, b) => a - b));
    }
    for (const i of all) await until(() => i.store.byIndex('outbox', 'byState', 'delivered').length === 30);
  });

  it('an instance stuck mid-dispatch: another takes the channel over once the lease expires, nothing is lost', async () => {
    const schema = `alerts_${++n}`;
    const posted: Posted[] = [];
    const a = await instance(schema, 'A', posted, { hangOn: 'm2', leaseMs: 400 });
    a.d.start();
    for (let k = 0; k < 5; k++) await queue(a.store, 'ch', `m${k}`);
    await until(() => posted.length === 2); // A posted m0, m1 and hangs on m2 holding the lease
    const b = await instance(schema, 'B', posted, { leaseMs: 400 });
    b.d.start();
    await until(() => posted.length === 5, 10_000);
    expect(posted.map((p) => `${p.by}:${p.text}`)).toEqual(['A:m0', 'A:m1', 'B:m2', 'B:m3', 'B:m4']);
  });
});
