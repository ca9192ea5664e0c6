// The id table behind the index: claim numbers in a typed array, anything else in a Map, one answer either way.
import { describe, expect, it } from 'vitest';
import { IdTable } from '../../src/core/search-ids.ts';

describe('IdTable', () => {
  it('files claim ids, other ids and far-off numbers alike, and forgets deleted ones', () => {
    const t = new IdTable();
    const ids = ['C1', 'C2', 'C10', 'C007', 'c3', 'stephen-miller', 'C', 'C999999999', 'C2147483648'];
    ids.forEach((id, d) => t.set(id, d));
    expect(t.size).toBe(ids.length);
    ids.forEach((id, d) => expect(t.get(id), id).toBe(d));
    expect(t.get('C7')).toBeUndefined(); // C007 is not C7
    expect(t.get('C3')).toBeUndefined();
    t.set('C2', 42);
    expect(t.get('C2')).toBe(42);
    expect(t.size).toBe(ids.length);
    for (const id of ids) expect(t.delete(id)).toBe(true);
    expect(t.size).toBe(0);
    for (const id of ids) expect(t.has(id)).toBe(false);
    expect(t.delete('C1')).toBe(false);
  });

  it('an id first filed in the Map moves to the table once the table reaches its number', () => {
    const t = new IdTable();
    t.set('C20000', 1); // far beyond the others: Map
    for (let i = 1; i <= 3000; i++) t.set(`C${i}`, i + 1); // the table grows past 20000
    t.set('C20000', 7);
    expect(t.get('C20000')).toBe(7);
    expect(t.size).toBe(3001);
    expect(t.delete('C20000')).toBe(true);
    expect(t.get('C20000')).toBeUndefined();
  });
});
