// Subscriptions: which channels watch which claims, actors, or everything, optionally only for changes to
// some statuses. One doc per (channel, target); watching the same target again replaces its filter.
import type { ReadView, WriteTx } from './store-port.ts';
import { findActor } from './actors.ts';
import { parseClaimId } from './claim-id.ts';
import { parseStatus, STATUS_WORDS } from './statuses.ts';
import { short } from './text.ts';
import { channelKey, targetKey, type ChannelRef, type Claim, type Status, type Subscription, type WatchTarget } from './types.ts';

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

/** `false, retracted` → [false, retracted]; an unknown word is an error naming it. Empty → []. */
export function parseStatusList(text: string | undefined): Parsed<Status[]> {
  if (!text || !text.trim()) return { ok: true, value: [] };
  const out: Status[] = [];
  for (const part of text.split(/[,;]+/)) {
    if (!part.trim()) continue;
    const st = parseStatus(part);
    if (!st) return { ok: false, error: `"${part.trim()}" is not a status. Statuses: ${STATUS_WORDS}.` };
    if (!out.includes(st)) out.push(st);
  }
  return { ok: true, value: out };
}

/** `all`, a claim id (`C12`, any case) or an actor (id, name, alias). */
export function parseTarget(view: ReadView, text: string): Parsed<WatchTarget> {
  const q = text.trim();
  if (q.toLowerCase() === 'all') return { ok: true, value: { kind: 'all' } };
  const id = parseClaimId(q);
  if (id) {
    if (!view.get('claims', id)) return { ok: false, error: `There is no claim ${id}.` };
    return { ok: true, value: { kind: 'claim', id } };
  }
  const actor = findActor(view, q);
  if (actor) return { ok: true, value: { kind: 'actor', id: actor.id } };
  return { ok: false, error: `"${q}" is neither a claim id (like C12), a known actor, nor \`all\`.` };
}

export function subscriptionId(channel: ChannelRef, target: WatchTarget): string {
  return `${channelKey(channel)}|${targetKey(target)}`;
}

/** Human label of a target: `all claims`, `C12 "…"`, `Stephen Miller`. */
export function describeTarget(view: ReadView, t: WatchTarget): string {
  if (t.kind === 'all') return 'all claims';
  if (t.kind === 'claim') {
    const c = view.get('claims', t.id);
    return c ? `${c.id} "${short(c.text, 60)}"` : `${t.id} (deleted)`;
  }
  const a = view.get('actors', t.id);
  return a ? `${a.name} (actor)` : `${t.id} (actor)`;
}

/** Create or replace the subscription; returns it and whether it existed before. */
export function watch(
  tx: WriteTx,
  channel: ChannelRef,
  target: WatchTarget,
  statuses: Status[],
  by: string,
  now: string,
): { sub: Subscription; existed: boolean; changed: boolean } {
  const id = subscriptionId(channel, target);
  const old = tx.get('subscriptions', id);
  // the same filter again changes nothing (a renamed channel still refreshes the stored name)
  if (old && old.channel.name === channel.name && [...old.statuses].sort().join() === [...statuses].sort().join()) {
    return { sub: old, existed: true, changed: false };
  }
  const sub = tx.put('subscriptions', {
    id,
    channel: { ...channel },
    target,
    statuses,
    createdBy: old?.createdBy ?? by,
    createdAt: old?.createdAt ?? now,
  });
  return { sub, existed: !!old, changed: true };
}

/** Remove one subscription; `all` removes every subscription of the channel. Returns what was removed. */
export function unwatch(tx: WriteTx, channel: ChannelRef, target: WatchTarget): Subscription[] {
  const subs =
    target.kind === 'all'
      ? channelSubscriptions(tx, channel)
      : [tx.get('subscriptions', subscriptionId(channel, target))].filter((s): s is Subscription => !!s);
  for (const s of subs) tx.delete('subscriptions', s.id);
  return subs;
}

export function channelSubscriptions(view: ReadView, channel: ChannelRef): Subscription[] {
  return view.byIndex('subscriptions', 'byChannel', channelKey(channel));
}

/**
 * The channels to tell about a change of `claim` to `to`: every channel watching the claim, one of its
 * actors, or `all`, once per channel. A channel is told when ANY of its matching subscriptions accepts the
 * new status (an empty filter accepts everything).
 */
export function channelsFor(view: ReadView, claim: Claim, to: Status, opts: { allOnly?: boolean } = {}): ChannelRef[] {
  const targets: WatchTarget[] = opts.allOnly
    ? [{ kind: 'all' }]
    : [
        { kind: 'claim', id: claim.id },
        ...[claim.claimant, ...claim.subjects].map((id): WatchTarget => ({ kind: 'actor', id })),
        { kind: 'all' },
      ];
  const out = new Map<string, ChannelRef>();
  for (const t of targets) {
    for (const s of view.byIndex('subscriptions', 'byTarget', targetKey(t))) {
      if (s.statuses.length && !s.statuses.includes(to)) continue;
      const key = channelKey(s.channel);
      if (!out.has(key)) out.set(key, s.channel);
    }
  }
  return [...out.values()];
}
