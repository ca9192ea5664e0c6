// The board's order, kept up to date: every public claim, latest verdict first. Sorting 100k claims per
// request would cost the board its 20 ms budget, so the order is built once and then follows the store's
// commits (one binary-search insert or removal per changed claim). `generation` and `lastModified` change
// with every commit that touches claims or actors: the board's ETag and Last-Modified.
import type { Change, Store } from '../../store/types.ts';
import type { Claim, Status } from '../core/types.ts';
import type { SearchPort } from '../core/desk.ts';
import { isPublic, verdictAt } from './public.ts';

interface Entry {
  id: string;
  at: number;
  n: number;
  status: Status;
}

export interface BoardQuery {
  status?: Status;
  actor?: string;
  q?: string;
}

export interface BoardPage {
  claims: Claim[];
  total: number;
  page: number;
  pages: number;
}

/** Search results considered for the board (ranked; the board shows them in pages). */
const SEARCH_LIMIT = 500;

// latest first; ties: the higher id (filed later) first
const before = (a: Entry, b: Entry) => (a.at !== b.at ? b.at - a.at : b.n - a.n);

export class BoardIndex {
  private order: Entry[] = [];
  private byId = new Map<string, Entry>();
  private unsubscribe: () => void;
  generation = 0;
  lastModified: number;

  constructor(
    private store: Store,
    private search: SearchPort,
  ) {
    this.unsubscribe = store.onCommit((changes) => this.onCommit(changes));
    let latest = 0;
    for (const c of store.all('claims')) {
      latest = Math.max(latest, Date.parse(c.updatedAt) || 0);
      if (isPublic(c)) this.byId.set(c.id, entry(c));
    }
    this.order = [...this.byId.values()].sort(before);
    // second resolution, like the Last-Modified header itself
    this.lastModified = Math.floor((latest || Date.now()) / 1000) * 1000;
  }

  close(): void {
    this.unsubscribe();
  }

  get size(): number {
    return this.order.length;
  }

  /** The newest public claims (for the feed). */
  latest(n: number): Claim[] {
    const out: Claim[] = [];
    for (const e of this.order) {
      if (out.length >= n) break;
      const c = this.store.get('claims', e.id);
      if (isPublic(c)) out.push(c);
    }
    return out;
  }

  page(q: BoardQuery, page: number, size: number): BoardPage {
    const matches = q.q ? this.searched(q) : q.actor ? this.ofActor(q.actor, q.status) : undefined;
    if (matches) return slice(matches, page, size);
    // the whole board, maybe one status: walk the order once, keep the page, count the rest
    const claims: Claim[] = [];
    const from = (page - 1) * size;
    let total = 0;
    for (const e of this.order) {
      if (q.status && e.status !== q.status) continue;
      if (total >= from && total < from + size) {
        const c = this.store.get('claims', e.id);
        if (c) claims.push(c);
      }
      total++;
    }
    return { claims, total, page, pages: Math.max(1, Math.ceil(total / size)) };
  }

  private searched(q: BoardQuery): Claim[] {
    return this.search
      .claims(q.q!, SEARCH_LIMIT)
      .filter((c) => isPublic(c) && (!q.status || c.status === q.status) && (!q.actor || c.claimant === q.actor || c.subjects.includes(q.actor)));
  }

  private ofActor(actor: string, status?: Status): Claim[] {
    return this.store
      .byIndex('claims', 'byActor', actor)
      .filter((c) => isPublic(c) && (!status || c.status === status))
      .map((c) => ({ c, e: this.byId.get(c.id) ?? entry(c) }))
      .sort((a, b) => before(a.e, b.e))
      .map((x) => x.c);
  }

  private onCommit(changes: readonly Change[]): void {
    let touched = false;
    for (const ch of changes) {
      if (ch.coll !== 'claims' && ch.coll !== 'actors') continue;
      touched = true;
      if (ch.coll !== 'claims') continue;
      const id = ch.op === 'put' ? ch.doc.id : ch.id;
      const old = this.byId.get(id);
      if (old) this.remove(old);
      if (ch.op === 'put' && isPublic(ch.doc as Claim)) this.insert(entry(ch.doc as Claim));
    }
    if (touched) {
      this.generation++;
      this.lastModified = Math.max(this.lastModified, Math.floor(Date.now() / 1000) * 1000);
    }
  }

  private indexOf(e: Entry): number {
    let lo = 0;
    let hi = this.order.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (before(this.order[mid], e) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private insert(e: Entry): void {
    this.order.splice(this.indexOf(e), 0, e);
    this.byId.set(e.id, e);
  }

  private remove(e: Entry): void {
    const i = this.indexOf(e);
    if (this.order[i] === e) this.order.splice(i, 1);
    else this.order = this.order.filter((x) => x !== e); // never expected; stay correct anyway
    this.byId.delete(e.id);
  }
}

function entry(c: Claim): Entry {
  return { id: c.id, at: Date.parse(verdictAt(c)) || 0, n: Number(c.id.slice(1)) || 0, status: c.status };
}

function slice(all: Claim[], page: number, size: number): BoardPage {
  return { claims: all.slice((page - 1) * size, page * size), total: all.length, page, pages: Math.max(1, Math.ceil(all.length / size)) };
}
