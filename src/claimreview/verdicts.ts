// Whose verdict a claim has: the desk's, or one taken from another outlet's imported review.
import type { Claim, HistoryEntry, Source } from '../core/types.ts';
import { isVerdict } from './ratings.ts';

/** Who the history records for an import (its display name is the publisher's). */
export const IMPORT_KEY = 'import:claimreview';

/** The entry that gave the published verdict: the one that set the status, or for `retracted` the verdict before. */
export function verdictEntry(c: Claim): HistoryEntry | undefined {
  const h = c.history;
  for (let i = h.length - 1; i >= 0; i--) {
    const to = h[i].to;
    if (c.status === 'retracted' ? to !== 'retracted' && isVerdict(to) : to === c.status) return h[i];
  }
  // retracted before any verdict: the retraction is what we publish
  for (let i = h.length - 1; i >= 0; i--) if (h[i].to === c.status) return h[i];
  return undefined;
}

/**
 * True when the claim's verdict was given by the desk, not taken from an outlet's review: the entry that
 * set it is neither the import's nor one whose evidence is one of the claim's imported reviews.
 */
export function isDeskVerdict(c: Claim, reviews: readonly Source[]): boolean {
  const h = verdictEntry(c);
  if (!h) return false;
  return h.by !== IMPORT_KEY && !(h.source !== undefined && reviews.some((r) => r.url === h.source));
}
