// The editor's queue (Slack's App Home): what waits for the desk and what it did this week. Neutral; the
// platform lays it out. Read from the store's status index, so it stays cheap on a large ledger.
import type { DeskQueue, QueueSection } from './forms.ts';
import type { ReadView } from './store-port.ts';
import { STATUS_META } from './statuses.ts';
import { describeTarget } from './subscriptions.ts';
import { short } from './text.ts';
import { channelKey, type Claim, type Subscription } from './types.ts';

const SHOWN = 10;
const WEEK_MS = 7 * 24 * 3600 * 1000;

function section(title: string, claims: Claim[], empty: string, line: (c: Claim) => string = (c) => short(c.text, 140)): QueueSection {
  const items = claims.slice(0, SHOWN).map((c) => ({ id: c.id, text: line(c), status: c.status }));
  return { title, items, more: Math.max(0, claims.length - SHOWN), empty };
}

const newest = (a: Claim, b: Claim) => (a.updatedAt < b.updatedAt ? 1 : a.updatedAt > b.updatedAt ? -1 : 0);

export function deskQueue(view: ReadView, platform: string, now: Date): DeskQueue {
  const flagged = view.byIndex('claims', 'queue', 'flagged').slice().sort(newest);
  const inReview = view.byIndex('claims', 'queue', 'in_review').slice().sort(newest);
  // the desk's verdicts of the last 7 days: eight days' buckets, cut at the hour (imported reviews are not the desk's)
  const since = new Date(now.getTime() - WEEK_MS).toISOString();
  const verdicts: Claim[] = [];
  for (let i = 0; i <= 7; i++) {
    const day = new Date(now.getTime() - i * 86_400_000).toISOString().slice(0, 10);
    for (const c of view.byIndex('claims', 'queue', `verdict:${day}`)) if (c.history[c.history.length - 1].at >= since) verdicts.push(c);
  }
  verdicts.sort(newest);
  return {
    title: 'The desk',
    at: now.toISOString(),
    sections: [
      section('Flags waiting for review', flagged, 'No flagged claim is waiting.', (c) => `${short(c.text, 120)}${c.flagCount > 1 ? ` (flagged by ${c.flagCount})` : ''}`),
      section('In review', inReview, 'Nothing is in review.'),
      section("This week's verdicts", verdicts, 'No verdict in the last 7 days.', (c) => `${STATUS_META[c.status].label}: ${short(c.text, 120)}`),
      watches(view, platform),
    ],
  };
}

function watches(view: ReadView, platform: string): QueueSection {
  const byChannel = new Map<string, Subscription[]>();
  for (const s of view.all('subscriptions')) {
    if (s.channel.platform !== platform) continue;
    const k = channelKey(s.channel);
    byChannel.set(k, [...(byChannel.get(k) ?? []), s]);
  }
  const items = [...byChannel.values()].map((subs) => ({
    id: subs[0].channel.name ?? subs[0].channel.channel,
    text: subs
      .map((s) => `${describeTarget(view, s.target)}${s.statuses.length ? ` (changes to ${s.statuses.map((x) => STATUS_META[x].label.toLowerCase()).join(', ')})` : ''}`)
      .join('; '),
  }));
  return { title: 'What each channel watches', items: items.slice(0, 20), more: Math.max(0, items.length - 20), empty: 'No channel watches anything yet: /claim watch all in a channel.' };
}
