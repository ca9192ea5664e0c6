// The pieces of one review the import maps on their own: its claim text, its outlet's review as published,
// the kind of actor its author is, and the retraction of a claim rated before. Pure functions of the parsed
// review (src/claimreview/import.ts writes what they make).
import type { Author } from '../core/claims.ts';
import type { Actor, Claim, OutletReview, Status } from '../core/types.ts';
import type { WriteTx } from '../core/store-port.ts';
import type { ParsedReview } from './schema.ts';

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
