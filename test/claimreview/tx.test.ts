import { describe, expect, it } from 'vitest';
import { ensureActor, findActor } from '../../src/core/actors.ts';
import { ActorIndexTx } from '../../src/claimreview/tx.ts';
import { MemoryStore } from '../../store/memory.ts';
import { NOW } from './helpers.ts';

describe('ActorIndexTx (the import transaction with its own actor name index)', () => {
  it('finds stored and newly created actors by name and alias, and follows renames and deletes', async () => {
    const store = new MemoryStore();
    await store.write((tx) => ensureActor(tx, 'Stored One', NOW, { aliases: ['S1'] }));
    await store.write((base) => {
      const tx = new ActorIndexTx(base);
      expect(findActor(tx, 's1')?.id).toBe('stored-one');
      const fresh = ensureActor(tx, 'Fresh Two', NOW, { aliases: ['F2'] });
      expect(tx.created).toBe(1);
      expect(tx.byIndex('actors', 'byName', 'f2').map((a) => a.id)).toEqual([fresh.id]);
      tx.put('actors', { ...fresh, name: 'Renamed Two', aliases: [] });
      expect(tx.byIndex('actors', 'byName', 'f2')).toEqual([]);
      expect(findActor(tx, 'renamed two')?.id).toBe('fresh-two');
      tx.delete('actors', 'stored-one');
      expect(findActor(tx, 'S1')).toBeUndefined();
      // other indexes pass through to the store's transaction
      expect(tx.byIndex('claims', 'byStatus', 'false')).toEqual([]);
    });
    expect(store.all('actors').map((a) => a.name)).toEqual(['Renamed Two']);
  });
});
