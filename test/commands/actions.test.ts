// Card actions and forms through the Inbound port, as Slack and Discord call them: the payload is never
// trusted (editor, existence and version are checked against the store), and a change runs the very
// command a user would type.
import { describe, expect, it } from 'vitest';
import { createInbound } from '../../commands/inbound.ts';
import type { Who } from '../../src/core/ports.ts';
import { makeDesk, seen } from './helpers.ts';

function setup() {
  const t = makeDesk();
  const inbound = createInbound(t.desk);
  const editor: Who = { user: t.editor.user, channel: t.editor.channel };
  const reporter: Who = { user: t.reporter.user, channel: t.reporter.channel };
  return { ...t, inbound, editorWho: editor, reporterWho: reporter };
}

async function added(t: ReturnType<typeof setup>) {
  const r = await t.claim('add Crime fell 20% last year by: Jane Mayor about: City Police');
  return r.actions!;
}

describe('card actions', () => {
  it('every claim card and alert names its claim, version and status', async () => {
    const t = setup();
    const a = await added(t);
    expect(a).toEqual({ claimId: 'C1', version: t.store.get('claims', 'C1')!.version, status: 'unverified' });
    await t.claim('watch all');
    const set = await t.claim('set C1 false note: the police figures show a rise');
    expect(set.actions).toMatchObject({ claimId: 'C1', status: 'false' });
    const alert = t.store.all('outbox').find((o) => o.kind === 'alert')!;
    expect(alert.reply.actions).toEqual({ claimId: 'C1', version: t.store.get('claims', 'C1')!.version, status: 'false' });
  });

  it('an editor picking a status gets the status form; the submission changes it exactly as /claim set', async () => {
    const t = setup();
    const a = await added(t);
    await t.claim('watch all');
    const out = await t.inbound.act({ kind: 'status', claimId: a.claimId, version: a.version, status: 'Mostly False' }, t.editorWho);
    expect(out.kind).toBe('form');
    if (out.kind !== 'form') return;
    expect(out.form.id).toBe('status');
    expect(out.form.context).toEqual({ claimId: 'C1', version: a.version, status: 'mostly_false' });
    expect(out.form.fields.map((f) => f.name)).toEqual(['note', 'source', 'internal']);
    expect(out.form.title.length).toBeLessThanOrEqual(24);
    const done = await t.inbound.submit(
      { form: 'status', context: out.form.context, values: { note: 'the figures say otherwise', source: 'https://example.com/figures', internal: '' } },
      t.editorWho,
    );
    expect(done.outcome).toBe('done');
    expect(seen(done.reply)).toContain('C1 is now Mostly false (was Unverified)');
    const c = t.store.get('claims', 'C1')!;
    expect(c.status).toBe('mostly_false');
    expect(c.history.at(-1)).toMatchObject({ by: 'console:editor', note: 'the figures say otherwise', source: 'https://example.com/figures' });
    expect(done.card?.actions).toEqual({ claimId: 'C1', version: c.version, status: 'mostly_false' });
    expect(t.store.all('outbox').filter((o) => o.kind === 'alert')).toHaveLength(1);
  });

  it('a non-editor is refused at the select and at the submission, and nothing changes', async () => {
    const t = setup();
    const a = await added(t);
    const before = t.snapshot();
    const out = await t.inbound.act({ kind: 'status', claimId: 'C1', version: a.version, status: 'false' }, t.reporterWho);
    expect(out).toMatchObject({ kind: 'reply', refused: true });
    if (out.kind === 'reply') expect(out.reply.text).toMatch(/Only editors/);
    // a forged submission (the form was never opened for them) is refused the same way
    const sub = await t.inbound.submit({ form: 'status', context: { claimId: 'C1', version: a.version, status: 'false' }, values: {} }, t.reporterWho);
    expect(sub.outcome).toBe('refused');
    expect(t.snapshot()).toBe(before);
  });

  it('a stale card says so, shows the current card and applies nothing', async () => {
    const t = setup();
    const a = await added(t);
    await t.claim('set C1 in review');
    const before = t.snapshot();
    const out = await t.inbound.act({ kind: 'status', claimId: 'C1', version: a.version, status: 'false' }, t.editorWho);
    expect(out.kind).toBe('stale');
    if (out.kind !== 'stale') return;
    expect(out.reply.text).toMatch(/C1 changed since this card was posted \(it is now In review/);
    expect(out.card.actions).toMatchObject({ claimId: 'C1', status: 'in_review' });
    // a form opened on a current card, submitted after someone else changed the claim: stale too
    const cur = t.store.get('claims', 'C1')!;
    const form = await t.inbound.act({ kind: 'status', claimId: 'C1', version: cur.version, status: 'false' }, t.editorWho);
    expect(form.kind).toBe('form');
    await t.claim('set C1 true');
    const mid = t.snapshot();
    const late = await t.inbound.submit({ form: 'status', context: { claimId: 'C1', version: cur.version, status: 'false' }, values: {} }, t.editorWho);
    expect(late.outcome).toBe('stale');
    expect(late.card?.actions?.status).toBe('true');
    expect(t.snapshot()).toBe(mid);
    expect(before).not.toBe(mid);
  });

  it('bad values are answered by field and change nothing; unknown claims, statuses and forms are refused', async () => {
    const t = setup();
    const a = await added(t);
    const before = t.snapshot();
    const bad = await t.inbound.submit({ form: 'status', context: { claimId: 'C1', version: a.version, status: 'false' }, values: { source: 'javascript:alert(1)', note: 'x'.repeat(1001) } }, t.editorWho);
    expect(bad.outcome).toBe('invalid');
    expect(Object.keys(bad.errors ?? {}).sort()).toEqual(['note', 'source']);
    expect(bad.errors!.source).toMatch(/http/);
    const internal = await t.inbound.submit({ form: 'status', context: { claimId: 'C1', version: a.version, status: 'false' }, values: { internal: 'yes' } }, t.editorWho);
    expect(internal.outcome).toBe('failed');
    expect(internal.reply.text).toMatch(/there is no note/);
    const same = await t.inbound.act({ kind: 'status', claimId: 'C1', version: a.version, status: 'unverified' }, t.editorWho);
    expect(same.kind === 'reply' && same.reply.text).toMatch(/already unverified/);
    const nope = await t.inbound.act({ kind: 'status', claimId: 'C99', version: 1, status: 'false' }, t.editorWho);
    expect(nope.kind === 'reply' && nope.reply.text).toMatch(/There is no claim C99/);
    const junk = await t.inbound.act({ kind: 'status', claimId: 'C1', version: a.version, status: 'banana' }, t.editorWho);
    expect(junk.kind === 'reply' && junk.reply.text).toMatch(/"banana" is not a status/);
    const forged = await t.inbound.submit({ form: 'delete' as never, context: {}, values: {} }, t.editorWho);
    expect(forged.outcome).toBe('refused');
    const noCtx = await t.inbound.submit({ form: 'status', context: undefined as never, values: undefined as never }, t.editorWho);
    expect(noCtx.outcome).toBe('refused');
    expect(t.snapshot()).toBe(before);
  });

  it('Add source opens the source form and attaches the evidence; History answers the history', async () => {
    const t = setup();
    const a = await added(t);
    const out = await t.inbound.act({ kind: 'source', claimId: 'C1', version: a.version }, t.editorWho);
    expect(out.kind === 'form' && out.form.fields.map((f) => [f.name, f.required])).toEqual([['url', true], ['note', false]]);
    const done = await t.inbound.submit({ form: 'source', context: { claimId: 'C1', version: a.version }, values: { url: 'https://example.com/report', note: 'the report' } }, t.editorWho);
    expect(done.outcome).toBe('done');
    expect(t.store.get('claims', 'C1')!.sources.map((s) => s.url)).toEqual(['https://example.com/report']);
    const missing = await t.inbound.submit({ form: 'source', context: { claimId: 'C1', version: done.card!.actions!.version }, values: {} }, t.editorWho);
    expect(missing.outcome).toBe('failed');
    expect(missing.reply.text).toMatch(/Missing/);
    const hist = await t.inbound.act({ kind: 'history', claimId: 'C1', version: 0 }, t.reporterWho);
    expect(hist.kind === 'reply' && hist.reply.ephemeral && seen(hist.reply)).toMatch(/created as Unverified/);
  });

  it('the add form files a claim as /claim add does, duplicates refused', async () => {
    const t = setup();
    const form = t.inbound.addForm();
    expect(form.fields.map((f) => [f.name, f.kind, f.required])).toEqual([
      ['text', 'long', true],
      ['by', 'actor', true],
      ['about', 'actors', false],
      ['source', 'url', false],
      ['tags', 'line', false],
    ]);
    const done = await t.inbound.submit({ form: 'add', context: {}, values: { text: 'Taxes doubled', by: 'Sen. Smith', about: '', tags: 'tax' } }, t.reporterWho);
    expect(done.outcome).toBe('done');
    expect(done.claimId).toBe('C1');
    expect(t.store.get('claims', 'C1')!.tags).toEqual(['tax']);
    const again = await t.inbound.submit({ form: 'add', context: {}, values: { text: 'Taxes doubled', by: 'Sen. Smith' } }, t.reporterWho);
    expect(again.outcome).toBe('failed');
    expect(again.reply.text).toMatch(/C1 already records this claim/);
    const missing = await t.inbound.submit({ form: 'add', context: {}, values: { text: 'Something' } }, t.reporterWho);
    expect(missing.outcome).toBe('failed');
    expect(t.store.all('claims')).toHaveLength(1);
  });
});

describe('the console stays the plain-text reference', () => {
  it('shows no buttons on a card, and help says what Slack and Discord add', async () => {
    const { renderReply } = await import('../../src/platforms/console/render.ts');
    const { platformNotes } = await import('../../src/platforms/index.ts');
    const t = setup();
    t.desk.settings.helpNotes = platformNotes(); // as src/main.ts sets them
    const card = await t.claim('add Crime fell 20% last year by: Jane Mayor');
    expect(card.actions).toBeDefined();
    const text = renderReply(card);
    expect(text).not.toMatch(/Add source|History\b.*button|version/i);
    const help = seen(await t.claim('help'));
    expect(help).toMatch(/On Slack: claim cards and alerts carry a status select and Add source \/ History buttons/);
    expect(help).toMatch(/⋯ → Flag as claim/);
    expect(help).toMatch(/On Discord: .*Apps → Flag as claim/);
  });
});
