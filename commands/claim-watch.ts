// /claim watch [<id> | <actor> | all] [status: a, b] — subscribe this channel to status-change alerts.
import { errorReply, textReply, type Reply } from '../src/core/reply.ts';
import type { Desk } from '../src/core/desk.ts';
import { statusLabel } from '../src/core/alerts.ts';
import { channelSubscriptions, describeTarget, parseStatusList, parseTarget, watch } from '../src/core/subscriptions.ts';
import { channelKey, type ChannelRef, type Subscription } from '../src/core/types.ts';
import type { CommandDef } from './types.ts';

const USAGE = '/claim watch [<id> | <actor> | all] [status: a, b]';

export function channelLabel(c: ChannelRef): string {
  return c.name ?? `#${c.channel}`;
}

export function filterText(s: Pick<Subscription, 'statuses'>): string {
  return s.statuses.length ? `changes to ${s.statuses.map(statusLabel).join(', ')} only` : 'every change';
}

/** What the channel watches (and its digest schedule): the answer to a bare /claim watch or unwatch. */
export function watchList(desk: Desk, channel: ChannelRef): Reply {
  const subs = channelSubscriptions(desk.store, channel);
  const digest = desk.store.get('digests', channelKey(channel));
  const digestLine = digest ? `Digest: ${digest.spec} (${digest.tz}).` : 'No digest; set one with /claim digest daily 09:00.';
  if (!subs.length) {
    return textReply(`${channelLabel(channel)} watches nothing yet. Try /claim watch all, /claim watch C12 or /claim watch <actor>. ${digestLine}`);
  }
  return {
    kind: 'list',
    title: `${channelLabel(channel)} watches`,
    items: subs.map((s) => ({ text: `${describeTarget(desk.store, s.target)}: ${filterText(s)}` })),
    footer: `${digestLine} Stop with /claim unwatch <id | actor | all>.`,
  };
}

export const command: CommandDef = {
  group: 'claim',
  name: 'watch',
  description: 'Alert this channel when a claim, an actor’s claims, or any claim changes status',
  usage: USAGE,
  examples: ['/claim watch all status: false, retracted', '/claim watch C12', '/claim watch Stephen Miller'],
  options: [
    { name: 'target', description: 'a claim id (C12), an actor, or all; empty: list what this channel watches', kind: 'text', positional: true },
    { name: 'status', description: 'only alert on changes to these statuses (comma list)', kind: 'statuses' },
  ],
  handler: async (input, ctx) => {
    const { desk, channel, user } = ctx;
    const targetText = input.target?.trim() ?? '';
    const statuses = parseStatusList(input.status);
    if (!statuses.ok) return errorReply(statuses.error, USAGE);
    if (!targetText) {
      if (statuses.value.length) return errorReply('Say what to watch: a claim id, an actor, or all.', USAGE);
      return watchList(desk, channel);
    }
    const target = parseTarget(desk.store, targetText);
    if (!target.ok) return errorReply(target.error, USAGE);
    const now = desk.clock.now().toISOString();
    const { sub, existed, changed } = await desk.store.write((tx) => watch(tx, channel, target.value, statuses.value, user.key, now));
    const what = describeTarget(desk.store, sub.target);
    if (!changed) return textReply(`${channelLabel(channel)} already watches ${what}: ${filterText(sub)}; nothing changed.`);
    return textReply(
      `${channelLabel(channel)} ${existed ? 'now watches' : 'watches'} ${what}: ${filterText(sub)}.${existed ? ' (updated)' : ''}`,
    );
  },
};
