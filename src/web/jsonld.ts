// ClaimReview JSON-LD for the pages: the export's own mapping (src/claimreview/export.ts), never a copy of it.
// A claim page embeds the export of a view holding that one claim; /claims.jsonld is the whole export.
import { exportClaimReview, type ClaimReviewDocument, type Org } from '../claimreview/export.ts';
import type { Claim } from '../core/types.ts';
import type { CollectionName, Collections, ReadView } from '../core/store-port.ts';

/** The ledger as the export sees it, narrowed to one claim (actors and the rest read through). */
function oneClaim(view: ReadView, claim: Claim): ReadView {
  return {
    get: <C extends CollectionName>(coll: C, id: string) =>
      (coll === 'claims' ? (id === claim.id ? claim : undefined) : view.get(coll, id)) as Collections[C] | undefined,
    all: <C extends CollectionName>(coll: C) => (coll === 'claims' ? [claim] : view.all(coll)) as Collections[C][],
    count: (coll: CollectionName) => (coll === 'claims' ? 1 : view.count(coll)),
    byIndex: <C extends CollectionName>(coll: C, index: never, key: string) =>
      (coll === 'claims' ? view.byIndex('claims', index, key).filter((c) => c.id === claim.id) : view.byIndex(coll, index, key)) as Collections[C][],
  } as ReadView;
}

/** The claim as the public may see it: without the chat message it was flagged from. The export lists that
 *  message as an appearance; on the web it would show the newsroom's workspace, channel and message. */
function withoutOrigin(claim: Claim): Claim {
  if (!claim.origin) return claim;
  const { origin: _chat, ...rest } = claim;
  return rest as Claim;
}

/** The ClaimReview of one claim, as the export gives it; `now` only fills a date the history lacks. */
export function claimReviewOf(view: ReadView, claim: Claim, org: Org): Record<string, unknown> | undefined {
  const doc = exportClaimReview(oneClaim(view, withoutOrigin(claim)), org, new Date(claim.updatedAt));
  const node = doc['@graph'][0];
  return node ? { '@context': doc['@context'], ...node } : undefined;
}

/** The export's graph nodes for one claim (none, one desk review, or imported outlets' reviews too). */
export function reviewNodesOf(view: ReadView, claim: Claim, org: Org): Record<string, unknown>[] {
  return exportClaimReview(oneClaim(view, withoutOrigin(claim)), org, new Date(claim.updatedAt))['@graph'];
}

export type { ClaimReviewDocument };

/**
 * JSON for inside <script type="application/ld+json">: `<` `>` `&` and the two JS line separators as \u
 * escapes, so claim text holding `</script>` or `<!--` cannot end the block. JSON.parse reads it unchanged.
 */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
