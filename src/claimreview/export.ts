// The ledger's verdicts as schema.org ClaimReview JSON-LD (what Google Fact Check Explorer reads).
import type { Actor, Claim, HistoryEntry, Status } from '../core/types.ts';
import type { ReadView } from '../../store/types.ts';
import { isVerdict, PUBLISHED } from './ratings.ts';

export interface Org {
  name: string;
  url?: string;
  /** PUBLIC_URL: where the desk's own verdict pages are served (src/web); review urls point there when set */
  publicUrl?: string;
}

/** Google recommends a claimReviewed of at most 75 characters; the whole text goes in itemReviewed.text. */
export const CLAIM_REVIEWED_MAX = 75;
export const RETRACTED_SUFFIX = '(retracted by speaker)';

export interface ClaimReviewDocument {
  '@context': 'https://schema.org';
  '@graph': Record<string, unknown>[];
}

/**
 * One ClaimReview per claim with a verdict (every status but `unverified` and `in_review`), ordered by id.
 * Review urls: `${org.publicUrl}/claims/C12` (the desk's page), else `${org.url}/claims/C12`, else `urn:claimdesk:claim:C12`.
 */
export function exportClaimReview(store: ReadView, orgOrOptions: Org | { org: Org }, now: Date = new Date()): ClaimReviewDocument {
  // `{ org }` is accepted too: the CLI passes its options object
  const org = 'org' in orgOrOptions ? orgOrOptions.org : orgOrOptions;
  const publisher = orgNode(org);
  const claims = store
    .all('claims')
    .filter((c) => isVerdict(c.status))
    .sort((a, b) => idNumber(a.id) - idNumber(b.id));
  return {
    '@context': 'https://schema.org',
    '@graph': claims.map((c) => reviewOf(c, store.get('actors', c.claimant), org, publisher, now)),
  };
}

/** The url our export gives a claim's review. */
export function reviewUrl(org: Org, claimId: string): string {
  const base = org.publicUrl || org.url;
  return base ? `${base.replace(/\/+$/, '')}/claims/${claimId}` : `urn:claimdesk:claim:${claimId}`;
}

function reviewOf(c: Claim, actor: Actor | undefined, org: Org, publisher: Record<string, unknown>, now: Date) {
  const url = reviewUrl(org, c.id);
  const appearances = c.sources.filter((s) => !s.note.startsWith('ClaimReview') && s.url !== url);
  const first = appearances.find((s) => s.note === 'first appearance');
  const item: Record<string, unknown> = {
    '@type': 'Claim',
    author: actorNode(actor, c.claimant),
    datePublished: c.createdAt,
    text: c.text,
  };
  if (appearances.length) item.appearance = appearances.map(work);
  if (first) item.firstAppearance = work(first);
  return {
    '@type': 'ClaimReview',
    url,
    claimReviewed: shorten(c.text, CLAIM_REVIEWED_MAX),
    datePublished: statusDate(c) ?? now.toISOString(),
    author: publisher,
    reviewRating: ratingOf(c),
    itemReviewed: item,
  };
}

/** `retracted` publishes the verdict it had before, marked as retracted by the speaker. */
function ratingOf(c: Claim): Record<string, unknown> {
  const scale = { '@type': 'Rating', bestRating: 5, worstRating: 1 };
  if (c.status !== 'retracted') {
    const p = PUBLISHED[c.status as keyof typeof PUBLISHED];
    return { ...scale, ratingValue: p.value, alternateName: p.label };
  }
  const before = lastVerdict(c.history);
  if (!before) return { ...scale, alternateName: `Retracted by speaker` };
  const p = PUBLISHED[before];
  return { ...scale, ratingValue: p.value, alternateName: `${p.label} ${RETRACTED_SUFFIX}` };
}

/** The last verdict a claim had before its retraction, from its history. */
export function lastVerdict(history: readonly HistoryEntry[]): keyof typeof PUBLISHED | undefined {
  for (let i = history.length - 1; i >= 0; i--) {
    const to: Status = history[i].to;
    if (to !== 'retracted' && isVerdict(to)) return to as keyof typeof PUBLISHED;
  }
  return undefined;
}

/** When the claim got its current status (the latest history entry that set it). */
function statusDate(c: Claim): string | undefined {
  for (let i = c.history.length - 1; i >= 0; i--) if (c.history[i].to === c.status) return c.history[i].at;
  return undefined;
}

/** Cut at a word boundary when one is near, and end with an ellipsis. */
export function shorten(text: string, max: number): string {
  const t = text.replace(/\s+/g, ' ').trim();
  if (t.length <= max) return t;
  const room = t.slice(0, max - 1);
  const space = room.lastIndexOf(' ');
  return `${(space > max * 0.6 ? room.slice(0, space) : room).replace(/[\s,;:.]+$/, '')}…`;
}

/** Actor kind → schema.org type; `unknown` is published as Person (most claimants are people). */
function actorNode(a: Actor | undefined, fallback: string): Record<string, unknown> {
  if (!a) return { '@type': 'Person', name: fallback };
  const node: Record<string, unknown> = { '@type': a.kind === 'organization' ? 'Organization' : 'Person', name: a.name };
  if (a.aliases.length) node.alternateName = a.aliases;
  if (a.role && a.kind !== 'organization') node.jobTitle = a.role;
  return node;
}

function orgNode(org: Org): Record<string, unknown> {
  return { '@type': 'Organization', name: org.name, ...(org.url ? { url: org.url } : {}) };
}

function work(s: { url: string; outlet: string }): Record<string, unknown> {
  return { '@type': 'CreativeWork', url: s.url, ...(s.outlet ? { publisher: { '@type': 'Organization', name: s.outlet } } : {}) };
}

function idNumber(id: string): number {
  const n = Number(id.replace(/^C/i, ''));
  return Number.isFinite(n) ? n : Number.MAX_SAFE_INTEGER;
}
