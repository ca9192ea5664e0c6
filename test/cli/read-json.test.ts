// Import files are read a chunk at a time, item by item (src/read-json.ts): the value is exactly what
// JSON.parse gives, whatever the chunk boundaries cut through, and no item larger than the limit is read.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JsonReadError, peekJsonArray, readJsonFile, readJsonItems } from '../../src/read-json.ts';

let dir: string;
beforeAll(async () => (dir = await fs.mkdtemp(path.join(os.tmpdir(), 'claimdesk-readjson-'))));
afterAll(() => fs.rm(dir, { recursive: true, force: true }));

let k = 0;
async function file(text: string): Promise<string> {
  const f = path.join(dir, `f${k++}.json`);
  await fs.writeFile(f, text);
  return f;
}

// deterministic pseudo-random JSON values with the awkward parts: escapes, brackets inside strings, unicode
let seed = 7;
const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
const STR = ['', 'plain', 'a "quoted" [word] {x}', 'back\\slash\\', 'é 😀 ü', '\\"', ',:]}', '\u2028'];
function value(d: number): unknown {
  const r = rnd(d > 3 ? 5 : 8);
  if (r === 0) return null;
  if (r === 1) return rnd(2) === 0;
  if (r === 2) return rnd(100000) / (rnd(7) + 1) - 500;
  if (r === 3 || r === 4) return STR[rnd(STR.length)];
  if (r === 5) return Array.from({ length: rnd(4) }, () => value(d + 1));
  const o: Record<string, unknown> = {};
  for (let i = rnd(4); i > 0; i--) o[STR[rnd(STR.length)] + i] = value(d + 1);
  return o;
}

describe('readJsonFile', () => {
  it('gives what JSON.parse gives for arrays, @graph and export objects, at any chunk boundary', async () => {
    const docs: unknown[] = [
      Array.from({ length: 40 }, () => value(0)),
      { '@context': 'https://schema.org', '@graph': Array.from({ length: 30 }, () => value(1)), n: 1 },
      { format: 'claimdesk', version: 1, actors: [value(2)], claims: Array.from({ length: 20 }, () => value(1)), flags: [], x: { y: [1, [2]] } },
      { '@type': 'ClaimReview', url: 'https://a.example/1' },
      [],
      {},
      42,
      'text',
      [[1, 2], [], {}, 'x', -0.5e3, true, null],
    ];
    for (const doc of docs) {
      for (const indent of [0, 2]) {
        const f = await file(JSON.stringify(doc, null, indent));
        for (const chunkBytes of [1, 2, 3, 7, 64, 4096]) {
          expect(await readJsonFile(f, { chunkBytes })).toEqual(JSON.parse(await fs.readFile(f, 'utf8')));
        }
      }
    }
  });

  it('reads runs of items alike (same first key) in one go only where the cut falls between two items', async () => {
    // strings and nested objects that look like the start of the next item: `},{"k":` inside a string, an
    // inner array of objects with the same first key; a cut there must not be taken for an item boundary
    const items = Array.from({ length: 300 }, (_, i) => ({
      k: i % 3 ? `text },{"k": ${i} ` : `"}, {"k":`,
      inner: [{ k: 1, v: `${i}` }, { k: 2, v: '},{"k":' }],
      deep: { k: { k: [i, '] } ,'] } },
      __proto__: i % 7 === 0 ? null : undefined,
    }));
    for (const indent of [0, 2]) {
      const f = await file(JSON.stringify(items, null, indent));
      for (const chunkBytes of [64, 1000, 4096, 1 << 20]) {
        expect(await readJsonFile(f, { chunkBytes })).toEqual(JSON.parse(await fs.readFile(f, 'utf8')));
      }
    }
    // a damaged item in the middle of such a run is still found, at its byte
    const text = JSON.stringify(items.slice(0, 50));
    const at = text.indexOf('{"k"', 1000);
    const bad = await file(`${text.slice(0, at)}{"k" 1,${text.slice(at + 4)}`);
    const err = await readJsonFile(bad, { chunkBytes: 1 << 20 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(JsonReadError);
    // the same words as item by item (an item limit below the chunk size turns the runs off)
    const itemByItem = await readJsonFile(bad, { chunkBytes: 1 << 20, maxItemBytes: 1 << 19 }).catch((e: unknown) => e);
    expect((err as Error).message).toBe((itemByItem as Error).message);
    expect((err as Error).message).toMatch(/^not valid JSON at byte \d+: Expected ':'/);
  });

  it('"__proto__" is an own key, as with JSON.parse, never the prototype', async () => {
    const v = (await readJsonFile(await file('{"__proto__": {"polluted": 1}, "a": [1]}'))) as Record<string, unknown>;
    expect(Object.getPrototypeOf(v)).toBe(Object.prototype);
    expect(Object.keys(v)).toEqual(['__proto__', 'a']);
  });

  it('says where a file stops being JSON', async () => {
    const bad = ['[1, 2,]', '[1 2]', '{"a" 1}', '{"a": [1, 2}', '[{"a": 1}', '', '[] x', '{"a": nul}', '[1,,2]', '{1: 2}'];
    for (const text of bad) {
      const err = await readJsonFile(await file(text), { chunkBytes: 3 }).catch((e: unknown) => e);
      expect(err, text).toBeInstanceOf(JsonReadError);
      expect((err as Error).message).toMatch(/^not valid JSON at byte \d+/);
    }
  });

  it('reads a file far larger than the item limit; an item over the limit is refused with its place', async () => {
    const items = Array.from({ length: 500 }, (_, i) => ({ id: i, text: 'word '.repeat(10) }));
    const f = await file(JSON.stringify({ '@graph': items }));
    expect((await fs.stat(f)).size).toBeGreaterThan(100 * 256);
    expect(await readJsonFile(f, { maxItemBytes: 256, chunkBytes: 100 })).toEqual({ '@graph': items });
    const big = await file(JSON.stringify([{ a: 1 }, { text: 'x'.repeat(300) }]));
    await expect(readJsonFile(big, { maxItemBytes: 256, chunkBytes: 100 })).rejects.toThrow(/at byte 9: an item of more than 256 bytes/);
  });
});

describe('readJsonItems (an import read while it runs)', () => {
  it('gives the items of a top-level array one by one, the values JSON.parse gives, at any chunk boundary', async () => {
    const items = [...Array.from({ length: 60 }, () => value(0)), { k: '},{"k":' }, { k: 1, inner: [{ k: 2 }] }, 'x', 3, null];
    for (const indent of [0, 2]) {
      const f = await file(JSON.stringify(items, null, indent));
      for (const chunkBytes of [1, 3, 64, 4096, 1 << 20]) expect([...readJsonItems(f, { chunkBytes })]).toEqual(items);
    }
  });

  it('hands out the items before the place where the file stops being JSON, then throws as readJsonFile does', async () => {
    const f = await file(`[{"a":1},{"a":2},{"a":3 "b"}]`);
    const seen: unknown[] = [];
    let err: unknown;
    try {
      for (const v of readJsonItems(f, { chunkBytes: 4 })) seen.push(v);
    } catch (e) {
      err = e;
    }
    expect(seen).toEqual([{ a: 1 }, { a: 2 }]);
    expect(err).toBeInstanceOf(JsonReadError);
    expect((err as Error).message).toBe(((await readJsonFile(f, { chunkBytes: 4 }).catch((e: unknown) => e)) as Error).message);
  });

  it('peekJsonArray tells a top-level array (with its first item) from anything else, reading only the start', async () => {
    expect(await peekJsonArray(await file(' [{"a": 1}, {"b": 2}]'))).toEqual({ array: true, first: { a: 1 } });
    // the first item is what counts: a broken end is found later, by the reading itself
    expect(await peekJsonArray(await file(`[{"a": 1}, ${'{"b": 2}, '.repeat(20_000)} nope`))).toEqual({ array: true, first: { a: 1 } });
    expect(await peekJsonArray(await file('[]'))).toEqual({ array: false });
    expect(await peekJsonArray(await file('{"@graph": [1]}'))).toEqual({ array: false });
    await expect(peekJsonArray(await file('[{"a" 1}]'))).rejects.toThrow(JsonReadError);
  });
});
