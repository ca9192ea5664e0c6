// The search index of a large ledger is built in the background: queries meanwhile scan the store, and
// commits made during the build end up indexed exactly once, with their latest content.
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { beforeEach, describe, expect, it } from 'vitest';
import { MemoryStore } from '../../store/memory.ts';
import { createDesk } from '../../src/core/create-desk.ts';
import { LedgerSearch } from '../../src/core/search.ts';
import { addClaim, seedLedger } from './search-fixture.ts';
import { LEDGER_SCHEMA, type Ledger } from '../../src/core/store-port.ts';

const FILLER = 200; // with the 5 claims and 6 actors, over a syncLimit of 100

let store: MemoryStore<Ledger>;

const add = (text: string, by: string, about?: string[], tags?: string[], at?: string) => addClaim(store, text, by, about, tags, at);

async function edit(id: string, text: string) {
  await store.write((tx) => tx.put('claims', { ...tx.get('claims', id)!, text }));
}

/** Lets the build run one slice (it yields with setImmediate between slices). */
const slice = () => new Promise<void>((r) => setImmediate(r));

function logged() {
  const lines: string[] = [];
  const log = pino({ level: 'info' }, new Writable({ write: (c, _e, cb) => (lines.push(String(c)), cb()) }));
  return { log, errors: () => lines.filter((l) => JSON.parse(l).level >= 50) };
}

beforeEach(async () => {
  store = new MemoryStore(LEDGER_SCHEMA);
  await seedLedger(store);
  await add('The café was closed by the état', 'Zoë Durand'); // C5
});

describe('start-up', () => {
  it('a small ledger is indexed at once: ready straight from the constructor', async () => {
    const search = new LedgerSearch(store);
    expect(search.isReady).toBe(true);
    expect(search.claims('masacre').map((c) => c.id)).toEqual(['C1']); // typo tolerance: the index answered
    await search.ready;
    expect((createDesk({ store: new MemoryStore(LEDGER_SCHEMA) }).search as LedgerSearch).isReady).toBe(true); // a new bot answers at once
  });

  it('a large ledger is indexed in the background; the constructor returns before', async () => {
    for (let i = 0; i < FILLER; i++) await add(`Filler claim ${i} about the weather`, 'Filler Person');
    const search = new LedgerSearch(store, { syncLimit: 100 }); // over the limit for an immediate build
    expect(search.isReady).toBe(false);
    await search.ready;
    expect(search.isReady).toBe(true);
    expect(search.claims('masacre').map((c) => c.id)).toEqual(['C1']);
    expect(search.claims('weather', 1000)).toHaveLength(FILLER);
  });
});

describe('before the index is ready, queries scan the store', () => {
  let search: LedgerSearch;
  const ids = (q: string, limit?: number) => {
    const found = search.claims(q, limit).map((c) => c.id);
    expect(search.claimIds(q, limit), `claimIds(${q})`).toEqual(found); // the scan gives ids alike
    return found;
  };
  beforeEach(() => {
    search = new LedgerSearch(store, { syncLimit: 0 });
    expect(search.isReady).toBe(false); // every query below is answered by the scan
  });

  it('finds the right claim by a word of its text, in any case, or an unfinished word', () => {
    expect(ids('massacre')).toEqual(['C1']);
    expect(ids('MASSACRE Agents')).toEqual(['C1']);
    expect(ids('massac')).toEqual(['C1']);
    expect(ids('record lo')).toEqual(['C4']);
  });

  it('an exact claim id comes first', () => {
    expect(ids(' c3 ')).toEqual(['C3']);
  });

  it('finds claims by tag and by their actors’ names and aliases, newest first', async () => {
    expect(ids('immigration')).toEqual(['C4']);
    expect(ids('Secretary Noem')).toEqual(['C4']);
    expect(ids('Miller')).toEqual(['C2', 'C1']);
    await add('Pretti was armed', 'Someone Else', [], [], '2026-11-21T00:00:00.000Z'); // C6, newest
    expect(ids('Pretti')).toEqual(['C6', 'C2', 'C1']);
    expect(search.isReady).toBe(false);
  });

  it('claims with every word beat claims with some; accents folded, stop words ignored', () => {
    expect(ids('Pretti assassin')).toEqual(['C2']);
    expect(ids('massacre zebra')).toEqual(['C1']);
    expect(ids('CAFE')).toEqual(['C5']);
    expect(ids('zoe')).toEqual(['C5']);
    expect(ids('the')).toEqual([]);
    expect(ids('qqqqzzzz')).toEqual([]);
    expect(ids('')).toEqual([]);
  });

  it('respects the limit', async () => {
    for (let i = 0; i < 15; i++) await add(`Gas prices rose ${i}`, 'Pump Person');
    expect(ids('gas', 5)).toEqual(['C20', 'C19', 'C18', 'C17', 'C16']);
  });

  it('finds actors by id, name, alias and role', () => {
    const aids = (q: string) => search.actors(q).map((a) => a.id);
    expect(aids('secretary noem')[0]).toBe('kristi-noem');
    expect(aids('Homeland')).toEqual(['kristi-noem']);
    expect(aids('mill')).toEqual(['stephen-miller']);
    expect(aids('Zebulon Quux')).toEqual([]);
  });

  it('a hyphenated tag and an actor id without an actor are matched like the index matches them', async () => {
    const c1 = store.get('claims', 'C1')!;
    await store.write((tx) => tx.put('claims', { ...c1, id: 'C6', text: 'Subway fares doubled', claimant: 'ghost-writer', subjects: [], tags: ['new-york'] }));
    expect(ids('york')).toEqual(['C6']);
    expect(ids('ghost writer')).toEqual(['C6']);
    await search.ready;
    expect(ids('york')).toEqual(['C6']);
    expect(ids('ghost writer')).toEqual(['C6']);
  });

  it('switches to the index once ready', async () => {
    expect(ids('masacre')).toEqual([]); // the scan does not guess typos
    await search.ready;
    expect(ids('masacre')).toEqual(['C1']);
  });
});

describe('commits during the build', () => {
  it('adds, edits, deletes and actor renames made while the index builds are all in it, once each', async () => {
    for (let i = 0; i < FILLER; i++) await add(`Filler claim ${i} about the weather`, 'Filler Person');
    const { log, errors } = logged();
    const search = new LedgerSearch(store, { log, syncLimit: 0, sliceDocs: 5 });
    const ids = (q: string) => search.claims(q, 1000).map((c) => c.id);

    const wind = await add('Wind turbines cause cancer', 'Some Senator'); // before the first slice
    await slice();
    await edit('C3', 'Robberies dropped sharply'); // an early claim, maybe indexed already
    await slice();
    const miller = store.get('actors', 'stephen-miller')!;
    await store.write((tx) => tx.put('actors', { ...miller, name: 'Stephen R. Miller', aliases: ['SRM'] }));
    for (let i = 0; i < 6; i++) await slice();
    await edit('C10', 'Filler claim about the snow'); // indexed by now
    await edit(`C${FILLER}`, 'Filler claim about the hail'); // not reached yet
    await store.write((tx) => tx.delete('claims', 'C4'));
    const gone = await add('Tornadoes were invented in 2019', 'Sky Watcher');
    await slice();
    await store.write((tx) => tx.delete('claims', gone.id));
    // a claim of the renamed actor, by its id (its old name is no longer one of its names)
    const late = await add('Miller later said hail is fake', 'stephen-miller');
    const noem = store.get('actors', 'kristi-noem')!;
    await store.write((tx) => tx.put('actors', { ...noem, aliases: ['Kristi Arnold'] })); // her claim C4 is gone
    expect(search.isReady).toBe(false); // all of the above happened during the build

    await search.ready;
    expect(ids('turbines')).toEqual([wind.id]);
    expect(ids('robberies')).toEqual(['C3']);
    expect(ids('percent')).toEqual([]);
    expect(ids('SRM').sort()).toEqual(['C1', 'C2', late.id].sort());
    expect(ids('snow')).toEqual(['C10']);
    expect(ids('hail').sort()).toEqual([`C${FILLER}`, late.id].sort());
    expect(ids('border')).toEqual([]);
    expect(ids('C4')).toEqual([]);
    expect(ids('tornadoes')).toEqual([]);
    expect(search.actors('Arnold').map((a) => a.id)).toEqual(['kristi-noem']);
    // every claim still there is found once, none twice (adding an indexed id again would have thrown and logged)
    const weather = ids('weather');
    expect(weather).toHaveLength(FILLER - 2);
    expect(new Set(weather).size).toBe(weather.length);
    expect(errors()).toEqual([]);

    // the same answers as an index built from scratch now
    const fresh = new LedgerSearch(store, { syncLimit: Infinity });
    for (const q of ['weather', 'filler', 'Miller', 'Stephen', 'Pretti', 'hail', 'snow', 'Kristi', 'crime', 'senator', 'watcher']) {
      expect(ids(q).sort(), q).toEqual(fresh.claims(q, 1000).map((c) => c.id).sort());
    }
  });

  it('after the build, commits are indexed at once again', async () => {
    const search = new LedgerSearch(store, { syncLimit: 0 });
    await search.ready;
    const c = await add('Meteor strikes are rising', 'Sky Watcher');
    expect(search.claims('meteor').map((x) => x.id)).toEqual([c.id]);
  });

  it('close() during the build stops it: ready rejects, the store is no longer followed', async () => {
    for (let i = 0; i < FILLER; i++) await add(`Filler claim ${i} about the weather`, 'Filler Person');
    const search = new LedgerSearch(store, { syncLimit: 0, sliceDocs: 5 });
    await slice();
    search.close();
    await expect(search.ready).rejects.toThrow('search closed before its index was built');
    expect(search.isReady).toBe(false);
  });
});
