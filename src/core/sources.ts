// What a source is to its claim (see SourceKind), also for sources stored before kinds existed.
import type { Claim, Source, SourceKind } from './types.ts';

/** Note the ClaimReview import gave a review's own source before kinds existed (`ClaimReview: Mostly False`). */
const REVIEW_NOTE = /^ClaimReview\b/;

/**
 * The source's kind. Without one (stored before kinds): the import's review note → review; its
 * `appearance` / `first appearance` notes, or a source given when the claim was created and not as the
 * evidence of a status change (`/claim add source:`, the demo) → appearance; anything else (given with
 * `/claim set … source:` or `/claim source`) → evidence.
 */
export function sourceKind(claim: Pick<Claim, 'createdAt' | 'history'>, s: Source): SourceKind {
  if (s.kind) return s.kind;
  if (REVIEW_NOTE.test(s.note)) return 'review';
  if (s.note === 'appearance' || s.note === 'first appearance') return 'appearance';
  const evidenceOfChange = claim.history.some((h) => h.from !== null && h.source === s.url);
  return s.addedAt === claim.createdAt && !evidenceOfChange ? 'appearance' : 'evidence';
}

/** The claim's sources of one kind, in their order. */
export function sourcesOf(claim: Claim, kind: SourceKind): Source[] {
  return claim.sources.filter((s) => sourceKind(claim, s) === kind);
}
