// The JSON export/import in-process, on the in-memory store (the CLI suite covers the files on disk).
import { describe, expect, it } from 'vitest';
import { MemoryStore } from '../../store/memory.ts';
import { createDesk } from '../../src/core/create-desk.ts';
import { loadDemo } from '../../src/demo/index.ts';
import { createClaim } from '../../src/core/claims.ts';
import { exportLedger, importLedger, LedgerImportError } from '../../src/ledger-json.ts';
import { LEDGER_SCHEMA } from '../../src/core/store-port.ts';

async function demoStore() {
  const store = new MemoryStore(LEDGER_SCHEMA);
  await loadDemo(createDesk({ store }));
  return store;
}

describe('JSON export', () => {
  it('has the format header and every collection under its own key', async () => {
    const ledger = exportLedger(await demoStore()) as unknown as Record<string, unknown>;
    expect(ledger.format).toBe('claimdesk');
    expect(ledger.version).toBe(1);
    for (const k of ['actors', 'claims', 'subscriptions', 'digests', 'flags', 'outbox', 'threads']) expect(Array.isArray(ledger[k]), k).toBe(true);
    const claim = (ledger.claims as Record<string, unknown>[])[0];
    for (const k of ['id', 'text', 'status', 'claimant', 'subjects', 'tags', 'sources', 'history', 'createdAt', 'updatedAt']) expect(claim, k).toHaveProperty(k);
    expect(claim.id).toMatch(/^C\d+$/);
    expect(claim).not.toHaveProperty('version');
  });
});

describe('JSON import', () => {
  it('into an empty store gives the same ledger, and keeps claim ids', async () => {
    const a = exportLedger(await demoStore());
    const b = new MemoryStore(LEDGER_SCHEMA);
    const r = await importLedger(b, JSON.parse(JSON.stringify(a)));
    expect(r.imported.claims).toBe(a.claims.length);
    expect(exportLedger(b)).toEqual(a);
  });

  it('advances the claim sequence past the highest imported id', async () => {
    const a = exportLedger(await demoStore());
    a.claims[0].id = 'C41';
    const b = new MemoryStore(LEDGER_SCHEMA);
    await importLedger(b, a);
    const next = await b.write((tx) => createClaim(tx, { text: 'new one', claimant: 'cnn' }, { key: 'demo', name: 'demo' }, new Date().toISOString()));
    expect(next.id).toBe('C42');
  });

  it('reports item and field and writes nothing when something is wrong', async () => {
    const a = exportLedger(await demoStore()) as unknown as { claims: Record<string, unknown>[] };
    a.claims[2].status = 'probably';
    a.claims[3].claimant = 42;
    const b = new MemoryStore(LEDGER_SCHEMA);
    const err = await importLedger(b, a).catch((e) => e);
    expect(err).toBeInstanceOf(LedgerImportError);
    expect(err.message).toMatch(/claims\[2\] \(C3\) status: must be one of/);
    expect(err.message).toMatch(/claims\[3\] \(C4\) claimant/);
    expect(b.count('claims')).toBe(0);
    expect(b.count('actors')).toBe(0);
  });

  it('refuses claims whose actors are missing, and a different claim under an existing id', async () => {
    const b = new MemoryStore(LEDGER_SCHEMA);
    const missing = await importLedger(b, { format: 'claimdesk', version: 1, claims: [{ id: 'C1', text: 'x', status: 'false', claimant: 'nobody' }] }).catch((e) => e);
    expect(missing.message).toMatch(/claims\[0\] \(C1\) claimant: actor "nobody" is neither in the file nor in the store/);
    expect(b.count('claims')).toBe(0);

    const store = await demoStore();
    const a = exportLedger(store);
    a.claims[0].text = 'something else';
    const clash = await importLedger(store, a).catch((e) => e);
    expect(clash.message).toMatch(/a different claim C1 is already in the store/);
  });

  it('accepts a hand-written file with forgiving statuses and fills what it leaves out', async () => {
    const b = new MemoryStore(LEDGER_SCHEMA);
    await importLedger(b, {
      format: 'claimdesk',
      version: 1,
      actors: [{ id: 'jane-doe', name: 'Jane Doe' }],
      claims: [{ id: 'c7', text: 'The bridge is closed', status: 'Mostly False', claimant: 'jane-doe', sources: [{ url: 'https://example.com/a', outlet: 'Example' }] }],
    });
    const c = b.get('claims', 'C7')!;
    expect(c.status).toBe('mostly_false');
    expect(c.history).toHaveLength(1);
    expect(c.history[0]).toMatchObject({ from: null, to: 'mostly_false' });
    expect(c.sources[0].outlet).toBe('Example');
  });

  it('refuses prototype-polluting keys with a report instead of a crash', async () => {
    const b = new MemoryStore(LEDGER_SCHEMA);
    const json = JSON.parse('{"format":"claimdesk","version":1,"actors":[{"id":"a","name":"A"}],"claims":[{"id":"C1","text":"t","status":"false","claimant":"a","constructor":{"x":1}}]}');
    const err = await importLedger(b, json).catch((e) => e);
    expect(err).toBeInstanceOf(LedgerImportError);
    expect(err.message).toMatch(/C1.*constructor/);
    expect(({} as Record<string, unknown>).x).toBeUndefined();
    expect(b.count('actors')).toBe(0);
  });

  it('rejects what is not a claimdesk export, or a newer version', async () => {
    const b = new MemoryStore(LEDGER_SCHEMA);
    await expect(importLedger(b, { hello: 1 })).rejects.toThrow(/format/);
    await expect(importLedger(b, { format: 'claimdesk', version: 9, claims: [] })).rejects.toThrow(/reads version 1/);
  });
});
