import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { exportClaimReview, importClaimReview } from '../../src/claimreview/index.ts';
import type { Claim } from '../../src/core/types.ts';
import { MemoryStore } from '../../store/memory.ts';
import { openStore } from '../../store/open.ts';
import { LEDGER_SCHEMA, type Store } from '../../src/core/store-port.ts';
import { dump, ledger, NOW, review } from './helpers.ts';

const ORG = { name: 'Newsroom Desk', url: 'https://desk.example.org' };

function original() {
  return ledger([
    { text: 'Crime fell 10% last year', by: 'Jane Mayor', kind: 'person', role: 'Mayor', aliases: ['Mayor Jane'], path: ['in_review', 'false'], sources: [{ url: 'https://news.example/a', outlet: 'Example News' }, { url: 'https://tv.example/clip' }] },
    { text: 'Not yet checked', by: 'Jane Mayor' },
    { text: 'The budget doubled since 2010, which every single economist in the region has confirmed in writing', by: 'Finance Ministry', kind: 'organization', aliases: ['MoF'], path: ['mostly_true'] },
    { text: 'Jobs are up', by: 'MoF', path: ['misleading'] },
    { text: 'We never said that', by: 'Bob Speaker', kind: 'person', path: ['unsupported', 'retracted'] },
    { text: 'Half of it is right', by: 'Bob Speaker', path: ['mixed'] },
    { text: 'Totally right', by: 'Jane Mayor', path: ['true'] },
    { text: 'Mostly wrong', by: 'Jane Mayor', path: ['mostly_false'] },
  ]);
}

/** What a reader of the ledger sees of a claim, actor names instead of ids. */
function view(store: Store, c: Claim) {
  const a = store.get('actors', c.claimant)!;
  return {
    text: c.text,
    status: c.status,
    claimant: { name: a.name, aliases: a.aliases, role: a.role, kind: a.kind },
    appearances: c.sources.filter((s) => !s.note.startsWith('ClaimReview')).map((s) => [s.url, s.outlet]),
    history: c.history.map((h) => h.to),
  };
}

describe('ClaimReview round trip', () => {
  it('export → import into an empty store gives the same claims, statuses and actors', async () => {
    const src = await original();
    const doc = JSON.parse(JSON.stringify(exportClaimReview(src, ORG)));
    const dst = new MemoryStore(LEDGER_SCHEMA);
    const r = await importClaimReview(dst, doc, { now: NOW });
    expect(r).toMatchObject({ total: 7, imported: 7, errors: [] });

    const expected = src.all('claims').filter((c) => c.status !== 'unverified' && c.status !== 'in_review');
    // histories: the import records the verdict (and a retraction), not the desk's review steps
    const strip = (v: ReturnType<typeof view>) => ({ ...v, history: v.history.filter((s) => s !== 'in_review' && s !== 'unverified') });
    expect(dst.all('claims').map((c) => strip(view(dst, c)))).toEqual(expected.map((c) => strip(view(src, c))));
    expect(dst.all('actors').map((a) => a.name).sort()).toEqual(['Bob Speaker', 'Finance Ministry', 'Jane Mayor']);
  });

  it('exporting the imported ledger publishes the same reviews', async () => {
    const src = await original();
    const first = exportClaimReview(src, ORG);
    const dst = new MemoryStore(LEDGER_SCHEMA);
    await importClaimReview(dst, first, { now: NOW });
    const second = exportClaimReview(dst, ORG);
    // the new ledger's verdicts are the first desk's reviews: published as theirs, url, author and all
    expect(JSON.parse(JSON.stringify(second))).toEqual(JSON.parse(JSON.stringify(first)));
  });

  it('importing its own export into the same desk changes nothing', async () => {
    const src = await original();
    const before = dump(src);
    const r = await importClaimReview(src, exportClaimReview(src, ORG), { now: NOW });
    expect(r).toMatchObject({ imported: 0, unchanged: 7 });
    expect(dump(src)).toBe(before);
  });
});

describe('ClaimReview import on the durable store', () => {
  const dirs: string[] = [];
  afterEach(async () => {
    for (const d of dirs.splice(0)) await fs.rm(d, { recursive: true, force: true });
  });

  it('what an import acknowledged is there after reopening; a refused import left nothing', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'claimdesk-cr-'));
    dirs.push(dir);
    let store = await openStore(dir, LEDGER_SCHEMA);
    const refused = await importClaimReview(store, [review(1), review(2, { url: 'nope' })], { now: NOW });
    expect(refused.written).toBe(false);
    const ok = await importClaimReview(store, [review(1), review(2), review(3)], { now: NOW });
    expect(ok.imported).toBe(3);
    const before = dump(store);
    await store.close();

    store = await openStore(dir, LEDGER_SCHEMA);
    try {
      expect(dump(store)).toBe(before);
      expect(store.all('claims').map((c) => c.id)).toEqual(['C1', 'C2', 'C3']);
      const again = await importClaimReview(store, [review(1), review(2), review(3)], { now: NOW });
      expect(again).toMatchObject({ imported: 0, unchanged: 3 });
    } finally {
      await store.close();
    }
  });
});
