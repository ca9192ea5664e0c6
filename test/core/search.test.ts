import { beforeEach, describe, expect, it } from 'vitest';
import { MemoryStore } from '../../store/memory.ts';
import { ensureActor } from '../../src/core/actors.ts';
import { LedgerSearch, type LedgerSearchOptions } from '../../src/core/search.ts';
import { addClaim, NOW, seedLedger } from './search-fixture.ts';
import { LEDGER_SCHEMA, type Ledger } from '../../src/core/store-port.ts';

let store: MemoryStore<Ledger>;
let search: LedgerSearch;

const add = (text: string, by: string, about?: string[], tags?: string[], at?: string) => addClaim(store, text, by, about, tags, at);

// The same behaviour whether the index was built at once (a small ledger) or in the background, one doc per
// slice (a large one; see search-warmup.test.ts for queries and commits during that build).
const BUILDS: { name: string; opts: LedgerSearchOptions }[] = [
  { name: 'index built at once', opts: {} },
  { name: 'index built in the background', opts: { syncLimit: 0, sliceDocs: 1 } },
];

describe.each(BUILDS)('$name', (build) => {
  beforeEach(async () => {
    store = new MemoryStore(LEDGER_SCHEMA);
    await seedLedger(store);
    search = new LedgerSearch(store, build.opts); // built from what is already stored
    await search.ready;
  });

  // every answer also through claimIds(), which must give the same ids in the same order without the claims
  const ids = (q: string, limit?: number) => {
    const found = search.claims(q, limit).map((c) => c.id);
    expect(search.claimIds(q, limit), `claimIds(${q})`).toEqual(found);
    return found;
  };

  describe('claim search', () => {
    it('finds a claim by a word of its text', () => {
      expect(ids('massacre')).toEqual(['C1']);
    });

    it('tolerates small typos', () => {
      expect(ids('masacre')).toEqual(['C1']);
      expect(ids('assasin')).toEqual(['C2']);
      expect(ids('crme')).toEqual(['C3']);
      expect(ids('cty')).toEqual([]); // under 4 letters a typo is not guessed: too many words are one edit away
    });

    it('matches an unfinished last word', () => {
      expect(ids('massac')).toEqual(['C1']);
      expect(ids('record lo')).toEqual(['C4']);
    });

    it('an exact claim id comes first, on its own, in any case', () => {
      expect(ids('c3')).toEqual(['C3']);
      expect(ids(' C2 ')).toEqual(['C2']);
    });

    it('finds claims by claimant and subject names and aliases', () => {
      expect(ids('Miller').sort()).toEqual(['C1', 'C2']);
      expect(ids('Secretary Noem')).toEqual(['C4']);
      expect(ids('Pretti').sort()).toEqual(['C1', 'C2']);
    });

    it('finds claims by tag', () => {
      expect(ids('immigration')).toEqual(['C4']);
    });

    it('every word must match when some claim has them all', () => {
      expect(ids('Pretti assassin')).toEqual(['C2']);
    });

    it('falls back to any word when no claim has them all, best first', () => {
      expect(ids('massacre zebra')).toEqual(['C1']);
      expect(ids('massacre crime')).toHaveLength(2);
    });

    it('ranks a match in the text and the claimant above a match in one', async () => {
      await add('Miller said the numbers were rigged', 'Someone Else'); // C5: "Miller" only in text
      await add('Miller repeated that the numbers were rigged', 'Stephen Miller'); // C6: text and claimant
      expect(ids('Miller rigged')[0]).toBe('C6');
    });

    it('equal scores: newest first', async () => {
      await add('Unemployment doubled', 'A Person', [], [], '2026-11-01T00:00:00.000Z'); // C5
      await add('Unemployment doubled', 'B Person', [], [], '2026-11-10T00:00:00.000Z'); // C6
      expect(ids('unemployment')).toEqual(['C6', 'C5']);
    });

    it('ignores stop words and case, folds accents', async () => {
      await add('The café was closed by the état', 'Zoë Durand'); // C5
      expect(ids('CAFE')).toEqual(['C5']);
      expect(ids('zoe')).toEqual(['C5']);
      expect(ids('the')).toEqual([]);
    });

    it('answers nothing for nothing', () => {
      expect(ids('')).toEqual([]);
      expect(ids('   ')).toEqual([]);
      expect(ids('qqqqzzzz')).toEqual([]);
    });

    it('respects the limit', async () => {
      for (let i = 0; i < 15; i++) await add(`Gas prices rose ${i}`, 'Pump Person');
      expect(ids('gas', 5)).toHaveLength(5);
    });
  });

  describe('kept in sync with the store', () => {
    it('a new claim is found right after its write', async () => {
      const c = await add('Wind turbines cause cancer', 'Some Senator');
      expect(ids('turbines')).toEqual([c.id]);
    });

    it('an edited text is found by its new words and not its old ones', async () => {
      const c3 = store.get('claims', 'C3')!;
      await store.write((tx) => tx.put('claims', { ...c3, text: 'Robberies dropped sharply' }));
      expect(ids('robberies')).toEqual(['C3']);
      expect(ids('percent')).toEqual([]);
    });

    it('a status change keeps the claim findable', async () => {
      const c1 = store.get('claims', 'C1')!;
      await store.write((tx) => tx.put('claims', { ...c1, status: 'false' }));
      expect(search.claims('massacre')[0].status).toBe('false');
    });

    it('a deleted claim disappears', async () => {
      await store.write((tx) => tx.delete('claims', 'C1'));
      expect(ids('massacre')).toEqual([]);
      expect(ids('C1')).toEqual([]);
    });

    it('an actor rename or new alias re-indexes their claims', async () => {
      const m = store.get('actors', 'stephen-miller')!;
      await store.write((tx) => tx.put('actors', { ...m, name: 'Stephen R. Miller', aliases: ['Miller', 'SRM'] }));
      expect(ids('SRM').sort()).toEqual(['C1', 'C2']);
      const noem = store.get('actors', 'kristi-noem')!;
      await store.write((tx) => tx.put('actors', { ...noem, aliases: ['Secretary Noem', 'Kristi Arnold'] }));
      expect(ids('Arnold')).toEqual(['C4']);
    });

    it('stops following the store after close()', async () => {
      search.close();
      await add('Meteor strikes are rising', 'Sky Watcher');
      expect(ids('meteor')).toEqual([]);
    });
  });

  describe('actor search', () => {
    const aids = (q: string) => search.actors(q).map((a) => a.id);

    it('exact id, name or alias first', () => {
      expect(aids('stephen-miller')[0]).toBe('stephen-miller');
      expect(aids('KRISTI NOEM')[0]).toBe('kristi-noem');
      expect(aids('secretary noem')[0]).toBe('kristi-noem');
    });

    it('then fuzzy and prefix matches', () => {
      expect(aids('Kristy')).toEqual(['kristi-noem']);
      expect(aids('Mill')).toEqual(['stephen-miller']);
      expect(aids('Homeland')).toEqual(['kristi-noem']);
    });

    it('follows new and renamed actors', async () => {
      await store.write((tx) => ensureActor(tx, 'Greg Bovino', NOW));
      expect(aids('bovino')).toEqual(['greg-bovino']);
      await store.write((tx) => tx.delete('actors', 'greg-bovino'));
      expect(aids('bovino')).toEqual([]);
    });

    it('nothing for an unknown name', () => {
      expect(aids('Zebulon Quux')).toEqual([]);
    });
  });
});

describe('when an index update fails', () => {
  it('claimIds() never gives a claim that is gone, as claims() does not (the failure leaves it waiting)', async () => {
    store = new MemoryStore(LEDGER_SCHEMA);
    await seedLedger(store);
    search = new LedgerSearch(store);
    const c3 = store.get('claims', 'C3')!;
    // one commit: a claim the index cannot take (a text that is not a string: the store keeps any JSON), then C1 deleted; the
    // failure stops that update before C1's turn
    await store.write((tx) => {
      tx.put('claims', { ...c3, id: 'C9', text: 42 } as never);
      tx.delete('claims', 'C1');
    });
    expect(search.claims('massacre')).toEqual([]);
    expect(search.claimIds('massacre')).toEqual([]);
    expect(search.claimIds('pretti')).toEqual(search.claims('pretti').map((c) => c.id));
  });
});
