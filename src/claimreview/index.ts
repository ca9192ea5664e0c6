// schema.org ClaimReview JSON-LD in and out. The CLI uses exactly these:
//   isClaimReview(json)                                   → route `import <file>` here instead of the claimdesk importer
//   importClaimReview(storeOrDesk, json, { skipInvalid })  → ImportReport (nothing written when invalid, unless skipInvalid)
//   formatImportReport(report)                            → the text to print
//   exportClaimReview(store, config.org)                  → the JSON-LD object for `export --format claimreview`
import type { ImportReport } from './import.ts';
import { isEmptyGraph, isObject } from './items.ts';

export { collectItems } from './items.ts';
export { importClaimReview, importClaimReviewStream, type ImportOptions, type ImportReport, type ImportError } from './import.ts';
export { exportClaimReview, reviewUrl, shorten, type Org, type ClaimReviewDocument } from './export.ts';
export { mapRating, RATING_TABLE, PUBLISHED, normalizeLabel, statusOfLabel, statusOfNumber } from './ratings.ts';

function isReviewNode(v: unknown): boolean {
  if (!isObject(v)) return false;
  const t = v['@type'];
  const types = Array.isArray(t) ? t : [t];
  return types.some((x) => typeof x === 'string' && /(^|[/:])ClaimReview$/.test(x)) || (t === undefined && 'claimReviewed' in v);
}

/**
 * True for ClaimReview JSON-LD: a ClaimReview object, an array holding one, or a `@graph` holding one.
 * False for claimdesk's own export (`{ "format": "claimdesk", … }`) and anything else.
 */
export function isClaimReview(json: unknown): boolean {
  if (Array.isArray(json)) return json.some((x) => isReviewNode(x) || (isObject(x) && Array.isArray(x['@graph']) && isClaimReview(x)));
  if (!isObject(json) || json.format === 'claimdesk') return false;
  if (Array.isArray(json['@graph'])) return json['@graph'].some(isReviewNode) || isEmptyGraph(json);
  return isReviewNode(json);
}

/** Human-readable summary of an import, one error per line: `item 3 (https://…): reviewRating.ratingValue: …`. */
export function formatImportReport(r: ImportReport, maxErrors = 50): string {
  const lines: string[] = [];
  if (r.errors.length && !r.written) {
    lines.push(`ClaimReview import: nothing written — ${r.total - countBad(r)} of ${r.total} items are valid; fix the errors below or pass --skip-invalid to import the valid ones.`);
  } else {
    lines.push(
      `ClaimReview import: ${r.imported} imported, ` +
        (r.updated ? `${r.updated} updated (re-rated by their publisher), ` : '') +
        `${r.unchanged} unchanged (already in the ledger)` +
        (r.skipped ? `, ${r.skipped} invalid skipped` : '') +
        (r.actorsCreated ? `, ${r.actorsCreated} new actors` : '') +
        '.',
    );
  }
  for (const e of r.errors.slice(0, maxErrors)) {
    const where = e.item === 0 ? 'file' : `item ${e.item}${e.url ? ` (${e.url})` : ''}`;
    lines.push(`  ${where}: ${e.field}: ${e.message}`);
  }
  if (r.errors.length > maxErrors) lines.push(`  … and ${r.errors.length - maxErrors} more errors`);
  return lines.join('\n');
}

function countBad(r: ImportReport): number {
  return new Set(r.errors.filter((e) => e.item > 0).map((e) => e.item)).size || (r.errors.length ? r.total : 0);
}
