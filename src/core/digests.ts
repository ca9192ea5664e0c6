// The digest a channel gets on its schedule: what changed on the desk since its last digest.
import type { ReadView } from './store-port.ts';
import { actorName } from './actors.ts';
import { changeKind } from './alerts.ts';
import type { Desk } from './desk.ts';
import { textReply, type Reply, type ReplyField } from './reply.ts';
import { formatLocal } from './schedule-spec.ts';
import { STATUS_META } from './statuses.ts';
import { short } from './text.ts';
import type { ChannelRef, Claim, Status } from './types.ts';

const DAY = 86_400_000;
/** claims unverified for longer than this are listed as stale */
export const STALE_DAYS = 7;
/** the statuses counted as "false claims" for the top-actors section */
export const FALSE_STATUSES: readonly Status[] = ['false', 'mostly_false'];
const MAX_LINES = 8;
const WAITING: readonly Status[] = ['unverified', 'in_review'];

function lines(all: string[]): string {
  const shown = all.slice(0, MAX_LINES);
  if (all.length > MAX_LINES) shown.push(`… and ${all.length - MAX_LINES} more`);
  // Discord caps a field at 1024 characters; the renderers cut too, but cut at a line here.
  let out = '';
  for (const l of shown) {
    if (out.length + l.length + 1 > 1000) break;
    out += (out ? '\n' : '') + l;
  }
  return out;
}

export interface DigestChange {
  at: string;
  from: Status;
  to: Status;
  byName: string;
}

export interface DigestContent {
  /** claims whose status changed in the period, each with its changes (oldest first), by first change */
  changes: Array<{ claim: Claim; steps: DigestChange[] }>;
  flagged: Claim[];
  stale: Array<{ claim: Claim; since: string }>;
  topFalse: Array<{ actor: string; count: number }>;
}

/** The claim's status at `t`: its last history entry at or before t (history is in time order). */
function statusAt(claim: Claim, t: number): Status {
  let s = claim.status;
  for (const h of claim.history) {
    if (Date.parse(h.at) > t) break;
    s = h.to;
  }
  return s;
}

/**
 * A change is reversed when a later one in the period corrects its verdict or reopens the claim. A
 * retraction reverses nothing: the speaker withdrew the claim, the desk's verdict stood.
 */
export function isReversed(steps: readonly DigestChange[]): boolean {
  return steps.slice(1).some((st) => ['correction', 'reopened'].includes(changeKind(st)));
}

/** The facts of a digest period (since, now], computed from the ledger. */
export function digestContent(view: ReadView, since: Date, now: Date): DigestContent {
  const from = since.getTime(), to = now.getTime();
  const inPeriod = (iso: string) => {
    const t = Date.parse(iso);
    return t > from && t <= to;
  };
  const changes: DigestContent['changes'] = [];
  const flagged: Claim[] = [];
  const stale: DigestContent['stale'] = [];
  const falseBy = new Map<string, number>();
  for (const claim of view.all('claims')) {
    const steps: DigestChange[] = [];
    for (const h of claim.history) {
      if (h.from === null || !inPeriod(h.at)) continue;
      steps.push({ at: h.at, from: h.from, to: h.to, byName: h.byName || h.by });
    }
    if (steps.length) {
      changes.push({ claim, steps });
      // Counted only when rated false in the period and still false at digest time: a rating the desk
      // later corrected, or a claim the speaker retracted, is not a false claim now.
      const now = statusAt(claim, to);
      if (FALSE_STATUSES.includes(now) && steps.some((st) => FALSE_STATUSES.includes(st.to))) {
        falseBy.set(claim.claimant, (falseBy.get(claim.claimant) ?? 0) + 1);
      }
    }
    if (claim.origin && inPeriod(claim.createdAt) && WAITING.includes(claim.status)) flagged.push(claim);
    if (claim.status === 'unverified') {
      const sinceAt = claim.history.at(-1)?.at ?? claim.createdAt;
      if (Date.parse(sinceAt) < to - STALE_DAYS * DAY) stale.push({ claim, since: sinceAt });
    }
  }
  const first = (x: DigestContent['changes'][number]) => x.steps[0]!.at;
  changes.sort((a, b) => (first(a) < first(b) ? -1 : first(a) > first(b) ? 1 : 0));
  stale.sort((a, b) => (a.since < b.since ? -1 : 1));
  const topFalse = [...falseBy]
    .map(([actor, count]) => ({ actor, count }))
    .sort((a, b) => b.count - a.count || a.actor.localeCompare(b.actor))
    .slice(0, 3);
  return { changes, flagged, stale, topFalse };
}

// Lines are `C1 · … · …` like the cards' claim lists. The claim text is not put in quotes: many claims
// quote someone ("would-be assassin"), and quotes around them would nest.
const text = (c: Claim) => short(c.text, 80);

/** `C1 · Unverified → False → Mostly true, reversed · <text> · Ana, Ben` */
function changeLine(x: DigestContent['changes'][number]): string {
  const path = [x.steps[0]!.from, ...x.steps.map((st) => st.to)].map((st) => STATUS_META[st].label).join(' → ');
  const who = [...new Set(x.steps.map((st) => st.byName))].join(', ');
  return `${x.claim.id} · ${path}${isReversed(x.steps) ? ', reversed' : ''} · ${text(x.claim)} · ${who}`;
}

/**
 * The digest for `channel` covering (since, now]: status changes, newly flagged claims waiting for review,
 * claims unverified for more than 7 days, and the actors with the most claims rated false in the period.
 * An empty period is one line, so a quiet desk is visibly quiet rather than silent.
 */
export function buildDigest(desk: Desk, channel: ChannelRef, since: Date, now: Date, tz = desk.settings.digestTz): Reply {
  void channel; // the digest covers the whole desk; the channel only decides where it goes
  const view = desk.store;
  const c = digestContent(view, since, now);
  const period = `since ${formatLocal(since, tz)}`;
  if (!c.changes.length && !c.flagged.length && !c.stale.length) {
    return textReply(`Digest: nothing new on the desk ${period}: no status changes, no new flags, nothing unverified for over ${STALE_DAYS} days.`);
  }
  const fields: ReplyField[] = [];
  const nChanges = c.changes.reduce((n, x) => n + x.steps.length, 0);
  if (c.changes.length) {
    const claims = nChanges === c.changes.length ? '' : ` on ${count(c.changes.length, 'claim')}`;
    fields.push({ name: `Status changes (${nChanges}${claims})`, value: lines(c.changes.map(changeLine)) });
  } else {
    fields.push({ name: 'Status changes', value: 'none' });
  }
  if (c.flagged.length) {
    fields.push({
      name: `Newly flagged, waiting for review (${c.flagged.length})`,
      value: lines(c.flagged.map((x) => `${x.id} · ${text(x)} · ${STATUS_META[x.status].label}, flagged by ${x.flagCount || 1}`)),
    });
  }
  if (c.stale.length) {
    fields.push({
      name: `Unverified for more than ${STALE_DAYS} days (${c.stale.length})`,
      value: lines(c.stale.map((x) => `${x.claim.id} · ${text(x.claim)} · since ${formatLocal(new Date(x.since), tz)}`)),
    });
  }
  if (c.topFalse.length) {
    fields.push({
      name: 'Most false claims this period',
      value: c.topFalse.map((x) => `${actorName(view, x.actor)}: ${x.count}`).join('\n'),
    });
  }
  return {
    kind: 'card',
    title: `Digest ${period}`,
    fields,
    footer: `${count(nChanges, 'change')} · ${count(c.flagged.length, 'new flag')} · ${c.stale.length} stale · until ${formatLocal(now, tz)}`,
  };
}

/** `1 change`, `2 changes` */
function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
