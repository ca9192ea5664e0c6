// The contract's cases for onCommit (store/listeners.ts), run inside storeContract() on every implementation.
import { expect, it, vi } from 'vitest';
import type { Store } from '../../../src/core/store-port.ts';
import { actor, claim } from './fixtures.ts';

const ids = (docs: { id: string }[]) => docs.map((d) => d.id);

/** `current()`: the store the running case opened (storeContract opens a fresh one per case). */
export function commitListenerCases(current: () => Store): void {
  it('onCommit gets each committed unit once, in commit order, before write() resolves', async () => {
    const store = current();
    const seen: string[] = [];
    const off = store.onCommit((changes) => seen.push(changes.map((c) => (c.op === 'put' ? c.doc.id : c.id)).join('+')));
    const writes = Array.from({ length: 20 }, (_, i) =>
      store.write((tx) => {
        tx.put('actors', actor(`a${i}`));
        if (i % 2) tx.put('claims', claim(`C${i}`, `a${i}`));
      }).then(() => seen.length),
    );
    const seenWhenResolved = await Promise.all(writes);
    expect(seen).toEqual(Array.from({ length: 20 }, (_, i) => (i % 2 ? `a${i}+C${i}` : `a${i}`)));
    seenWhenResolved.forEach((n, i) => expect(n).toBeGreaterThanOrEqual(i + 1));
    off();
    await store.write((tx) => tx.put('actors', actor('late')));
    expect(seen).toHaveLength(20);
  });

  it('a listener that throws is reported, and neither fails the write nor keeps the other listeners from hearing of it', async () => {
    const store = current();
    const reported = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      const seen: string[] = [];
      const offBad = store.onCommit(() => {
        throw new Error('listener bug');
      });
      const offGood = store.onCommit((changes) => seen.push(changes.map((c) => (c.op === 'put' ? c.doc.id : c.id)).join('+')));
      await expect(store.write((tx) => tx.put('actors', actor('ann')).version)).resolves.toBe(1);
      await expect(store.write((tx) => tx.put('actors', actor('bob')).id)).resolves.toBe('bob');
      expect(seen).toEqual(['ann', 'bob']);
      expect(ids(store.all('actors'))).toEqual(['ann', 'bob']);
      // no logger handed in: the failure still shows, once per unit
      expect(reported.mock.calls.filter((c) => String(c[0]).includes('onCommit listener threw'))).toHaveLength(2);
      offBad();
      offGood();
    } finally {
      reported.mockRestore();
    }
  });
}
