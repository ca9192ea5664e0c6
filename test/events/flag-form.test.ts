// The flag form (Slack's message shortcut, Discord's message command): prefilled with what the bot would file,
// and filed with what the flagger corrected, through the same dedupe as the 🚩 reaction.
import { describe, expect, it } from 'vitest';
import { createInbound } from '../../commands/inbound.ts';
import type { FlagEvent } from '../../src/core/ports.ts';
import { Dispatcher } from '../../src/core/dispatcher.ts';
import { watch } from '../../src/core/subscriptions.ts';
import { chan, changeStatus, makeDesk, RecordingPort, seed } from './helpers.ts';

function ev(messageId: string, text: string, edits?: FlagEvent['edits'], who = 'u1'): FlagEvent {
  return {
    channel: chan('newsroom'),
    messageId,
    reactor: { key: `console:${who}`, name: `User ${who}` },
    message: { text, authorKey: 'console:reporter', authorName: 'Rita Reporter', link: `console://local/newsroom/${messageId}` },
    ...(edits ? { edits } : {}),
  };
}

describe('the flag form', () => {
  it('is prefilled with the text, the claimant the bot would pick and the actors it names, adding nobody', async () => {
    const desk = makeDesk();
    await seed(desk);
    const inbound = createInbound(desk);
    const actors = desk.store.all('actors').length;
    const form = inbound.flagForm(ev('m1', 'Bob Brown blamed the mayor, but ADAMS said unemployment is at a record low, according to CNN'));
    expect(form.id).toBe('flag');
    expect(Object.fromEntries(form.fields.map((f) => [f.name, f.initial]))).toEqual({
      text: 'Bob Brown blamed the mayor, but ADAMS said unemployment is at a record low, according to CNN',
      by: 'Alice Adams',
      about: 'Bob Brown',
    });
    expect(form.intro).toMatch(/Rita Reporter.*Reported by CNN/);
    const unknown = inbound.flagForm(ev('m2', 'Jane Doe said the river is clean'));
    expect(unknown.fields.find((f) => f.name === 'by')!.initial).toBe('Jane Doe');
    expect(inbound.flagForm(ev('m3', 'The river is clean')).fields.find((f) => f.name === 'by')!.initial).toBe('Unattributed');
    expect(desk.store.all('actors').length).toBe(actors);
    const long = inbound.flagForm(ev('m4', 'x'.repeat(2500)));
    expect([...long.fields[0].initial!].length).toBe(2000);
  });

  it('files the claim with the corrected claimant and subjects, answers in the thread, alerts watchers', async () => {
    const desk = makeDesk();
    await seed(desk);
    const inbound = createInbound(desk);
    const now = desk.clock.now().toISOString();
    await desk.store.write((tx) => watch(tx, chan('desk'), { kind: 'all' }, [], 'console:editor', now));
    const r = await inbound.flag(ev('m1', 'ADAMS said unemployment is at a record low', { text: 'Unemployment is at a record low', by: 'Bob Brown', about: 'Alice Adams, Carol Chu' }));
    expect(r).toMatchObject({ handled: true, created: true });
    expect(r.claim).toMatchObject({ text: 'Unemployment is at a record low', claimant: 'bob-brown', subjects: ['alice-adams', 'carol-chu'], tags: ['flagged'] });
    const port = new RecordingPort('console');
    const d = new Dispatcher(desk, [port]);
    await d.drain();
    expect(port.sent.find((s) => s.channel.channel === 'newsroom')).toMatchObject({ threadRef: 'm1', kind: 'reply' });
    expect(port.sent.find((s) => s.channel.channel === 'newsroom')!.reply.text).toMatch(/^Filed as C2 \(unverified\), claimant Bob Brown/);
    expect(port.sent.find((s) => s.channel.channel === 'desk')!.reply.title).toBe('New claim flagged: C2');
  });

  it('the same message by reaction and by the form is one claim; a near duplicate is linked', async () => {
    const desk = makeDesk();
    await seed(desk);
    const inbound = createInbound(desk);
    const first = await inbound.flag(ev('m1', 'The new bridge cost twice its budget'));
    const second = await inbound.flag(ev('m1', 'The new bridge cost twice its budget', { by: 'Bob Brown' }, 'u2'));
    expect(second).toMatchObject({ handled: true, created: false });
    expect(second.claim!.id).toBe(first.claim!.id);
    const linked = await inbound.flag(ev('m2', 'the new bridge cost twice its budget!', { by: 'Bob Brown' }, 'u3'));
    expect(linked).toMatchObject({ linked: true, created: false });
    expect(desk.store.all('claims')).toHaveLength(2);
  });

  it('the prefilled Unattributed left as it is files the claim under the one Unattributed actor', async () => {
    const desk = makeDesk();
    const inbound = createInbound(desk);
    const a = await inbound.flag(ev('m1', 'The river is three times cleaner than in 1990', { by: 'Unattributed', about: '' }));
    const b = await inbound.flag(ev('m2', 'Bus fares went down by a third this year', { by: 'unattributed', about: '' }));
    expect([a.claim!.claimant, b.claim!.claimant]).toEqual(['unattributed', 'unattributed']);
    expect(desk.store.all('actors').map((x) => [x.id, x.role])).toEqual([['unattributed', 'claims flagged from chat that name no known speaker']]);
  });

  it('refuses bad values with a reason and changes nothing', async () => {
    const desk = makeDesk();
    await seed(desk);
    const inbound = createInbound(desk);
    const before = JSON.stringify(desk.store.all('claims')) + JSON.stringify(desk.store.all('actors'));
    const long = await inbound.flag(ev('m1', 'The river is clean', { by: 'x'.repeat(300) }));
    expect(long).toMatchObject({ handled: false, created: false });
    expect(long.error).toMatch(/claimant name is too long/);
    const empty = await inbound.flag(ev('m1', 'The river is clean', { text: '   ' }));
    expect(empty.error).toMatch(/claim text is empty/);
    expect(JSON.stringify(desk.store.all('claims')) + JSON.stringify(desk.store.all('actors'))).toBe(before);
    expect(desk.store.all('outbox')).toHaveLength(0);
  });
});

describe('a claim thread', () => {
  it("a follow-up alert edits the thread's first alert to show the current status", async () => {
    const desk = makeDesk();
    await seed(desk);
    const now = desk.clock.now().toISOString();
    await desk.store.write((tx) => watch(tx, chan('desk'), { kind: 'claim', id: 'C1' }, [], 'console:editor', now));
    const edits: { ref: string; title?: string; status?: string }[] = [];
    const port = new RecordingPort('console');
    const editing = Object.assign(port, { edit: async (_c: unknown, ref: string, reply: { title?: string; status?: string }) => void edits.push({ ref, title: reply.title, status: reply.status }) });
    const d = new Dispatcher(desk, [editing]);
    await changeStatus(desk, 'C1', 'in_review');
    await d.drain();
    expect(edits).toEqual([]);
    await changeStatus(desk, 'C1', 'false');
    await d.drain();
    await changeStatus(desk, 'C1', 'mostly_false');
    await d.drain();
    expect(port.sent.map((s) => [s.kind, s.threadRef])).toEqual([['alert', undefined], ['alert', 'console-m1'], ['alert', 'console-m1']]);
    expect(edits.map((e) => [e.ref, e.status])).toEqual([['console-m1', 'false'], ['console-m1', 'mostly_false']]);
    // a failing edit does not hold back the alert
    editing.edit = async () => {
      throw new Error('message deleted');
    };
    await changeStatus(desk, 'C1', 'true');
    await d.drain();
    expect(port.sent).toHaveLength(4);
  });
});
