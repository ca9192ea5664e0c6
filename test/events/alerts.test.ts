import { describe, expect, it } from 'vitest';
import { watch } from '../../src/core/subscriptions.ts';
import { Dispatcher } from '../../src/core/dispatcher.ts';
import type { Desk } from '../../src/core/desk.ts';
import type { ChannelRef, Status, WatchTarget } from '../../src/core/types.ts';
import { changeStatus, chan, editor, makeDesk, RecordingPort, seed } from './helpers.ts';

async function sub(desk: Desk, channel: ChannelRef, target: WatchTarget, statuses: Status[] = []) {
  await desk.store.write((tx) => watch(tx, channel, target, statuses, editor.key, desk.clock.now().toISOString()));
}

function pending(desk: Desk) {
  return desk.store.byIndex('outbox', 'byState', 'pending');
}

describe('status alerts', () => {
  it('queues one alert per channel, however many of its subscriptions match', async () => {
    const desk = makeDesk();
    await seed(desk);
    const desk1 = chan('desk'), politics = chan('politics'), quiet = chan('quiet');
    await sub(desk, desk1, { kind: 'claim', id: 'C1' });
    await sub(desk, desk1, { kind: 'actor', id: 'alice-adams' });
    await sub(desk, desk1, { kind: 'all' });
    await sub(desk, politics, { kind: 'actor', id: 'bob-brown' });
    await sub(desk, quiet, { kind: 'actor', id: 'nobody' });
    await changeStatus(desk, 'C1', 'in_review');
    const items = pending(desk);
    expect(items.map((i) => i.channel.channel).sort()).toEqual(['desk', 'politics']);
    expect(items.every((i) => i.kind === 'alert' && /^o\d+$/.test(i.id))).toBe(true);
    expect(items[0]!.threadKey).toBe('console:local:desk|C1');
  });

  it('says claim, claimant, from → to, who, note and evidence', async () => {
    const desk = makeDesk();
    await seed(desk);
    await sub(desk, chan('desk'), { kind: 'all' });
    await changeStatus(desk, 'C1', 'false', { note: 'police data shows a rise', source: 'https://example.org/stats' });
    const r = pending(desk)[0]!.reply;
    const all = JSON.stringify(r);
    expect(r.title).toContain('C1');
    expect(r.text).toBe('Crime fell by half last year');
    expect(all).toContain('Alice Adams');
    expect(r.title).toBe('C1 is now False (was Unverified)');
    expect(all).toContain('Ed Itor');
    expect(all).toContain('police data shows a rise');
    expect(r.links).toEqual([{ label: 'Evidence', url: 'https://example.org/stats' }]);
    expect(all.toLowerCase()).not.toContain('correction');
  });

  it('calls a verdict replaced by a different verdict a correction', async () => {
    const desk = makeDesk();
    await seed(desk);
    await sub(desk, chan('desk'), { kind: 'all' });
    await changeStatus(desk, 'C1', 'false');
    await changeStatus(desk, 'C1', 'mostly_true', { note: 'new figures' });
    const [first, second] = pending(desk);
    expect(first!.reply.title).not.toMatch(/correction/i);
    expect(second!.reply.title).toMatch(/^Correction: C1/);
    expect(second!.reply.title).toBe('Correction: C1 is now Mostly true (was False)');
  });

  it('applies status filters: only changes to the listed statuses', async () => {
    const desk = makeDesk();
    await seed(desk);
    await sub(desk, chan('falsehoods'), { kind: 'all' }, ['false', 'retracted']);
    await sub(desk, chan('everything'), { kind: 'all' });
    await changeStatus(desk, 'C1', 'in_review');
    expect(pending(desk).map((i) => i.channel.channel)).toEqual(['everything']);
    await changeStatus(desk, 'C1', 'false');
    expect(pending(desk).map((i) => i.channel.channel).sort()).toEqual(['everything', 'everything', 'falsehoods']);
  });

  it('a channel with a filtered and an unfiltered matching subscription still gets the alert once', async () => {
    const desk = makeDesk();
    await seed(desk);
    await sub(desk, chan('desk'), { kind: 'all' }, ['false']);
    await sub(desk, chan('desk'), { kind: 'claim', id: 'C1' });
    await changeStatus(desk, 'C1', 'in_review');
    expect(pending(desk)).toHaveLength(1);
  });

  it('threads later alerts of a claim under the first one, per channel', async () => {
    const desk = makeDesk();
    await seed(desk);
    const port = new RecordingPort();
    const slack = new RecordingPort('slack');
    await sub(desk, chan('desk'), { kind: 'all' });
    await sub(desk, chan('C0SLACK', 'slack'), { kind: 'all' });
    const d = new Dispatcher(desk, [port, slack]);
    await changeStatus(desk, 'C1', 'in_review');
    await d.drain();
    await changeStatus(desk, 'C1', 'false');
    await changeStatus(desk, 'C1', 'mostly_false');
    await d.drain();
    expect(port.sent.map((s) => s.threadRef)).toEqual([undefined, 'console-m1', 'console-m1']);
    expect(slack.sent.map((s) => s.threadRef)).toEqual([undefined, 'slack-m1', 'slack-m1']);
    expect(desk.store.get('threads', 'console:local:desk|C1')?.ref).toBe('console-m1');
    expect(pending(desk)).toHaveLength(0);
  });

  it('the status change and its alerts commit together: a refused change queues nothing', async () => {
    const desk = makeDesk();
    await seed(desk);
    await sub(desk, chan('desk'), { kind: 'all' });
    await expect(changeStatus(desk, 'C1', 'unverified')).rejects.toThrow(/already/);
    expect(desk.store.count('outbox')).toBe(0);
  });
});
