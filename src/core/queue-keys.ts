// Where a claim stands in the editor's queue (src/core/queue.ts), as keys of the store's `queue` index, so the
// App Home reads a few small buckets instead of every claim of a large ledger.
import { STATUS_META } from './statuses.ts';
import type { Claim } from './types.ts';

/** The tag of claims filed from a flagged chat message. */
export const FLAG_TAG = 'flagged';

/** An imported review's history entry is the outlet's verdict, not the desk's (`import:claimreview`, `import:<outlet>`). */
const isImport = (by: string) => by.startsWith('import:');

/**
 * `flagged`: filed from chat and not looked at yet; `in_review`; `verdict:<YYYY-MM-DD>`: the desk gave its
 * current verdict that day (UTC).
 */
export function queueKeys(c: Claim): string[] {
  if (c.status === 'unverified') return c.tags.includes(FLAG_TAG) ? ['flagged'] : [];
  if (c.status === 'in_review') return ['in_review'];
  if (!STATUS_META[c.status].verdict) return [];
  const last = c.history[c.history.length - 1];
  return last && last.to === c.status && !isImport(last.by) ? [`verdict:${last.at.slice(0, 10)}`] : [];
}
