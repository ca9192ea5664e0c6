// The neutral replies for claims and actors (cards, history, lists). Plain text only: renderers escape.
import type { ReadView } from './store-port.ts';
import { listClaims } from './claims.ts';
import type { Reply, ReplyField, ReplyItem, ReplyLink } from './reply.ts';
import { STATUS_META, statusText } from './statuses.ts';
import { short } from './text.ts';
import { STATUSES, type Actor, type Claim, type HistoryEntry, type Status } from './types.ts';

export const PAGE_SIZE = 10;

/** `2026-11-20T14:03:27Z` → `2026-11-20 14:03 UTC` */
export function when(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toISOString().slice(0, 16).replace('T', ' ') + ' UTC';
}

function label(s: Status | null): string {
  return s ? STATUS_META[s].label : 'new';
}

function actorLine(view: ReadView, id: string): string {
  const a = view.get('actors', id);
  if (!a) return id;
  return a.role ? `${a.name} (${a.role})` : a.name;
}

/** One history entry as a line: `2026-11-20 14:03 UTC · Ana: Unverified → False — note (evidence: url)` */
export function changeLine(h: HistoryEntry): string {
  const from = h.from === null ? `created as ${label(h.to)}` : `${label(h.from)} → ${label(h.to)}`;
  let s = `${when(h.at)} · ${h.byName || h.by}: ${from}`;
  if (h.note) s += ` — ${h.internal ? 'internal note: ' : ''}${h.note}`;
  if (h.source) s += ` (evidence: ${h.source})`;
  return s;
}

export function claimCard(view: ReadView, c: Claim, title?: string): Reply {
  const fields: ReplyField[] = [
    { name: 'Claimant', value: actorLine(view, c.claimant), inline: true },
    { name: 'Status', value: statusText(c.status), inline: true },
  ];
  if (c.subjects.length) fields.push({ name: 'About', value: c.subjects.map((s) => actorLine(view, s)).join(', '), inline: true });
  const last = c.history[c.history.length - 1];
  if (last) fields.push({ name: 'Last change', value: changeLine(last) });
  if (c.externalRating) fields.push({ name: 'External rating', value: c.externalRating, inline: true });
  fields.push({
    name: `Sources (${c.sources.length})`,
    value: c.sources.length
      ? c.sources.map((s, i) => `${i + 1}. ${s.outlet || 'source'}: ${s.url}${s.note ? ` — ${s.note}` : ''}`).join('\n')
      : 'none yet — add one with /claim source ' + c.id + ' <url>',
  });
  const links: ReplyLink[] = [];
  if (c.origin) {
    fields.push({ name: 'Flagged from', value: `a message by ${c.origin.authorName || c.origin.author} (${c.origin.platform})${c.origin.outlet ? `, reported by ${c.origin.outlet}` : ''}${c.flagCount > 1 ? `, flagged by ${c.flagCount} people` : ''}` });
    if (c.origin.link) links.push({ label: 'Original message', url: c.origin.link });
  }
  if (c.tags.length) fields.push({ name: 'Tags', value: c.tags.join(', '), inline: true });
  return {
    kind: 'card',
    title: title ?? `Claim ${c.id}`,
    text: c.text,
    status: c.status,
    fields,
    ...(links.length ? { links } : {}),
    footer: `${c.id} · added ${when(c.createdAt)} · updated ${when(c.updatedAt)} · /claim history ${c.id}`,
    actions: { claimId: c.id, version: c.version, status: c.status },
  };
}

export function claimItem(c: Claim): ReplyItem {
  return { id: c.id, text: short(c.text, 140), status: c.status };
}

function claimLines(cs: Claim[], max: number): string {
  const lines = cs.slice(0, max).map((c) => `${c.id} · ${STATUS_META[c.status].label} · ${short(c.text, 100)}`);
  if (cs.length > max) lines.push(`… and ${cs.length - max} more`);
  return lines.join('\n');
}

/** Tally as `False 2 · Unverified 1`, in the vocabulary's order. */
export function tally(cs: Claim[]): string {
  const n = new Map<Status, number>();
  for (const c of cs) n.set(c.status, (n.get(c.status) ?? 0) + 1);
  return STATUSES.filter((s) => n.has(s)).map((s) => `${STATUS_META[s].label} ${n.get(s)}`).join(' · ');
}

export function actorCard(view: ReadView, a: Actor, title?: string): Reply {
  const made = listClaims(view, { claimant: a.id });
  const about = listClaims(view, { subject: a.id });
  const fields: ReplyField[] = [{ name: 'Id', value: a.id, inline: true }];
  fields.push({ name: 'Aliases', value: a.aliases.length ? a.aliases.join(', ') : 'none', inline: true });
  fields.push({ name: `Their claims (${made.length})`, value: made.length ? tally(made) : 'none recorded' });
  if (made.length) fields.push({ name: 'Latest claims', value: claimLines(made, 5) });
  fields.push({ name: `Claims about them (${about.length})`, value: about.length ? claimLines(about, 5) : 'none recorded' });
  return {
    kind: 'card',
    title: title ?? a.name,
    text: a.role || 'No role recorded.',
    fields,
    footer: `${a.id} · added ${when(a.createdAt)}${made.length > 5 ? ` · all their claims: /claim list by: ${a.id}` : ''}`,
  };
}

export function historyReply(c: Claim): Reply {
  return {
    kind: 'list',
    title: `History of ${c.id}: ${short(c.text, 80)}`,
    items: c.history.map((h) => ({ text: changeLine(h), status: h.to })),
    status: c.status,
    footer: `${c.history.length} change${c.history.length === 1 ? '' : 's'} · now ${STATUS_META[c.status].label}`,
  };
}

/** A page (1-based) of claims, newest first as given; `next` is the command that shows the next page. */
export function claimListReply(title: string, cs: Claim[], page: number, next: (page: number) => string): Reply {
  const pages = Math.max(1, Math.ceil(cs.length / PAGE_SIZE));
  const shown = cs.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE);
  const rest = cs.length - (page - 1) * PAGE_SIZE - shown.length;
  let footer = `${cs.length} claim${cs.length === 1 ? '' : 's'} · page ${page} of ${pages}`;
  if (rest > 0) footer += ` · next: ${next(page + 1)}`;
  return { kind: 'list', title, items: shown.map(claimItem), ...(rest > 0 ? { more: rest } : {}), footer };
}

export function actorListReply(title: string, as: Actor[], footer?: string): Reply {
  return {
    kind: 'list',
    title,
    items: as.map((a) => ({ id: a.id, text: a.role ? `${a.name} (${a.role})` : a.name })),
    ...(footer ? { footer } : {}),
  };
}
