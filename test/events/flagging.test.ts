import { describe, expect, it } from 'vitest';
import { flagMessage, type FlagEvent } from '../../src/core/flagging.ts';
import { isFlagEmoji } from '../../src/platforms/flag-emoji.ts';
import { watch } from '../../src/core/subscriptions.ts';
import { Dispatcher } from '../../src/core/dispatcher.ts';
import { ensureActor } from '../../src/core/actors.ts';
import type { Desk } from '../../src/core/desk.ts';
import { chan, changeStatus, editor, makeDesk, RecordingPort, seed } from './helpers.ts';

function ev(messageId: string, text: string, who = 'u1'): FlagEvent {
  return {
    channel: chan('newsroom'),
    messageId,
    reactor: { key: `console:${who}`, name: `User ${who}` },
    message: { text, authorKey: 'console:reporter', authorName: 'Rita Reporter', link: `console://local/newsroom/${messageId}` },
  };
}
const outbox = (desk: Desk, kind: string) => desk.store.all('outbox').filter((o) => o.kind === kind);

describe('flagging by reaction', () => {
  it('files a new unverified claim with its origin, links named actors, answers in the thread', async () => {
    const desk = makeDesk();
    await seed(desk); // Alice Adams (alias Adams), Bob Brown
    const r = await flagMessage(desk, ev('m1', 'Bob Brown blamed the mayor, but ADAMS said unemployment is at a record low'));
    expect(r).toMatchObject({ handled: true, created: true });
    const c = r.claim!;
    expect(c.id).toBe('C2');
    expect(c.status).toBe('unverified');
    expect(c.claimant).toBe('alice-adams'); // "Adams said" beats being named first
    expect(c.subjects).toEqual(['bob-brown']);
    expect(c.tags).toEqual(['flagged']);
    expect(c.flagCount).toBe(1);
    expect(c.origin).toMatchObject({ platform: 'console', channel: 'newsroom', messageId: 'm1', author: 'console:reporter', authorName: 'Rita Reporter', link: 'console://local/newsroom/m1' });
    const [answer] = outbox(desk, 'reply');
    expect(answer).toMatchObject({ replyTo: 'm1', channel: { channel: 'newsroom' } });
    expect(answer!.reply.text).toMatch(/^Filed as C2 \(unverified\), claimant Alice Adams/);
  });

  it('without attribution the first named actor is the claimant; no known actor → Unattributed', async () => {
    const desk = makeDesk();
    await seed(desk);
    const a = await flagMessage(desk, ev('m1', 'Bob Brown: taxes on fuel went up 40% under alice adams'));
    expect(a.claim).toMatchObject({ claimant: 'bob-brown', subjects: ['alice-adams'] });
    const inverted = await flagMessage(desk, ev('m4', 'Bob Brown wrecked the budget, said Alice Adams on Monday'));
    expect(inverted.claim).toMatchObject({ claimant: 'alice-adams', subjects: ['bob-brown'] });
    const b = await flagMessage(desk, ev('m2', 'The river is three times cleaner than in 1990'));
    expect(b.claim!.claimant).toBe('unattributed');
    expect(desk.store.get('actors', 'unattributed')?.name).toBe('Unattributed');
    // whole words only: "Adamson" is not Alice Adams' alias "Adams"
    const c = await flagMessage(desk, ev('m3', 'Adamson industries doubled their exports in a single year'));
    expect(c.claim!.claimant).toBe('unattributed');
  });

  it('the same message flagged again: same claim, count grows per distinct user, answer says so', async () => {
    const desk = makeDesk();
    const first = await flagMessage(desk, ev('m1', 'The new bridge cost twice its budget', 'u1'));
    const again = await flagMessage(desk, ev('m1', 'The new bridge cost twice its budget', 'u2'));
    expect(again).toMatchObject({ handled: true, created: false });
    expect(again.claim!.id).toBe(first.claim!.id);
    expect(again.claim!.flagCount).toBe(2);
    const repeat = await flagMessage(desk, ev('m1', 'The new bridge cost twice its budget', 'u2'));
    expect(repeat).toMatchObject({ handled: true, created: false, repeat: true });
    expect(desk.store.get('claims', first.claim!.id)!.flagCount).toBe(2);
    expect(desk.store.count('claims')).toBe(1);
    const answers = outbox(desk, 'reply').map((o) => o.reply.text);
    expect(answers).toHaveLength(2);
    expect(answers[1]).toMatch(/^Already filed as C1 .*flagged by 2/);
  });

  it('a different message that closely matches an existing claim is linked to it', async () => {
    const desk = makeDesk();
    await seed(desk); // C1 "Crime fell by half last year"
    const r = await flagMessage(desk, ev('m9', 'crime FELL by half last year!!', 'u7'));
    expect(r).toMatchObject({ handled: true, created: false, linked: true });
    expect(r.claim!.id).toBe('C1');
    expect(r.claim!.flagCount).toBe(1);
    expect(desk.store.count('claims')).toBe(1);
    expect(outbox(desk, 'reply')[0]!.reply.text).toMatch(/^This matches C1, already on the desk/);
    // different enough: a new claim
    const other = await flagMessage(desk, ev('m10', 'Crime rose by half in the suburbs this year', 'u7'));
    expect(other.created).toBe(true);
  });

  it('alerts channels watching all (respecting filters), once, in the same write', async () => {
    const desk = makeDesk();
    const now = desk.clock.now().toISOString();
    await desk.store.write((tx) => {
      watch(tx, chan('desk'), { kind: 'all' }, [], editor.key, now);
      watch(tx, chan('falsehoods'), { kind: 'all' }, ['false'], editor.key, now);
      ensureActor(tx, 'Carla Cruz', now);
    });
    await flagMessage(desk, ev('m1', 'Carla Cruz says the port handles a million containers a day'));
    const alerts = outbox(desk, 'alert');
    expect(alerts.map((a) => a.channel.channel)).toEqual(['desk']);
    expect(alerts[0]!.reply.title).toBe('New claim flagged: C1');
    expect(alerts[0]!.threadKey).toBe('console:local:desk|C1');
    // a later status change of that claim threads under the flag alert
    const port = new RecordingPort();
    const d = new Dispatcher(desk, [port]);
    await d.drain();
    await changeStatus(desk, 'C1', 'false');
    await d.drain();
    const inDesk = port.sent.filter((s) => s.channel.channel === 'desk');
    expect(inDesk).toHaveLength(2);
    expect(inDesk[1]!.threadRef).toBe(inDesk[0]!.ref);
    expect(port.sent.find((s) => s.channel.channel === 'newsroom')!.threadRef).toBe('m1');
  });

  it('platforms ignore other emoji, accept :name: and the unicode flag; empty messages get a polite answer', async () => {
    const desk = makeDesk();
    // the platforms match the emoji (src/platforms/flag-emoji.ts); the core only sees real flags
    expect(isFlagEmoji('thumbsup', 'triangular_flag_on_post')).toBe(false);
    expect(isFlagEmoji(':triangular_flag_on_post:', 'triangular_flag_on_post')).toBe(true);
    expect(isFlagEmoji('🚩', 'triangular_flag_on_post')).toBe(true);
    expect(isFlagEmoji('triangular_flag_on_post', '🚩')).toBe(true);
    expect(isFlagEmoji('🚩\uFE0F', '🚩')).toBe(true);
    expect(isFlagEmoji('flag', '🚩')).toBe(false);
    const r = await flagMessage(desk, ev('m2', '   '));
    expect(r).toEqual({ handled: false, created: false });
    expect(desk.store.count('claims')).toBe(0);
    expect(outbox(desk, 'reply')[0]!.reply.text).toMatch(/no text in this message/);
  });
});
