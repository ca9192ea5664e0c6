// The claim index saved in DATA_DIR: the next start answers from it at once (typos included), brought up to
// date with whatever changed since; a damaged, truncated, foreign or old-format file is never trusted.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MemoryStore } from '../../store/memory.ts';
import { JsonFileStore } from '../../store/json/json-store.ts';
import { createDesk } from '../../src/core/create-desk.ts';
import { INDEX_FILE } from '../../src/core/search-file.ts';
import { LedgerSearch } from '../../src/core/search.ts';
import { addClaim, seedLedger } from './search-fixture.ts';
import { LEDGER_SCHEMA, type Ledger } from '../../src/core/store-port.ts';

let store: MemoryStore<Ledger>;
let dir: string;
const file = () => path.join(dir, INDEX_FILE);
const ids = (s: LedgerSearch, q: string) => s.claims(q, 100).map((c) => c.id);

function logged() {
  const lines: string[] = [];
  const log = pino({ level: 'info' }, new Writable({ write: (c, _e, cb) => (lines.push(String(c)), cb()) }));
  return { log, warnings: () => lines.map((l) => JSON.parse(l)).filter((l) => l.level === 40).map((l) => l.msg) };
}

/** A search over the store with the index saved in dir; with syncLimit 0 anything to index goes to the background. */
const open = (opts: { log?: pino.Logger; saveEveryMs?: number; syncLimit?: number } = {}) => new LedgerSearch(store, { dir, syncLimit: 0, ...opts });

async function saved(): Promise<void> {
  const s = open();
  await s.ready;
  await s.close();
}

beforeEach(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'claimdesk-search-'));
  store = new MemoryStore(LEDGER_SCHEMA);
  await seedLedger(store);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('a saved index', () => {
  it('is written at close, atomically (no temp file left), and answers at once at the next start', async () => {
    writeFileSync(path.join(dir, `${INDEX_FILE}.99999.tmp`), 'half a save by a process that died');
    await saved();
    expect(readdirSync(dir)).toEqual([INDEX_FILE]);
    const next = open();
    expect(next.isReady).toBe(true); // nothing to build: answered from the file at once
    expect(ids(next, 'masacre')).toEqual(['C1']); // typo tolerance from the loaded deletion index
    expect(ids(next, 'record lo')).toEqual(['C4']);
    expect(ids(next, 'Miller').sort()).toEqual(['C1', 'C2']);
    await next.close();
  });

  it('keeps ids that are not plain claim numbers (an imported C007, a C0) through a save and a load', async () => {
    const like = store.get('claims', 'C1')!;
    await store.write((tx) => {
      tx.put('claims', { ...like, id: 'C007', text: 'Imported zeppelin story' });
      tx.put('claims', { ...like, id: 'C0', text: 'Another zeppelin tale' });
      tx.put('claims', { ...like, id: 'C7', text: 'A zeppelin over the bay' });
    });
    await saved();
    const next = open();
    expect(next.isReady).toBe(true);
    expect(ids(next, 'zeppelin').sort()).toEqual(['C0', 'C007', 'C7']);
    expect(ids(next, 'masacre')).toEqual(['C1']);
    await next.close();
  });

  it('keeps the actor index too, brought up to date with actors changed, added or gone since', async () => {
    await saved();
    const m = store.get('actors', 'stephen-miller')!;
    await store.write((tx) => {
      tx.put('actors', { ...m, role: 'speechwriter' });
      tx.put('actors', { ...m, id: 'zelda-fitzgerald', name: 'Zelda Fitzgerald', aliases: [], role: 'novelist' });
    });
    await store.write((tx) => tx.delete('actors', 'jane-mayor'));
    const next = open({ syncLimit: 5 }); // one claim to catch up (its claimant went): before the first answer
    expect(next.isReady).toBe(true);
    const actorIds = (q: string) => next.actors(q).map((a) => a.id);
    expect(actorIds('speechwritr')).toEqual(['stephen-miller']);
    expect(actorIds('deputy')).toEqual([]);
    expect(actorIds('novelst')).toEqual(['zelda-fitzgerald']);
    expect(actorIds('Homeland Secretery')).toEqual(['kristi-noem']); // as saved, typo and all
    expect(actorIds('Jane Mayr')).toEqual([]);
    await next.close();
  });

  it('is brought up to date with what changed since it was saved: edits, deletes, new claims, renamed actors', async () => {
    await saved();
    await store.write((tx) => tx.put('claims', { ...tx.get('claims', 'C3')!, text: 'Robberies dropped sharply' }));
    await store.write((tx) => tx.delete('claims', 'C4'));
    const wind = await addClaim(store, 'Wind turbines cause cancer', 'Some Senator');
    const m = store.get('actors', 'stephen-miller')!;
    await store.write((tx) => tx.put('actors', { ...m, aliases: ['Miller', 'SRM'] }));
    await store.write((tx) => tx.put('claims', { ...tx.get('claims', 'C1')!, status: 'false' })); // nothing searchable

    const next = open({ syncLimit: 5 }); // a rebuild (7 actors, 5 claims) would go to the background
    expect(next.isReady).toBe(true); // the 4 claims changed are caught up before the first answer
    expect(ids(next, 'robberies')).toEqual(['C3']);
    expect(ids(next, 'percent')).toEqual([]);
    expect(ids(next, 'border')).toEqual([]);
    expect(ids(next, 'turbnes')).toEqual([wind.id]);
    expect(ids(next, 'SRM').sort()).toEqual(['C1', 'C2']);
    expect(next.claims('massacre')[0].status).toBe('false');
    await next.close();
  });

  it('a claim deleted and re-created with the same id and version is re-indexed by the check after start', async () => {
    await saved();
    const c2 = store.get('claims', 'C2')!;
    await store.write((tx) => tx.delete('claims', 'C2'));
    await store.write((tx) => tx.put('claims', { ...c2, text: 'Pretti owned a unicorn', version: undefined }));
    expect(store.get('claims', 'C2')!.version).toBe(c2.version); // the version alone cannot tell

    const next = open();
    for (let i = 0; i < 20 && ids(next, 'unicorn').length === 0; i++) await new Promise((r) => setImmediate(r));
    expect(ids(next, 'unicorn')).toEqual(['C2']);
    expect(ids(next, 'assassin')).toEqual([]);
    await next.close();
  });

  it('is saved periodically while the bot runs, so the next start has nothing to catch up', async () => {
    await saved();
    const before = readFileSync(file());
    const s = open({ saveEveryMs: 20 });
    await addClaim(store, 'Meteor strikes are rising', 'Sky Watcher');
    // a loaded machine may take a while; the save is what we wait for, not a set time
    for (let i = 0; i < 500 && readFileSync(file()).equals(before); i++) await new Promise((r) => setTimeout(r, 10));
    const copy = readFileSync(file());
    expect(copy.equals(before)).toBe(false);
    await s.close();
    writeFileSync(file(), copy); // the file as the periodic save left it, before close saved again
    const next = open();
    expect(next.isReady).toBe(true); // with a stale file it would be catching up in the background
    expect(ids(next, 'meteor')).toHaveLength(1);
    await next.close();
  });
});

describe('a saved index that cannot be trusted is rebuilt, with the same answers', () => {
  const damage: Record<string, (b: Buffer) => Buffer> = {
    'a flipped byte': (b) => (b[b.length >> 1] ^= 0xff, b),
    'a truncated file': (b) => b.subarray(0, b.length >> 1),
    'an old format': (b) => (b.writeUInt32LE(0, 8), b),
    'another file altogether': () => Buffer.from('{"not":"an index"}'),
    'an empty file': () => Buffer.alloc(0),
  };
  for (const [name, spoil] of Object.entries(damage)) {
    it(name, async () => {
      await saved();
      writeFileSync(file(), spoil(readFileSync(file())));
      const { log, warnings } = logged();
      const next = open({ log });
      expect(warnings()).toEqual(['saved search index not used; rebuilding it']);
      expect(next.isReady).toBe(false); // rebuilding: the scan answers meanwhile
      expect(ids(next, 'massacre')).toEqual(['C1']);
      await next.ready;
      expect(ids(next, 'masacre')).toEqual(['C1']);
      await next.close();
      expect(open().isReady).toBe(true); // and the rebuilt index was saved in its place
    });
  }
});

describe('the desk', () => {
  it('saves the index in DATA_DIR when it is given one, and loads it at the next start', async () => {
    const data = path.join(dir, 'data');
    let json = await JsonFileStore.open(data, LEDGER_SCHEMA);
    await seedLedger(json);
    let desk = createDesk({ store: json, dataDir: data });
    await (desk.search as LedgerSearch).close();
    await json.close();
    expect(readdirSync(data)).toContain(INDEX_FILE);

    json = await JsonFileStore.open(data, LEDGER_SCHEMA);
    desk = createDesk({ store: json, dataDir: data });
    expect(desk.search.claims('assasin').map((c) => c.id)).toEqual(['C2']);
    await (desk.search as LedgerSearch).close();
    await json.close();
  });
});
