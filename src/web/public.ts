// What the public may see of the ledger. Only claims with a verdict are public; of them, never the flag queue,
// who flagged or changed what (user ids, display names), channels or the chat origin, nor notes marked internal.
// Every page is built from these view models, so nothing private can reach a template by accident.
import { isVerdict } from '../claimreview/ratings.ts';
import { STATUS_META } from '../core/statuses.ts';
import type { Actor, Claim, HistoryEntry, Status } from '../core/types.ts';
import type { ReadView } from '../core/store-port.ts';

export const PUBLIC_STATUSES = (Object.keys(STATUS_META) as Status[]).filter(isVerdict);

export function isPublic(c: Claim | undefined): c is Claim {
  return !!c && isVerdict(c.status);
}

/** When the claim got its current status: the latest history entry that set it (else its last update). */
export function verdictAt(c: Claim): string {
  for (let i = c.history.length - 1; i >= 0; i--) if (c.history[i].to === c.status) return c.history[i].at;
  return c.updatedAt;
}

export interface PublicChange {
  at: string;
  from?: Status;
  to: Status;
  /** a verdict replacing an earlier verdict */
  correction: boolean;
  note: string;
  source?: string;
}

/** The verdicts and corrections of a claim, oldest first, without who made them or internal notes. */
export function publicHistory(c: Claim): PublicChange[] {
  const out: PublicChange[] = [];
  let lastVerdict: Status | undefined;
  for (const h of c.history) {
    if (!isVerdict(h.to)) continue;
    out.push({
      at: h.at,
      ...(lastVerdict ? { from: lastVerdict } : {}),
      to: h.to,
      correction: lastVerdict !== undefined && lastVerdict !== h.to,
      note: publicNote(h),
      ...(h.source && isWebUrl(h.source) ? { source: h.source } : {}),
    });
    lastVerdict = h.to;
  }
  return out;
}

export function publicNote(h: HistoryEntry): string {
  return h.internal ? '' : h.note;
}

export function isWebUrl(u: string): boolean {
  return /^https?:\/\//i.test(u);
}

export interface PublicSource {
  url: string;
  outlet: string;
  note: string;
}

/** Evidence, without who attached it; a note that came with an internal status note stays off. */
export function publicSources(c: Claim): PublicSource[] {
  const internalNotes = new Set(c.history.filter((h) => h.internal && h.note).map((h) => h.note));
  return c.sources
    .filter((s) => isWebUrl(s.url))
    .map((s) => ({ url: s.url, outlet: s.outlet, note: internalNotes.has(s.note) ? '' : s.note }));
}

/** Public claims that name this actor, as claimant or as subject. */
export function publicClaimsOf(view: ReadView, actorId: string): { by: Claim[]; about: Claim[] } {
  const by: Claim[] = [];
  const about: Claim[] = [];
  for (const c of view.byIndex('claims', 'byActor', actorId)) {
    if (!isPublic(c)) continue;
    (c.claimant === actorId ? by : about).push(c);
  }
  return { by, about };
}


export type { Actor };

// Bidi embeddings, overrides and isolates (not the LRM/RLM marks RTL writing uses): obeyed, an override makes
// "gnp.exe" read "exe.png". The pages show them by name; the JSON-LD keeps the text as it is.
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/g;
export function shownText(s: string): string {
  return s.replace(BIDI_CONTROLS, (ch) => `[U+${ch.charCodeAt(0).toString(16).toUpperCase()}]`);
}
