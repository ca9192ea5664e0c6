// Every alert a watching channel gets: a status change (queued by setStatus) and a newly flagged claim
// (queued by flagMessage). Both are queued in the same write as the change (the store's outbox), so a change
// and its alerts are durable together or not at all, and both thread later alerts of the claim under the first.
import type { ReadView, WriteTx } from './store-port.ts';
import { actorName } from './actors.ts';
import type { Desk } from './desk.ts';
import { queueOutbox } from './outbox.ts';
import type { Reply, ReplyField, ReplyLink } from './reply.ts';
import { STATUS_META, statusText, statusWord } from './statuses.ts';
import { channelsFor } from './subscriptions.ts';
import { short } from './text.ts';
import { channelKey, type ChannelRef, type Claim, type HistoryEntry, type Status } from './types.ts';


/**
 * What a status change means for a newsroom:
 * - correction: the desk replaced one verdict (true … unsupported) with a different verdict;
 * - retraction: the speaker withdrew the claim (status `retracted`); the desk corrected nothing;
 * - reopened: a verdict went back to unverified / in review;
 * - change: anything else (a first verdict, review started, a retracted claim rated again).
 */
export type ChangeKind = 'correction' | 'retraction' | 'reopened' | 'change';

export function changeKind(entry: Pick<HistoryEntry, 'from' | 'to'>): ChangeKind {
  const { from, to } = entry;
  if (from === null || from === to) return 'change';
  if (to === 'retracted') return 'retraction';
  if (!STATUS_META[from].verdict) return 'change';
  return STATUS_META[to].verdict ? 'correction' : 'reopened';
}

/** Lower-case form of a status for running text (`changes to mostly false only`): `mostly_false` → `mostly false`. */
export function statusLabel(s: Status | null): string {
  return s === null ? 'new' : statusWord(s);
}

/** `2026-11-23T15:47:18.335Z` → `2026-11-23 15:47 UTC` */
export function utcMinute(iso: string): string {
  return `${iso.slice(0, 16).replace('T', ' ')} UTC`;
}

/** Later alerts of the same claim in the same channel thread under the first one. */
export function threadKeyFor(channel: Parameters<typeof channelKey>[0], claimId: string): string {
  return `${channelKey(channel)}|${claimId}`;
}

/** The message a channel gets for one status change. Plain text; the platforms render and escape it. */
export function alertReply(view: ReadView, claim: Claim, entry: HistoryEntry): Reply {
  const kind = changeKind(entry);
  // The title states the change (from and to) once and says "Correction" once; fields do not repeat it.
  const fields: ReplyField[] = [
    { name: 'Claimant', value: actorName(view, claim.claimant), inline: true },
    { name: 'Changed by', value: entry.byName || entry.by, inline: true },
  ];
  if (entry.note) fields.push({ name: 'Note', value: entry.note });
  // Evidence is only what was given with this change: an older link (of a change this one may reverse, or
  // added by /claim source) is no evidence for it. The claim's sources are listed under their own heading.
  const links: ReplyLink[] = entry.source ? [{ label: 'Evidence', url: entry.source }] : [];
  const sources = sourcesField(claim, entry.source);
  if (sources) fields.push(sources);
  return {
    kind: 'card',
    title: alertTitle(claim.id, entry, kind),
    text: short(claim.text, 500),
    status: entry.to,
    fields,
    links,
    footer: `${claim.id} · ${utcMinute(entry.at)} · /claim history ${claim.id}`,
    actions: { claimId: claim.id, version: claim.version, status: claim.status },
  };
}

const MAX_SOURCES = 3;

/** The claim's sources other than this change's evidence (in the card's order), or undefined when there are none. */
function sourcesField(claim: Claim, evidence: string | undefined): ReplyField | undefined {
  const others = claim.sources.filter((s) => s.url !== evidence);
  if (!others.length) return undefined;
  const lines = others.slice(0, MAX_SOURCES).map((s, i) => `${i + 1}. ${s.outlet || 'source'}: ${s.url}`);
  if (others.length > MAX_SOURCES) lines.push(`… and ${others.length - MAX_SOURCES} more: /claim status ${claim.id}`);
  return { name: evidence ? 'Other sources' : 'Sources', value: lines.join('\n') };
}

/** The status as replies and cards name it: `Mostly false`. */
function label(s: Status | null): string {
  return s === null ? 'New' : STATUS_META[s].label;
}

/** Worded like the /claim set reply (`C1 is now Mostly false (was Unverified)`), with what the change means. */
function alertTitle(id: string, entry: HistoryEntry, kind: ChangeKind): string {
  const was = `(was ${label(entry.from)})`;
  if (kind === 'retraction') return `Retracted by the speaker: ${id} ${was}`;
  const change = `${id} is now ${label(entry.to)} ${was}`;
  if (kind === 'correction') return `Correction: ${change}`;
  if (kind === 'reopened') return `Reopened: ${change}`;
  return change;
}

/**
 * Queue one alert per channel watching the claim, one of its actors, or `all` (deduplicated by channel,
 * filtered by the subscription's statuses) into the outbox. Call it inside the same store.write as the
 * status change, with the claim as stored after the change and the history entry just added.
 */
export function queueStatusAlerts(tx: WriteTx, desk: Desk, claim: Claim, entry: HistoryEntry): number {
  const channels = channelsFor(tx, claim, entry.to);
  if (!channels.length) return 0;
  return queueAlerts(tx, desk.clock.now(), claim, channels, alertReply(tx, claim, entry));
}

/** Who flagged which message where, as the new-claim alert shows it. */
export interface FlaggedBy {
  reactorName: string;
  authorName: string;
  channel: ChannelRef;
  /** link to the flagged message ('' when the platform has none) */
  link: string;
}

/** The message a channel watching `all` gets when a chat message is flagged as a new claim. */
export function newClaimAlertReply(view: ReadView, claim: Claim, by: FlaggedBy): Reply {
  return {
    kind: 'card',
    title: `New claim flagged: ${claim.id}`,
    text: short(claim.text, 500),
    status: claim.status,
    fields: [
      { name: 'Claimant', value: actorName(view, claim.claimant), inline: true },
      { name: 'Status', value: statusText(claim.status), inline: true },
      { name: 'Flagged by', value: by.reactorName, inline: true },
      { name: 'Posted by', value: by.authorName, inline: true },
      { name: 'Where', value: by.channel.name ?? by.channel.channel, inline: true },
    ],
    links: by.link ? [{ label: 'Message', url: by.link }] : [],
    footer: `${claim.id} · ${utcMinute(claim.createdAt)} · /claim status ${claim.id}`,
    actions: { claimId: claim.id, version: claim.version, status: claim.status },
  };
}

/** Queue the new-claim alert to every channel watching `all` (call it in the write that files the claim). */
export function queueNewClaimAlerts(tx: WriteTx, now: Date, claim: Claim, by: FlaggedBy): number {
  const channels = channelsFor(tx, claim, claim.status, { allOnly: true });
  if (!channels.length) return 0;
  return queueAlerts(tx, now, claim, channels, newClaimAlertReply(tx, claim, by));
}

function queueAlerts(tx: WriteTx, now: Date, claim: Claim, channels: ChannelRef[], reply: Reply): number {
  for (const channel of channels) {
    queueOutbox(tx, now, { kind: 'alert', channel, reply, threadKey: threadKeyFor(channel, claim.id) });
  }
  return channels.length;
}
