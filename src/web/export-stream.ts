// GET /claims.jsonld without blocking the server: the whole export costs about a second of CPU at 100k claims,
// which on one event loop would stall every page and every chat platform for that long. So each claim's
// ClaimReview JSON is made once and kept until that claim or its claimant changes, and the document is written
// in slices of a few milliseconds with a yield to the event loop between them, following the socket's
// backpressure. The body is exactly JSON.stringify(exportClaimReview(...)), claims in id order.
import { performance } from 'node:perf_hooks';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Org } from '../claimreview/export.ts';
import type { Claim } from '../core/types.ts';
import type { Store } from '../core/store-port.ts';
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
    const claims = this.store.all('claims');
    // the export lists claims in id order; the store's insertion order is that but for imports with their own
    // ids: checked in slices, sorted (in one go) only then
    const keys = new Float64Array(claims.length);
    let sorted = true;
    await inSlices(claims.length, (i) => {
      keys[i] = idNumber(claims[i].id);
      if (i > 0 && keys[i] < keys[i - 1]) sorted = false;
    });
    const order = sorted ? undefined : Uint32Array.from(claims.keys()).sort((a, b) => keys[a] - keys[b] || a - b);
    let parts: string[] = ['{"@context":"https://schema.org","@graph":['];
    let first = true;
    await inSlices(
      claims.length,
      (i) => {
        const json = this.reviewJson(claims[order ? order[i] : i]);
        if (!json) return;
        parts.push(first ? json : `,${json}`);
        first = false;
      },
      async () => {
        await out(parts.join(''));
        parts = [];
      },
    );
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

/** Runs fn(0..n-1), yielding to the event loop (after `pause`) whenever a slice has taken SLICE_MS. */
async function inSlices(n: number, fn: (i: number) => void, pause?: () => Promise<void>): Promise<void> {
  let t = performance.now();
  for (let i = 0; i < n; i++) {
    fn(i);
    if ((i & 31) === 31 && performance.now() - t > SLICE_MS) {
      await pause?.();
      await nextTurn();
      t = performance.now();
    }
  }
}

/** As the export orders them: C12 → 12; an id that is no number last. */
function idNumber(id: string): number {
  const n = Number(id.replace(/^C/i, ''));
  return Number.isFinite(n) ? n : Number.MAX_SAFE_INTEGER;
}
