import { describe, expect, it } from 'vitest';
import { Dispatcher } from '../../src/core/dispatcher.ts';
import { queueOutbox } from '../../src/core/outbox.ts';
import { PermanentDeliveryError, RetryableDeliveryError } from '../../src/core/ports.ts';
import type { Desk } from '../../src/core/desk.ts';
import { textReply } from '../../src/core/reply.ts';
import type { ChannelRef } from '../../src/core/types.ts';
import { chan, makeDesk, RecordingPort } from './helpers.ts';

async function queue(desk: Desk, channel: ChannelRef, text: string, extra: { replyTo?: string; threadKey?: string } = {}) {
  return desk.store.write((tx) => queueOutbox(tx, desk.clock.now(), { kind: 'alert', channel, reply: textReply(text), ...extra }));
}
const texts = (p: RecordingPort) => p.sent.map((s) => s.reply.text);
const noJitter = { random: () => 0 };

describe('dispatcher', () => {
  it('delivers on commit once started, and marks the item delivered with its ref', async () => {
    const desk = makeDesk();
    const port = new RecordingPort();
    const d = new Dispatcher(desk, [port]);
    d.start();
    const item = await queue(desk, chan('desk'), 'hello');
    await d.drain();
    await d.stop();
    expect(texts(port)).toEqual(['hello']);
    const stored = desk.store.get('outbox', item.id)!;
    expect(stored.state).toBe('delivered');
    expect(stored.deliveredRef).toBe('console-m1');
    expect(stored.deliveredAt).toBe(desk.clock.now().toISOString());
  });

  it('retries a failing platform with growing backoff, then delivers exactly once', async () => {
    const desk = makeDesk();
    const port = new RecordingPort();
    port.fail = (_m, call) => (call <= 2 ? new RetryableDeliveryError('503 from platform') : undefined);
    const d = new Dispatcher(desk, [port], { baseDelayMs: 1000, ...noJitter });
    const item = await queue(desk, chan('desk'), 'alert 1');
    await d.drain();
    let stored = desk.store.get('outbox', item.id)!;
    expect(stored.state).toBe('pending');
    expect(stored.attempts).toBe(1);
    expect(stored.lastError).toContain('503');
    const firstDelay = Date.parse(stored.nextAttemptAt) - desk.clock.now().getTime();
    await d.drain(); // not due yet: nothing happens
    expect(port.calls).toBe(1);
    desk.clock.advance(firstDelay);
    await d.drain();
    stored = desk.store.get('outbox', item.id)!;
    const secondDelay = Date.parse(stored.nextAttemptAt) - desk.clock.now().getTime();
    expect(secondDelay).toBeGreaterThan(firstDelay);
    desk.clock.advance(secondDelay);
    await d.drain();
    await d.drain();
    expect(texts(port)).toEqual(['alert 1']);
    expect(port.calls).toBe(3);
    expect(desk.store.get('outbox', item.id)!.state).toBe('delivered');
  });

  it('honours Retry-After from a rate limit', async () => {
    const desk = makeDesk();
    const port = new RecordingPort();
    port.fail = (_m, call) => (call === 1 ? new RetryableDeliveryError('429', 30_000) : undefined);
    const d = new Dispatcher(desk, [port], { baseDelayMs: 10 });
    await queue(desk, chan('desk'), 'x');
    await d.drain();
    desk.clock.advance(29_000);
    await d.drain();
    expect(port.sent).toHaveLength(0);
    desk.clock.advance(2_001); // Retry-After plus at most 1 s of jitter
    await d.drain();
    expect(texts(port)).toEqual(['x']);
  });

  it('a permanent error fails the item and the channel goes on with the next one', async () => {
    const desk = makeDesk();
    const port = new RecordingPort();
    port.fail = (m) => (m.reply.text === 'bad' ? new PermanentDeliveryError('channel_not_found') : undefined);
    const d = new Dispatcher(desk, [port]);
    const bad = await queue(desk, chan('desk'), 'bad');
    await queue(desk, chan('desk'), 'good');
    await d.drain();
    expect(texts(port)).toEqual(['good']);
    const stored = desk.store.get('outbox', bad.id)!;
    expect(stored.state).toBe('failed');
    expect(stored.lastError).toContain('channel_not_found');
  });

  it('unknown errors are retried, and given up after the limit', async () => {
    const desk = makeDesk();
    const port = new RecordingPort();
    port.fail = () => new TypeError('renderer bug');
    const d = new Dispatcher(desk, [port], { maxUnknownAttempts: 3, ...noJitter });
    const item = await queue(desk, chan('desk'), 'x');
    for (let i = 0; i < 5; i++) {
      await d.drain();
      desk.clock.advance(3_600_000);
    }
    expect(port.calls).toBe(3);
    expect(desk.store.get('outbox', item.id)!.state).toBe('failed');
  });

  it('keeps the order within a channel: later items wait behind one being retried', async () => {
    const desk = makeDesk();
    const port = new RecordingPort();
    port.fail = (m, call) => (m.reply.text === 'first' && call === 1 ? new RetryableDeliveryError('down') : undefined);
    const d = new Dispatcher(desk, [port], noJitter);
    await queue(desk, chan('desk'), 'first');
    await queue(desk, chan('desk'), 'second');
    await queue(desk, chan('other'), 'elsewhere');
    await d.drain();
    expect(texts(port)).toEqual(['elsewhere']);
    desk.clock.advance(60_000);
    await d.drain();
    expect(texts(port)).toEqual(['elsewhere', 'first', 'second']);
  });

  it('delivers a burst to many channels, each in its own order', async () => {
    const desk = makeDesk();
    const port = new RecordingPort();
    for (let i = 0; i < 20; i++) await queue(desk, chan(`c${i}`), `c${i} first`);
    for (let i = 0; i < 20; i++) await queue(desk, chan(`c${i}`), `c${i} second`);
    await new Dispatcher(desk, [port]).drain();
    expect(port.sent).toHaveLength(40);
    for (let i = 0; i < 20; i++) {
      expect(port.sent.filter((s) => s.channel.channel === `c${i}`).map((s) => s.reply.text)).toEqual([`c${i} first`, `c${i} second`]);
    }
  });

  it('leaves items for a platform that is not running pending, and delivers them when it runs', async () => {
    const desk = makeDesk();
    const consolePort = new RecordingPort('console');
    await queue(desk, chan('C123', 'slack'), 'for slack');
    await queue(desk, chan('desk'), 'for console');
    await new Dispatcher(desk, [consolePort]).drain();
    expect(texts(consolePort)).toEqual(['for console']);
    expect(desk.store.byIndex('outbox', 'byState', 'pending').map((i) => i.reply.text)).toEqual(['for slack']);
    const slack = new RecordingPort('slack');
    await new Dispatcher(desk, [consolePort, slack]).drain();
    expect(texts(slack)).toEqual(['for slack']);
    expect(texts(consolePort)).toEqual(['for console']);
  });

  it('answers to a message go to that message (replyTo), not to a claim thread', async () => {
    const desk = makeDesk();
    const port = new RecordingPort();
    await queue(desk, chan('desk'), 'answer', { replyTo: '1700000000.000100' });
    await new Dispatcher(desk, [port]).drain();
    expect(port.sent[0]!.threadRef).toBe('1700000000.000100');
  });

  it('prunes delivered items after some days, keeps pending ones', async () => {
    const desk = makeDesk();
    const port = new RecordingPort();
    const d = new Dispatcher(desk, [port], { keepDeliveredDays: 7 });
    await queue(desk, chan('desk'), 'old');
    await d.drain();
    await queue(desk, chan('C9', 'slack'), 'waiting for slack');
    desk.clock.advance(8 * 86_400_000);
    expect(await d.prune()).toBe(1);
    expect(desk.store.all('outbox').map((i) => i.reply.text)).toEqual(['waiting for slack']);
  });

  it('wakes up on its own for a retry once started', async () => {
    const desk = makeDesk(undefined, undefined);
    const port = new RecordingPort();
    port.fail = (_m, call) => (call === 1 ? new RetryableDeliveryError('busy', 0) : undefined);
    // real time here: the retry timer must fire without anyone calling drain()
    (desk as { clock: { now(): Date } }).clock = { now: () => new Date() };
    const d = new Dispatcher(desk, [port]);
    d.start();
    await queue(desk, chan('desk'), 'eventually');
    await expect.poll(() => texts(port), { timeout: 5000, interval: 50 }).toEqual(['eventually']);
    await d.stop();
  });
});
