// The edits every entry point shares: setStatus, addSource, listClaims, upsertActor.
import { beforeEach, describe, expect, it } from 'vitest';
import { ConflictError } from '../../src/core/store-port.ts';
import { ensureActor, upsertActor } from '../../src/core/actors.ts';
import { parseClaimId } from '../../src/core/claim-id.ts';
import { addSource, createClaim, listClaims, setStatus } from '../../src/core/claims.ts';
import { isListedEditor } from '../../src/core/permissions.ts';
import { hasEditorRole } from '../../src/platforms/discord/interactions.ts';
import { CONSOLE_USER } from '../../src/platforms/console/index.ts';
import { defaultSettings } from '../../src/core/create-desk.ts';
import { makeDesk, type TestDesk } from '../commands/helpers.ts';

const ED = { key: 'console:editor', name: 'Ed' };
let t: TestDesk;

beforeEach(async () => {
  t = makeDesk();
  await t.store.write((tx) => {
    const m = ensureActor(tx, 'Stephen Miller', '2026-11-01T00:00:00.000Z');
    createClaim(tx, { text: 'First claim', claimant: m.id }, ED, '2026-11-01T00:00:00.000Z'); // C1
    createClaim(tx, { text: 'Second claim', claimant: m.id, status: 'false' }, ED, '2026-11-02T00:00:00.000Z'); // C2
  });
});

describe('parseClaimId', () => {
  it('normalises case, # and leading zeros', () => {
    expect(parseClaimId('c12')).toBe('C12');
    expect(parseClaimId(' #C007 ')).toBe('C7');
    expect(parseClaimId('C')).toBeUndefined();
    expect(parseClaimId('C12x')).toBeUndefined();
    expect(parseClaimId('12')).toBeUndefined();
  });
});

describe('setStatus', () => {
  it('appends a history entry from → to with who, when, note and evidence, and attaches the evidence', async () => {
    const { claim } = await t.store.write((tx) =>
      setStatus(tx, t.desk, 'c1', 'mostly_false', ED, '2026-11-03T00:00:00.000Z', { note: 'numbers differ', source: 'https://example.com/data' }),
    );
    expect(claim.status).toBe('mostly_false');
    expect(claim.history.at(-1)).toEqual({
      at: '2026-11-03T00:00:00.000Z',
      by: 'console:editor',
      byName: 'Ed',
      from: 'unverified',
      to: 'mostly_false',
      note: 'numbers differ',
      source: 'https://example.com/data',
    });
    expect(claim.sources.map((s) => [s.url, s.outlet])).toEqual([['https://example.com/data', 'example.com']]);
    expect(t.store.get('claims', 'C1')!.updatedAt).toBe('2026-11-03T00:00:00.000Z');
  });

  it('refuses the status the claim already has, and an unknown claim', async () => {
    await expect(t.store.write((tx) => setStatus(tx, t.desk, 'C2', 'false', ED, 'x'))).rejects.toThrow('C2 is already false');
    await expect(t.store.write((tx) => setStatus(tx, t.desk, 'C99', 'false', ED, 'x'))).rejects.toThrow('There is no claim C99');
  });

  it('refuses when the claim changed since the caller read it', async () => {
    const v = t.store.get('claims', 'C1')!.version;
    await t.store.write((tx) => setStatus(tx, t.desk, 'C1', 'in_review', ED, 'x'));
    await expect(t.store.write((tx) => setStatus(tx, t.desk, 'C1', 'false', ED, 'y', { expectVersion: v }))).rejects.toBeInstanceOf(ConflictError);
    expect(t.store.get('claims', 'C1')!.status).toBe('in_review');
  });

  it('queues the alerts of watching channels in the same write', async () => {
    await t.store.write((tx) =>
      tx.put('subscriptions', {
        id: 'console:local:desk|all',
        channel: { platform: 'console', workspace: 'local', channel: 'desk' },
        target: { kind: 'all' },
        statuses: [],
        createdBy: 'console:editor',
        createdAt: 'x',
      }),
    );
    await t.store.write((tx) => setStatus(tx, t.desk, 'C1', 'false', ED, '2026-11-03T00:00:00.000Z'));
    expect(t.store.all('outbox').map((o) => [o.kind, o.channel.channel])).toEqual([['alert', 'desk']]);
  });
});

describe('addSource', () => {
  it('adds a source with its outlet; the same url again only updates the note', async () => {
    await t.store.write((tx) => addSource(tx, 'C1', { url: 'https://www.cnn.com/a' }, ED, 'x'));
    const r = await t.store.write((tx) => addSource(tx, 'C1', { url: 'https://www.cnn.com/a', note: 'transcript' }, ED, 'y'));
    expect(r.added).toBe(false);
    expect(t.store.get('claims', 'C1')!.sources.map((s) => [s.outlet, s.note])).toEqual([['cnn.com', 'transcript']]);
    await expect(t.store.write((tx) => addSource(tx, 'C1', { url: 'https://www.cnn.com/a' }, ED, 'z'))).rejects.toThrow('already has that source');
  });
});

describe('listClaims', () => {
  it('newest first, filtered by status and claimant', () => {
    expect(listClaims(t.store).map((c) => c.id)).toEqual(['C2', 'C1']);
    expect(listClaims(t.store, { status: 'false' }).map((c) => c.id)).toEqual(['C2']);
    expect(listClaims(t.store, { claimant: 'stephen-miller', status: 'unverified' }).map((c) => c.id)).toEqual(['C1']);
    expect(listClaims(t.store, { claimant: 'nobody' })).toEqual([]);
  });
});

describe('upsertActor', () => {
  it('creates, then updates role and adds aliases without duplicates', async () => {
    const a = await t.store.write((tx) => upsertActor(tx, { name: 'Kristi Noem', role: 'Secretary', aliases: ['Noem'] }, 'x'));
    expect(a.created).toBe(true);
    const b = await t.store.write((tx) => upsertActor(tx, { name: 'noem', role: 'Homeland Security Secretary', aliases: ['NOEM', 'Secretary Noem'] }, 'y'));
    expect(b).toMatchObject({ created: false, changed: true });
    expect(b.actor).toMatchObject({ id: 'kristi-noem', role: 'Homeland Security Secretary', aliases: ['Noem', 'Secretary Noem'] });
    const c = await t.store.write((tx) => upsertActor(tx, { name: 'Kristi Noem' }, 'z'));
    expect(c.changed).toBe(false);
  });

  it('refuses an alias that names another actor', async () => {
    await expect(t.store.write((tx) => upsertActor(tx, { name: 'Greg Bovino', aliases: ['Stephen Miller'] }, 'x'))).rejects.toThrow(
      'already names Stephen Miller',
    );
    expect(t.store.get('actors', 'greg-bovino')).toBeUndefined();
  });
});

describe('who is an editor', () => {
  // the core keeps the EDITORS list; the console and the Discord role are the platforms' own rules
  it('console always; EDITORS keys; the Discord editor role', () => {
    const s = { ...defaultSettings(), editors: new Set(['slack:U1', 'discord:42']) };
    expect(CONSOLE_USER.isEditor).toBe(true);
    expect(isListedEditor(s, 'slack:U1')).toBe(true);
    expect(isListedEditor(s, 'slack:U2')).toBe(false);
    expect(isListedEditor(s, 'discord:42')).toBe(true);
    expect(isListedEditor(s, 'discord:7') || hasEditorRole(['editor'], 'Editor')).toBe(true);
    expect(isListedEditor(s, 'discord:7') || hasEditorRole(['Reporter'], 'Editor')).toBe(false);
    expect(hasEditorRole(['Editor'], '')).toBe(false);
    expect(isListedEditor(s, 'slack:42')).toBe(false);
  });
});

describe('createClaim', () => {
  it('never overwrites a stored claim when the id sequence lags behind', async () => {
    const c1 = t.store.get('claims', 'C1')!;
    await t.store.write((tx) => tx.put('claims', { ...c1, id: 'C3', text: 'written without the sequence' }));
    const c = await t.store.write((tx) => createClaim(tx, { text: 'New one', claimant: 'stephen-miller' }, ED, 'x'));
    expect(c.id).toBe('C4');
    expect(t.store.get('claims', 'C3')!.text).toBe('written without the sequence');
  });
});
