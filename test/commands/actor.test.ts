import { beforeEach, describe, expect, it } from 'vitest';
import { makeDesk, seen, type TestDesk } from './helpers.ts';
import { runText } from '../../commands/index.ts';

let t: TestDesk;

beforeEach(async () => {
  t = makeDesk();
  await t.actor('add Stephen Miller role: White House deputy chief of staff aliases: Miller, SM');
  await t.claim('add Alex Pretti sought to "massacre" agents by: Stephen Miller about: Alex Pretti');
  await t.claim('add Alex Pretti was a "would-be assassin" by: Miller about: Alex Pretti');
  await t.claim('add CBP may not have followed protocols by: Miller about: CBP');
  await t.claim('add Miller drives arrest quotas by: CNN about: Stephen Miller, ICE');
  await t.claim('set C1 false');
  await t.claim('set C2 false');
});

describe('/actor <name or id>', () => {
  it('the card: role, aliases, tally by status, their latest claims, claims about them', async () => {
    const r = await t.actor('Stephen Miller');
    expect(r.kind).toBe('card');
    expect(r.title).toBe('Stephen Miller');
    expect(r.text).toBe('White House deputy chief of staff');
    const s = seen(r);
    expect(s).toContain('Aliases: Miller, SM');
    expect(s).toContain('Their claims (3): Unverified 1 · False 2');
    expect(s).toMatch(/Latest claims: C3 · Unverified · CBP may not have followed protocols\nC2 · False/);
    expect(s).toContain('Claims about them (1): C4 · Unverified · Miller drives arrest quotas');
  });

  it('finds by id, alias, any case, and with a typo', async () => {
    for (const q of ['stephen-miller', 'sm', 'MILLER', 'Stephen Millr']) expect((await t.actor(q)).title).toBe('Stephen Miller');
  });

  it('/actor show works too', async () => {
    expect((await t.actor('show Alex Pretti')).title).toBe('Alex Pretti');
  });

  it('several matches: a list with ids', async () => {
    await t.actor('add Stephen Colbert');
    const r = await t.actor('Stephen');
    expect(r.kind).toBe('list');
    expect(r.items!.map((i) => i.id).sort()).toEqual(['stephen-colbert', 'stephen-miller']);
  });

  it('none: a clear answer with the hint to add', async () => {
    const r = await t.actor('Zebulon Quux');
    expect(r.text).toMatch(/No actor matches "Zebulon Quux"\. Add one with \/actor add/);
  });

  it('no name: the usage', async () => {
    const r = await t.actor('');
    expect(r.kind).toBe('error');
    expect(r.usage).toContain('/actor <name or id>');
  });
});

describe('/actor add', () => {
  it('creates an actor anyone can find by alias', async () => {
    const r = await runText('actor', 'add Kristi Noem role: Homeland Security Secretary aliases: “Noem”, Secretary Noem', t.reporter);
    expect(r.title).toBe('Added Kristi Noem');
    expect(t.store.get('actors', 'kristi-noem')).toMatchObject({ role: 'Homeland Security Secretary', aliases: ['Noem', 'Secretary Noem'] });
    expect((await t.actor('secretary noem')).title).toBe('Kristi Noem');
  });

  it('updates the role and adds aliases of an existing actor', async () => {
    const r = await t.actor('add miller role: Deputy chief of staff for policy aliases: Stephen M.');
    expect(r.title).toBe('Updated Stephen Miller');
    expect(t.store.get('actors', 'stephen-miller')).toMatchObject({ role: 'Deputy chief of staff for policy', aliases: ['Miller', 'SM', 'Stephen M.'] });
    // their claims are now found by the new alias
    expect((await t.claim('status Stephen M. massacre')).title).toBe('Claim C1');
  });

  it('says when nothing changed', async () => {
    expect((await t.actor('add Stephen Miller')).title).toBe('Stephen Miller already exists; nothing changed');
  });

  it.each([
    ['an alias of someone else', 'add Greg Bovino aliases: Miller', /"Miller" already names Stephen Miller/],
    ['no name', 'add role: Mayor', /Missing <name>/],
    ['a huge name', `add ${'x'.repeat(201)}`, /name is too long/],
    ['a huge role', `add Jo role: ${'r'.repeat(201)}`, /role is too long/],
  ])('refuses %s and changes nothing', async (_w, text, msg) => {
    const before = t.snapshot();
    const r = await t.actor(text);
    expect(r.kind).toBe('error');
    expect(r.text).toMatch(msg);
    expect(r.usage).toContain('/actor add <name>');
    expect(t.snapshot()).toBe(before);
  });
});
