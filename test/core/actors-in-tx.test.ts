import { describe, expect, it } from 'vitest';
import { ensureActor, findActor } from '../../src/core/actors.ts';
import { MemoryStore } from '../../store/memory.ts';
import { LEDGER_SCHEMA } from '../../src/core/store-port.ts';

const NOW = '2026-11-21T09:00:00.000Z';

describe('actors inside one write (what bulk imports rely on)', () => {
  it('findActor/ensureActor see stored and newly created actors by name and alias, and follow renames and deletes', async () => {
    const store = new MemoryStore(LEDGER_SCHEMA);
    await store.write((tx) => ensureActor(tx, 'Stored One', NOW, { aliases: ['S1'] }));
    await store.write((tx) => {
      expect(findActor(tx, 's1')?.id).toBe('stored-one');
      const fresh = ensureActor(tx, 'Fresh Two', NOW, { aliases: ['F2'] });
      expect(tx.count('actors')).toBe(2);
      expect(ensureActor(tx, 'f2', NOW).id).toBe(fresh.id); // found by alias, not created again
      expect(tx.byIndex('actors', 'byName', 'f2').map((a) => a.id)).toEqual([fresh.id]);
      tx.put('actors', { ...fresh, name: 'Renamed Two', aliases: [] });
      expect(tx.byIndex('actors', 'byName', 'f2')).toEqual([]);
      expect(findActor(tx, 'renamed two')?.id).toBe('fresh-two');
      tx.delete('actors', 'stored-one');
      expect(findActor(tx, 'S1')).toBeUndefined();
      expect(tx.count('actors')).toBe(1);
    });
    expect(store.all('actors').map((a) => a.name)).toEqual(['Renamed Two']);
  });
});
