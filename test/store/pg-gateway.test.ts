// The Discord gateway with several instances on one PostgreSQL ledger: exactly one instance at a time runs
// it (a lease in the database), and another takes over when the holder dies.
import { afterEach, expect, it } from 'vitest';
import { LeasedPlatform } from '../../src/core/leased-platform.ts';
import type { PlatformRuntime } from '../../src/core/ports.ts';
import { PgStore } from '../../store/pg/pg-store.ts';
import { describePg, until } from '../support/pg-test.ts';
import { LEDGER_SCHEMA } from '../../src/core/store-port.ts';

describePg('PgStore: one Discord gateway across instances', (db) => {
  let n = 0;
  const cleanup: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const f of cleanup.splice(0)) await f().catch(() => {});
  });

  it('one instance runs it; when that one dies another takes over within ttl + renew, never two at once', async () => {
    const schema = `gateway_${++n}`;
    let running = 0;
    let maxRunning = 0;
    const started: string[] = [];
    const instance = async (name: string) => {
      const store = await PgStore.open(db.url, LEDGER_SCHEMA, { schema });
      const ports: (string | undefined)[] = [];
      const gw = new LeasedPlatform(
        store.leases,
        async (): Promise<PlatformRuntime> => {
          running++;
          maxRunning = Math.max(maxRunning, running);
          started.push(name);
          return { delivery: { platform: 'discord', deliver: async () => ({ ref: name }) }, stop: async () => void running-- };
        },
        (rt) => ports.push(rt ? name : undefined),
        { name: 'discord-gateway', ttlMs: 800, renewMs: 200 },
      );
      cleanup.push(async () => {
        await gw.stop();
        await store.close();
      });
      return { store, gw, ports };
    };
    const a = await instance('A');
    await a.gw.start();
    const b = await instance('B');
    const c = await instance('C');
    await Promise.all([b.gw.start(), c.gw.start()]);
    await new Promise((r) => setTimeout(r, 600));
    expect(started).toEqual(['A']);
    expect(a.ports).toEqual(['A']); // the dispatcher got A's Discord port
    // A dies: its store goes away without letting the lease go
    await a.store.close();
    const t0 = Date.now();
    await until(() => started.length === 2, 5000);
    const took = Date.now() - t0;
    console.log(`gateway taken over after ${took} ms (ttl 800, renew 200)`);
    expect(took).toBeLessThan(800 + 200 + 1000);
    expect(a.gw.running).toBe(false); // A stopped its own gateway once it could not renew
    expect(maxRunning).toBe(1);
    await new Promise((r) => setTimeout(r, 500));
    expect(started).toHaveLength(2);
  });
});
