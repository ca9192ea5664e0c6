// The contract every Store implementation must pass (MemoryStore, JsonFileStore, a later Postgres one).
// Call storeContract() inside a vitest file; `durable` adds the tests that reopen the store.
import { describe, expect, it, beforeEach, afterEach } from 'vitest';
import { FIXTURE_TIME, actor, claim, outbox, sub } from './fixtures.ts';
import { commitListenerCases } from './listeners.ts';
import { ConflictError, InvalidDocError, StoreUnavailableError, type Change, type NewDoc, type Store, type WriteTx } from '../../../src/core/store-port.ts';

export { actor, claim } from './fixtures.ts';

export interface ContractHarness {
  store: Store;
  /** close the store and open it again on the same data (durable stores only) */
  reopen?: () => Promise<Store>;
  cleanup: () => Promise<void>;
}

const T = FIXTURE_TIME;

const ids = (docs: { id: string }[]) => docs.map((d) => d.id);

export function storeContract(
  name: string,
  open: () => Promise<ContractHarness>,
  opts: { durable: boolean },
): void {
  describe(`Store contract: ${name}`, () => {
    let h: ContractHarness;
    let store: Store;
    beforeEach(async () => {
      h = await open();
      store = h.store;
    });
    afterEach(async () => {
      await store.close().catch(() => {});
      await h.cleanup();
    });
    const reopen = async () => (store = await h.reopen!());

    describe('CRUD', () => {
      it('put sets version 1, then 2; get returns the stored doc; delete removes it', async () => {
        const a = await store.write((tx) => tx.put('actors', actor('ann')));
        expect(a.version).toBe(1);
        expect(store.get('actors', 'ann')).toEqual({ ...actor('ann'), version: 1 });
        const b = await store.write((tx) => tx.put('actors', { ...store.get('actors', 'ann')!, role: 'governor' }));
        expect(b.version).toBe(2);
        expect(store.get('actors', 'ann')!.role).toBe('governor');
        expect(await store.write((tx) => tx.delete('actors', 'ann'))).toBe(true);
        expect(store.get('actors', 'ann')).toBeUndefined();
        expect(store.count('actors')).toBe(0);
        expect(await store.write((tx) => tx.delete('actors', 'ann'))).toBe(false);
      });

      it('all() keeps insertion order and count() follows puts and deletes', async () => {
        await store.write((tx) => ['c', 'a', 'b'].forEach((id) => tx.put('actors', actor(id))));
        await store.write((tx) => tx.put('actors', { ...tx.get('actors', 'c')!, role: 'x' }));
        expect(ids(store.all('actors'))).toEqual(['c', 'a', 'b']);
        await store.write((tx) => tx.delete('actors', 'a'));
        expect(ids(store.all('actors'))).toEqual(['c', 'b']);
        expect(store.count('actors')).toBe(2);
        expect(store.count('claims')).toBe(0);
      });

      it('keeps its own copy: changing the object passed to put changes nothing stored', async () => {
        const doc = actor('ann', 'Ann', ['annie']);
        await store.write((tx) => tx.put('actors', doc));
        doc.name = 'Mallory';
        doc.aliases.push('evil');
        expect(store.get('actors', 'ann')!.name).toBe('Ann');
        expect(store.get('actors', 'ann')!.aliases).toEqual(['annie']);
      });

      it('hands out frozen docs: changing one in place throws and changes nothing', async () => {
        await store.write((tx) => tx.put('claims', claim('C1', 'ann')));
        const check = (s: Store) => {
          const c = s.get('claims', 'C1')!;
          expect(() => ((c as { status: string }).status = 'false')).toThrow(TypeError);
          expect(() => (c.history as unknown[]).push({})).toThrow(TypeError);
          expect(s.get('claims', 'C1')!.status).toBe('unverified');
          expect(s.byIndex('claims', 'byStatus', 'unverified')).toHaveLength(1);
        };
        check(store);
        if (opts.durable) check(await reopen());
      });
    });

    describe('indexes', () => {
      it('claims by status and by actor follow status changes and deletes', async () => {
        await store.write((tx) => {
          tx.put('claims', claim('C1', 'ann', 'unverified', { subjects: ['bob'] }));
          tx.put('claims', claim('C2', 'bob', 'false'));
        });
        expect(ids(store.byIndex('claims', 'byStatus', 'unverified'))).toEqual(['C1']);
        expect(ids(store.byIndex('claims', 'byActor', 'bob'))).toEqual(['C1', 'C2']);
        await store.write((tx) => tx.put('claims', { ...tx.get('claims', 'C1')!, status: 'false' }));
        expect(store.byIndex('claims', 'byStatus', 'unverified')).toEqual([]);
        expect(ids(store.byIndex('claims', 'byStatus', 'false'))).toEqual(['C1', 'C2']);
        await store.write((tx) => tx.delete('claims', 'C2'));
        expect(ids(store.byIndex('claims', 'byActor', 'bob'))).toEqual(['C1']);
        expect(ids(store.byIndex('claims', 'byStatus', 'false'))).toEqual(['C1']);
      });

      it('actors by lower-cased name and alias; subscriptions by channel and target; outbox by state', async () => {
        await store.write((tx) => {
          tx.put('actors', actor('stephen-miller', 'Stephen Miller', ['Miller']));
          tx.put('subscriptions', sub('C9', { kind: 'all' }));
          tx.put('subscriptions', sub('C9', { kind: 'actor', id: 'stephen-miller' }));
          tx.put('outbox', outbox('o1', 'pending'));
        });
        expect(ids(store.byIndex('actors', 'byName', 'stephen miller'))).toEqual(['stephen-miller']);
        expect(ids(store.byIndex('actors', 'byName', 'miller'))).toEqual(['stephen-miller']);
        expect(store.byIndex('subscriptions', 'byChannel', 'slack:T1:C9')).toHaveLength(2);
        expect(store.byIndex('subscriptions', 'byTarget', 'actor:stephen-miller')).toHaveLength(1);
        await store.write((tx) => tx.put('outbox', { ...tx.get('outbox', 'o1')!, state: 'delivered' }));
        expect(store.byIndex('outbox', 'byState', 'pending')).toEqual([]);
        expect(ids(store.byIndex('outbox', 'byState', 'delivered'))).toEqual(['o1']);
      });
    });

    describe('transactions', () => {
      it('reads inside a write see its own staged changes (get, all, count, byIndex)', async () => {
        await store.write((tx) => tx.put('claims', claim('C1', 'ann')));
        const seen = await store.write((tx) => {
          tx.put('claims', claim('C2', 'ann', 'false'));
          tx.delete('claims', 'C1');
          return {
            c2: tx.get('claims', 'C2')?.status,
            c1: tx.get('claims', 'C1'),
            all: ids(tx.all('claims')),
            count: tx.count('claims'),
            byActor: ids(tx.byIndex('claims', 'byActor', 'ann')),
            outside: store.get('claims', 'C1')?.id, // not applied before the write commits
          };
        });
        expect(seen).toEqual({ c2: 'false', c1: undefined, all: ['C2'], count: 1, byActor: ['C2'], outside: 'C1' });
        expect(ids(store.all('claims'))).toEqual(['C2']);
      });

      it('byIndex and count inside a write agree with a scan of all(), in all() order, after mixed changes', async () => {
        await store.write((tx) => {
          for (const [id, who, st] of [['C1', 'ann', 'false'], ['C2', 'bob', 'false'], ['C3', 'ann', 'true'], ['C4', 'ann', 'false']] as const)
            tx.put('claims', claim(id, who, st));
        });
        const check = (tx: WriteTx) => {
          const all = tx.all('claims');
          expect(tx.count('claims')).toBe(all.length);
          for (const who of ['ann', 'bob', 'cid']) expect(ids(tx.byIndex('claims', 'byActor', who))).toEqual(ids(all.filter((c) => c.claimant === who || c.subjects.includes(who))));
          for (const st of ['false', 'true', 'mixed'] as const) expect(ids(tx.byIndex('claims', 'byStatus', st))).toEqual(ids(all.filter((c) => c.status === st)));
        };
        await store.write((tx) => {
          tx.put('claims', claim('C5', 'ann', 'false')); // new
          check(tx);
          tx.put('claims', claim('C1', 'bob', 'true')); // replaced, keys moved
          check(tx);
          tx.delete('claims', 'C3'); // deleted
          check(tx);
          tx.put('claims', claim('C3', 'cid', 'mixed')); // deleted then put again
          tx.put('claims', claim('C6', 'ann', 'false', { subjects: ['bob'] })); // new, under two actors
          tx.delete('claims', 'C5'); // new then deleted
          check(tx);
          tx.put('claims', claim('C5', 'bob', 'false')); // and put again
          tx.put('claims', claim('C2', 'bob', 'mixed')); // replaced twice
          tx.put('claims', claim('C2', 'ann', 'false'));
          check(tx);
        });
      });

      it('a write whose fn throws changes nothing, rejects with that error and notifies nobody', async () => {
        await store.write((tx) => tx.put('claims', claim('C1', 'ann')));
        const seen: Change[][] = [];
        store.onCommit((c) => seen.push([...c]));
        const boom = new Error('boom');
        await expect(
          store.write((tx) => {
            tx.put('claims', { ...tx.get('claims', 'C1')!, status: 'false' });
            tx.put('actors', actor('ann'));
            tx.nextId('claim');
            throw boom;
          }),
        ).rejects.toBe(boom);
        expect(store.get('claims', 'C1')!.status).toBe('unverified');
        expect(store.count('actors')).toBe(0);
        expect(seen).toEqual([]);
        expect(await store.write((tx) => tx.nextId('claim'))).toBe(1);
      });

      it('a write started inside another write is refused and neither changes anything', async () => {
        let inner: Promise<unknown> | undefined;
        await expect(
          store.write((tx) => {
            tx.put('actors', actor('outer'));
            inner = store.write((t) => t.put('actors', actor('inner')));
            inner.catch(() => {});
          }),
        ).rejects.toThrow(/must not start another write/);
        await expect(inner).rejects.toThrow(/must not start another write/);
        expect(store.count('actors')).toBe(0);
        await store.write((tx) => tx.put('actors', actor('after')));
        expect(store.count('actors')).toBe(1);
      });

      it('an async fn is refused and changes nothing', async () => {
        await expect(store.write(async (tx) => tx.put('actors', actor('ann')))).rejects.toThrow(/synchronous/);
        expect(store.count('actors')).toBe(0);
      });

      commitListenerCases(() => store);
    });

    describe('sequences', () => {
      it('count 1, 2, 3… and a failed write does not burn a number', async () => {
        expect(await store.write((tx) => [tx.nextId('claim'), tx.nextId('claim')])).toEqual([1, 2]);
        await expect(store.write((tx) => { tx.nextId('claim'); throw new Error('no'); })).rejects.toThrow('no');
        expect(await store.write((tx) => tx.nextId('claim'))).toBe(3);
        expect(await store.write((tx) => tx.nextId('outbox'))).toBe(1);
      });

      it('concurrent writers never get the same number', async () => {
        const got = await Promise.all(Array.from({ length: 200 }, () => store.write((tx) => tx.nextId('claim'))));
        expect(new Set(got).size).toBe(200);
        expect(Math.max(...got)).toBe(200);
      });
    });

    describe('optimistic concurrency', () => {
      it('a put or delete based on a stale version is refused with ConflictError and changes nothing', async () => {
        const v1 = await store.write((tx) => tx.put('claims', claim('C1', 'ann')));
        await store.write((tx) => tx.put('claims', { ...v1, status: 'in_review' }, { expectVersion: 1 }));
        const stale = store.write((tx) => tx.put('claims', { ...v1, status: 'true' }, { expectVersion: v1.version }));
        await expect(stale).rejects.toBeInstanceOf(ConflictError);
        await expect(stale).rejects.toMatchObject({ coll: 'claims', id: 'C1', expected: 1, actual: 2 });
        await expect(store.write((tx) => tx.delete('claims', 'C1', { expectVersion: 1 }))).rejects.toBeInstanceOf(ConflictError);
        await expect(store.write((tx) => tx.put('claims', claim('C1', 'x'), { expectVersion: 0 }))).rejects.toBeInstanceOf(ConflictError);
        expect(store.get('claims', 'C1')).toMatchObject({ status: 'in_review', version: 2 });
      });

      it('of two writers holding the same version exactly one wins', async () => {
        const c = await store.write((tx) => tx.put('claims', claim('C1', 'ann')));
        const results = await Promise.allSettled(
          (['true', 'false'] as const).map((status) =>
            store.write((tx) => tx.put('claims', { ...c, status }, { expectVersion: c.version })),
          ),
        );
        expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
        expect(store.get('claims', 'C1')!.version).toBe(2);
      });

      it('1,000 concurrent updates are each applied exactly once; then a stale update is refused', async () => {
        await store.write((tx) => tx.put('claims', claim('C1', 'ann')));
        const n = 1000;
        const counts = await Promise.all(
          Array.from({ length: n }, () =>
            store.write((tx) => {
              const c = tx.get('claims', 'C1')!;
              return tx.put('claims', { ...c, flagCount: c.flagCount + 1 }, { expectVersion: c.version }).flagCount;
            }),
          ),
        );
        // every update saw the previous one: the counts handed back are exactly 1..n
        expect([...counts].sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i + 1));
        const check = (s: Store) => {
          const c = s.get('claims', 'C1')!;
          expect(c.flagCount).toBe(n);
          expect(c.version).toBe(n + 1);
        };
        check(store);
        await expect(
          store.write((tx) => tx.put('claims', { ...claim('C1', 'ann'), flagCount: 0 }, { expectVersion: n })),
        ).rejects.toBeInstanceOf(ConflictError);
        if (opts.durable) check(await reopen());
      });
    });

    describe('bad input at the boundary', () => {
      it('refuses __proto__ / constructor / prototype keys at any depth and pollutes nothing', async () => {
        const evil = [
          JSON.parse('{"id":"x","name":"X","__proto__":{"polluted":true}}'),
          { ...actor('y'), extra: JSON.parse('{"constructor":{"prototype":{"polluted":true}}}') },
          { ...actor('z'), aliases: [JSON.parse('{"prototype":1}')] },
        ];
        for (const doc of evil) {
          await expect(store.write((tx) => tx.put('actors', doc))).rejects.toBeInstanceOf(InvalidDocError);
        }
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
        expect(store.count('actors')).toBe(0);
      });

      it('NaN, Infinity, functions, Dates, missing ids are refused with InvalidDocError naming the field', async () => {
        const bad: unknown[] = [
          { ...claim('C1', 'a'), flagCount: NaN },
          { ...claim('C1', 'a'), flagCount: Infinity },
          { ...actor('a'), role: () => 1 },
          { ...actor('a'), createdAt: new Date() },
          { ...actor('a'), id: '' },
          { name: 'no id' },
        ];
        for (const doc of bad) {
          await expect(store.write((tx) => tx.put('actors', doc as NewDoc<'actors'>))).rejects.toBeInstanceOf(InvalidDocError);
        }
        await expect(store.write((tx) => tx.put('claims', { ...claim('C1', 'a'), flagCount: NaN }))).rejects.toThrow(/flagCount/);
        expect(store.count('actors') + store.count('claims')).toBe(0);
      });

      it('lone surrogates are stored as U+FFFD and survive; other unicode is kept exactly', async () => {
        const text = 'bad \uD800 half, emoji 👍🏽, RTL \u202Eabc, nul \u0000 end';
        await store.write((tx) => tx.put('claims', { ...claim('C1', 'a'), text }));
        const want = 'bad \uFFFD half, emoji 👍🏽, RTL \u202Eabc, nul \u0000 end';
        expect(store.get('claims', 'C1')!.text).toBe(want);
        if (opts.durable) expect((await reopen()).get('claims', 'C1')!.text).toBe(want);
      });

      it('a 100 kB string is stored; a document over 1 MB is refused; the store stays usable', async () => {
        const big = 'x'.repeat(100_000);
        await store.write((tx) => tx.put('claims', { ...claim('C1', 'a'), text: big }));
        await expect(store.write((tx) => tx.put('claims', { ...claim('C2', 'a'), text: 'y'.repeat(2_000_000) }))).rejects.toBeInstanceOf(
          InvalidDocError,
        );
        expect(store.get('claims', 'C2')).toBeUndefined();
        await store.write((tx) => tx.put('claims', claim('C3', 'a')));
        if (opts.durable) await reopen();
        expect(store.get('claims', 'C1')!.text).toBe(big);
        expect(ids(store.all('claims'))).toEqual(['C1', 'C3']);
      });
    });

    it('a closed store refuses writes with StoreUnavailableError', async () => {
      await store.close();
      await expect(store.write((tx) => tx.put('actors', actor('a')))).rejects.toBeInstanceOf(StoreUnavailableError);
    });

    if (!opts.durable) return;

    describe('durability across reopen', () => {
      it('every collection, version and sequence comes back exactly', async () => {
        await store.write((tx) => {
          tx.put('actors', actor('ann', 'Ann', ['A.']));
          tx.put('claims', claim(`C${tx.nextId('claim')}`, 'ann'));
          tx.put('outbox', outbox(`o${tx.nextId('outbox')}`, 'pending'));
          tx.put('subscriptions', sub('C1', { kind: 'all' }));
          tx.put('flags', { id: 'slack:T1:C1:1.2', claimId: 'C1', users: ['slack:U1'], createdAt: T });
          tx.put('digests', {
            id: 'slack:T1:C1', channel: { platform: 'slack', workspace: 'T1', channel: 'C1' }, spec: 'daily 09:00',
            cron: '0 9 * * *', tz: 'UTC', lastRunAt: null, createdBy: 'slack:U1', createdAt: T, updatedAt: T,
          });
          tx.put('threads', { id: 'slack:T1:C1|C1', ref: '1.2', createdAt: T });
        });
        await store.write((tx) => tx.put('claims', { ...tx.get('claims', 'C1')!, status: 'false' }));
        const dump = (s: Store) =>
          (['actors', 'claims', 'outbox', 'subscriptions', 'flags', 'digests', 'threads'] as const).map((c) => s.all(c));
        const before = dump(store);
        await reopen();
        expect(dump(store)).toEqual(before);
        expect(ids(store.byIndex('claims', 'byStatus', 'false'))).toEqual(['C1']);
        expect(ids(store.byIndex('flags', 'byClaim', 'C1'))).toEqual(['slack:T1:C1:1.2']);
        expect(await store.write((tx) => [tx.nextId('claim'), tx.nextId('outbox')])).toEqual([2, 2]);
      });

      it('claim numbers are never reused, even after deleting the newest claim and reopening', async () => {
        for (let i = 0; i < 3; i++) await store.write((tx) => tx.put('claims', claim(`C${tx.nextId('claim')}`, 'a')));
        await store.write((tx) => tx.delete('claims', 'C3'));
        await reopen();
        expect(store.get('claims', 'C3')).toBeUndefined();
        expect(await store.write((tx) => tx.nextId('claim'))).toBe(4);
        await reopen();
        expect(await store.write((tx) => tx.nextId('claim'))).toBe(5);
      });

      it('writes interleaved with reopen cycles accumulate without loss or duplication', async () => {
        for (let round = 0; round < 4; round++) {
          await Promise.all(
            Array.from({ length: 25 }, (_, i) => store.write((tx) => tx.put('claims', claim(`C${tx.nextId('claim')}`, `r${round}`, 'unverified', { tags: [String(i)] })))),
          );
          await reopen();
        }
        expect(store.count('claims')).toBe(100);
        expect(ids(store.all('claims'))).toEqual(Array.from({ length: 100 }, (_, i) => `C${i + 1}`));
      });
    });
  });
}
