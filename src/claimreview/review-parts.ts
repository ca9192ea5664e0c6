// The pieces of one review the import maps on their own: its claim text, its outlet's review as published,
// the kind of actor its author is, and the retraction of a claim rated before. Pure functions of the parsed
// review (src/claimreview/import.ts writes what they make), and whether the claim it makes needs the store's check.
import type { Author } from '../core/claims.ts';
import type { Actor, Claim, OutletReview, Status } from '../core/types.ts';
import type { WriteTx } from '../core/store-port.ts';
import { MAX_TEXT, type ParsedReview } from './schema.ts';

/** A review of a claim that was later retracted: the verdict first, then the retraction. */
export function retract(tx: WriteTx, claim: Claim, from: Status, by: Author, at: string, source: string): Claim {
  return tx.put('claims', {
    ...claim,
    status: 'retracted',
    history: [...claim.history, { at, by: by.key, byName: by.name, from, to: 'retracted', note: 'retracted by speaker', source }],
  });
}

/** The stored review says what this copy says: same rating, same dates. */
export function sameReview(s: OutletReview, r: ParsedReview, label: string): boolean {
  const g = r.reviewRating;
  return (
    s.label === (label || undefined) &&
    s.ratingValue === g.ratingValue &&
    s.bestRating === g.bestRating &&
    s.worstRating === g.worstRating &&
    s.datePublished === r.datePublished &&
    s.dateModified === r.dateModified
  );
}

/** The review as its outlet published it: what the export needs to publish it again as theirs. */
export function outletReview(r: ParsedReview, label: string, authorUrl: string | undefined, citations: string[] | undefined): OutletReview {
  const g = r.reviewRating;
  const out: OutletReview = {};
  if (label) out.label = label;
  if (g.ratingValue !== undefined) out.ratingValue = g.ratingValue;
  if (g.bestRating !== undefined) out.bestRating = g.bestRating;
  if (g.worstRating !== undefined) out.worstRating = g.worstRating;
  if (r.datePublished) out.datePublished = r.datePublished;
  if (r.dateModified) out.dateModified = r.dateModified;
  if (authorUrl) out.authorUrl = authorUrl;
  if (citations?.length) out.citations = citations;
  return out;
}

export function kindOf(types: string[] | undefined): Actor['kind'] {
  if (!types) return 'unknown';
  if (types.some((t) => /(^|[:/])Person$/.test(t))) return 'person';
  if (types.some((t) => /(^|[:/])(Organization|GovernmentOrganization|NewsMediaOrganization|Corporation|NGO|PoliticalParty)$/.test(t))) return 'organization';
  return 'unknown';
}

/** claimReviewed, unless it was cut short (`…`) or reflowed and the Claim carries the whole text. */
export function claimText(r: ParsedReview): string {
  const full = (r.itemReviewed?.text ?? r.itemReviewed?.description ?? '').trim();
  if (!full) return r.claimReviewed;
  const cut = /(…|\.\.\.)$/.test(r.claimReviewed) && full.length > r.claimReviewed.length;
  return cut || full.replace(/\s+/g, ' ') === r.claimReviewed.replace(/\s+/g, ' ') ? full : r.claimReviewed;
}

export function toIso(d: Date | string): string {
  return typeof d === 'string' ? new Date(d).toISOString() : d.toISOString();
}

// A claim made from a review holds its text (≤ MAX_TEXT), a few names, labels and urls, each in it at most
// four times, and per source a url (twice at most: as a citation), an outlet, a note and fixed fields. With
// those strings at most VOUCH_STRING long and at most VOUCH_SOURCES sources of urls at most VOUCH_URL long,
// it stays under a third of the store's 1,000,000 characters (and far under its million values).
const VOUCH_STRING = 1000;
const VOUCH_SOURCES = 64;
const VOUCH_URL = 1024;

/**
 * Whether the claim built from these strings (the review's own, from the file or the caller) and sources is
 * already what the store would keep (PutOptions.checked): well-formed strings (a lone surrogate, which a
 * `\ud800` in the file makes, becomes U+FFFD in the store's check) and a size far within its limits. Numbers
 * are finite (fastParse), dates are ours (toISOString), the objects are built by createClaim.
 */
export function vouch(text: string, strings: (string | undefined)[], sources: { url: string; outlet: string; note: string }[]): boolean {
  if (sources.length > VOUCH_SOURCES || text.length > MAX_TEXT || !text.isWellFormed()) return false;
  for (const s of strings) if (s !== undefined && (s.length > VOUCH_STRING || !s.isWellFormed())) return false;
  for (const s of sources) {
    if (s.url.length > VOUCH_URL || !s.url.isWellFormed() || !s.outlet.isWellFormed() || !s.note.isWellFormed()) return false;
  }
  return true;
}
