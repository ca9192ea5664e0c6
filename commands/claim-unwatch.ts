// /claim unwatch [<id> | <actor> | all] — stop alerts in this channel (`all` stops every subscription).
import { errorReply, textReply } from '../src/core/reply.ts';
import { describeTarget, parseTarget, unwatch } from '../src/core/subscriptions.ts';
import type { CommandDef } from './types.ts';
import { channelLabel, watchList } from './claim-watch.ts';

const USAGE = '/claim unwatch [<id> | <actor> | all]';

export const command: CommandDef = {
  group: 'claim',
  name: 'unwatch',
  description: 'Stop alerts in this channel for a claim, an actor, or everything (all)',
  usage: USAGE,
  examples: ['/claim unwatch C12', '/claim unwatch all'],
  options: [
    { name: 'target', description: 'a claim id (C12), an actor, or all (everything); empty: list what this channel watches', kind: 'text', positional: true },
    { name: 'status', description: 'not used here: to change a filter, /claim watch <target> status: …', kind: 'statuses' },
  ],
  handler: async (input, ctx) => {
    const { desk, channel } = ctx;
    const targetText = input.target?.trim() ?? '';
    if (input.status?.trim()) {
      return errorReply('Unwatch removes the whole subscription; to change its status filter, use /claim watch <target> status: a, b.', USAGE);
    }
    if (!targetText) return watchList(desk, channel);
    const target = parseTarget(desk.store, targetText);
    if (!target.ok) return errorReply(target.error, USAGE);
    const removed = await desk.store.write((tx) => unwatch(tx, channel, target.value));
    if (!removed.length) {
      return textReply(`${channelLabel(channel)} was not watching ${describeTarget(desk.store, target.value)}; nothing changed.`);
    }
    const names = removed.map((s) => describeTarget(desk.store, s.target)).join(', ');
    return textReply(`${channelLabel(channel)} no longer watches ${names}.`);
  },
};
