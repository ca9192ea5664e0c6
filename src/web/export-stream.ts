// GET /claims.jsonld without blocking the server: the whole export costs about a second of CPU at 100k claims,
// which on one event loop would stall every page and every chat platform for that long. So each claim's
// ClaimReview JSON is made once and kept until that claim or its claimant changes, and the document is written
// in slices of a few milliseconds with a yield to the event loop between them, following the socket's
// backpressure. The body is exactly JSON.stringify(exportClaimReview(...)), claims in id order.
import { performance } from 'node:perf_hooks';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Org } from '../claimreview/export.ts';
import type { Claim } from '../core/types.ts';
import type { Store } from '../../store/types.ts';
import { reviewNodesOf } from './jsonld.ts';

/** Longest run of work between two yields to the event loop. */
const SLICE_MS = 4;

/** Where the body goes: resolves when the chunk may be followed by another (the socket drained). */
export type Sink = (chunk: string) => Promise<void> | void;

export class ExportStream {
  /** claim id → its review nodes as JSON (comma-joined, '' when it has none), keyed by claim and claimant versions */
  private json = new Map<string, { key: string; json: string }>();
  private unsubscribe: () => void;

  constructor(
    private store: Store,
    private org: Org,
  ) {
    // a changed or deleted claim drops its entry (an actor's change shows up in the key instead)
    this.unsubscribe = store.onCommit((changes) => {
      for (const ch of changes) if (ch.coll === 'claims') this.json.delete(ch.op === 'put' ? ch.doc.id : ch.id);
    });
  }

  close(): void {
    this.unsubscribe();
  }

  async write(out: Sink): Promise<void> {
    // one snapshot of the claims (docs are immutable), so the body is one consistent state of the ledger
    const claims = byId(this.store.all('claims'));
    let parts: string[] = ['{"@context":"https://schema.org","@graph":['];
    let first = true;
    let t = performance.now();
    for (let i = 0; i < claims.length; i++) {
      const json = this.reviewJson(claims[i]);
      if (json) {
        parts.push(first ? json : `,${json}`);
        first = false;
      }
      if ((i & 31) === 31 && performance.now() - t > SLICE_MS) {
        await out(parts.join(''));
        parts = [];
        await nextTurn();
        t = performance.now();
      }
    }
    parts.push(']}');
    await out(parts.join(''));
  }

  private reviewJson(c: Claim): string {
    const claimant = this.store.get('actors', c.claimant);
    const key = `${c.version}.${claimant?.version ?? 0}`;
    const hit = this.json.get(c.id);
    if (hit?.key === key) return hit.json;
    const json = reviewNodesOf(this.store, c, this.org)
      .map((n) => JSON.stringify(n))
      .join(',');
    this.json.set(c.id, { key, json });
    return json;
  }
}

/** Claims in id order, as the export lists them. The store gives insertion order, which is id order but for
 *  imports with their own ids: checked in one pass, sorted only then. */
function byId(claims: Claim[]): Claim[] {
  const n = (c: Claim) => Number(c.id.slice(1));
  let sorted = true;
  for (let i = 1; i < claims.length && sorted; i++) sorted = n(claims[i - 1]) <= n(claims[i]);
  if (sorted) return claims;
  return claims
    .map((c) => ({ c, k: Number.isFinite(n(c)) ? n(c) : Number.MAX_SAFE_INTEGER }))
    .sort((a, b) => a.k - b.k)
    .map((x) => x.c);
}
