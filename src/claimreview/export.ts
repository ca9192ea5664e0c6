// The ledger's verdicts as schema.org ClaimReview JSON-LD (what Google Fact Check Explorer reads).
import type { Actor, Claim, HistoryEntry, Source, Status } from '../core/types.ts';
import type { ReadView } from '../core/store-port.ts';
import { isVerdict, PUBLISHED } from './ratings.ts';
import { isWebUrl } from './schema.ts';
import { sourcesOf } from '../core/sources.ts';
import { isDeskVerdict } from './verdicts.ts';

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
 * The desk's review of each claim it gave a verdict (every status but `unverified` and `in_review`), and
 * every other outlet's review the ledger imported, published as theirs; ordered by claim id. A verdict
 * that came from an outlet's review is not the desk's: it is published only as that outlet's review.
 * Desk review urls: `${org.publicUrl}/claims/C12` (the desk's page), else `${org.url}/claims/C12`, else
 * `urn:claimdesk:claim:C12`.
 */
export function exportClaimReview(store: ReadView, orgOrOptions: Org | { org: Org }, now: Date = new Date()): ClaimReviewDocument {
  // `{ org }` is accepted too: the CLI passes its options object
  const org = 'org' in orgOrOptions ? orgOrOptions.org : orgOrOptions;
  const publisher = orgNode(org);
  const claims = store.all('claims').sort((a, b) => idNumber(a.id) - idNumber(b.id));
  const graph: Record<string, unknown>[] = [];
  for (const c of claims) {
    const reviews = sourcesOf(c, 'review');
    const desk = isVerdict(c.status) && isDeskVerdict(c, reviews);
    if (!desk && reviews.length === 0) continue;
    const url = reviewUrl(org, c.id);
    const item = claimNode(c, store.get('actors', c.claimant), url);
    const cited = new Set(reviews.flatMap((r) => r.review?.citations ?? []));
    const evidence = sourcesOf(c, 'evidence').filter((s) => s.url !== url);
    if (desk) graph.push(deskReview(c, url, publisher, item, evidence.filter((s) => !cited.has(s.url)), now));
    for (const r of reviews) if (!(desk && r.url === url)) graph.push(outletReview(c, r, item, evidence));
  }
  return { '@context': 'https://schema.org', '@graph': graph };
}

/** The url our export gives a claim's review. */
export function reviewUrl(org: Org, claimId: string): string {
  const base = org.publicUrl || org.url;
  return base ? `${base.replace(/\/+$/, '')}/claims/${claimId}` : `urn:claimdesk:claim:${claimId}`;
}

function deskReview(c: Claim, url: string, publisher: Record<string, unknown>, item: Record<string, unknown>, evidence: Source[], now: Date) {
  return {
    '@type': 'ClaimReview',
    url,
    claimReviewed: shorten(c.text, CLAIM_REVIEWED_MAX),
    datePublished: statusDate(c) ?? now.toISOString(),
    author: publisher,
    reviewRating: ratingOf(c),
    itemReviewed: item,
    // what the desk checked the claim against (schema.org: "a citation or reference to another creative work")
    ...(evidence.length ? { citation: evidence.map(work) } : {}),
  };
}

/** An imported review as its outlet published it: their url, name, label, scale and dates. */
function outletReview(c: Claim, s: Source, item: Record<string, unknown>, evidence: Source[]) {
  const r = s.review;
  // sources imported before the details were kept: the label is in the note (`ClaimReview: Mostly False`)
  const label = r ? r.label : (/^ClaimReview:\s*(.+)$/.exec(s.note)?.[1] ?? c.externalRating);
  const rating: Record<string, unknown> = { '@type': 'Rating' };
  if (r?.ratingValue !== undefined) rating.ratingValue = r.ratingValue;
  if (r?.bestRating !== undefined) rating.bestRating = r.bestRating;
  if (r?.worstRating !== undefined) rating.worstRating = r.worstRating;
  if (label) rating.alternateName = label;
  const cited = new Set(r?.citations ?? []);
  const citation = evidence.filter((e) => cited.has(e.url));
  return {
    '@type': 'ClaimReview',
    url: s.url,
    claimReviewed: shorten(c.text, CLAIM_REVIEWED_MAX),
    datePublished: r?.datePublished ?? s.addedAt,
    ...(r?.dateModified ? { dateModified: r.dateModified } : {}),
    author: { '@type': 'Organization', name: s.outlet, ...(r?.authorUrl ? { url: r.authorUrl } : {}) },
    reviewRating: rating,
    itemReviewed: item,
    ...(citation.length ? { citation: citation.map(work) } : {}),
  };
}

function claimNode(c: Claim, actor: Actor | undefined, ownUrl: string): Record<string, unknown> {
  const appearances = appearancesOf(c).filter((s) => s.url !== ownUrl);
  const first = appearances.find((s) => s.note === 'first appearance');
  const item: Record<string, unknown> = {
    '@type': 'Claim',
    author: actorNode(actor, c.claimant),
    // when the claim was made; unknown for a claim typed in by hand (its createdAt is when we filed it)
    ...(c.madeAt ? { datePublished: c.madeAt } : {}),
    text: c.text,
  };
  if (appearances.length) item.appearance = appearances.map(work);
  if (first) item.firstAppearance = work(first);
  return item;
}

/** Where the claim was made: its appearance sources, and the chat message it was flagged from. */
function appearancesOf(c: Claim): Array<{ url: string; outlet: string; note: string }> {
  const out: Array<{ url: string; outlet: string; note: string }> = sourcesOf(c, 'appearance');
  const link = c.origin?.link;
  if (link && isWebUrl(link) && !out.some((s) => s.url === link)) out.push({ url: link, outlet: '', note: 'flagged message' });
  return out;
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

/**
 * A source as a CreativeWork. Only a web address goes in `url` (what readers and importers follow); a
 * reference that is none (the demo's `seed:` files, a `console://` message) is kept as its `identifier`.
 */
function work(s: { url: string; outlet: string }): Record<string, unknown> {
  const where = isWebUrl(s.url) ? { url: s.url } : { identifier: s.url };
  return { '@type': 'CreativeWork', ...where, ...(s.outlet ? { publisher: { '@type': 'Organization', name: s.outlet } } : {}) };
}

function idNumber(id: string): number {
  const n = Number(id.replace(/^C/i, ''));
  return Number.isFinite(n) ? n : Number.MAX_SAFE_INTEGER;
}
