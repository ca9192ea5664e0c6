// The board's order, kept up to date: every public claim, latest verdict first. Sorting 100k claims per
// request would cost the board its 20 ms budget, so the order is built once and then follows the store's
// commits (one binary-search insert or removal per changed claim). `generation` (the ledger's version) and `lastModified` change
// with every commit that touches claims or actors: the board's ETag and Last-Modified.
import type { Change, Store } from '../core/store-port.ts';
import type { Claim, Status } from '../core/types.ts';
import type { SearchPort } from '../core/desk.ts';
import { claimNumber } from '../core/claims.ts';
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

/** Entries in board order; binary-search insert and removal. */
class SortedEntries {
  items: Entry[] = [];

  private indexOf(e: Entry): number {
    let lo = 0;
    let hi = this.items.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (before(this.items[mid], e) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  insert(e: Entry): void {
    this.items.splice(this.indexOf(e), 0, e);
  }

  remove(e: Entry): void {
    const i = this.indexOf(e);
    if (this.items[i] === e) this.items.splice(i, 1);
    else this.items = this.items.filter((x) => x !== e); // never expected; stay correct anyway
  }
}

export class BoardIndex {
  // the whole board and one list per verdict, so any page of either is a slice, never a walk of 100k claims
  private order = new SortedEntries();
  private byStatus = new Map<Status, SortedEntries>();
  private byId = new Map<string, Entry>();
  private unsubscribe: () => void;
  // The ledger's version, for ETags: the number of claims and actors and the sum of their versions (a put
  // raises a doc's version by one, a delete takes it out). It is the same for the same ledger in any process,
  // so an ETag survives a restart and is shared by instances on one database, and never names another state.
  private versions = new Map<string, number>();
  private docs = 0;
  private versionSum = 0;
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
      this.count('claims', c.id, c.version);
    }
    for (const a of store.all('actors')) {
      latest = Math.max(latest, Date.parse(a.updatedAt) || 0);
      this.count('actors', a.id, a.version);
    }
    this.order.items = [...this.byId.values()].sort(before);
    for (const e of this.order.items) this.statusList(e.status).items.push(e); // already in order
    // second resolution, like the Last-Modified header itself
    this.lastModified = Math.floor((latest || Date.now()) / 1000) * 1000;
  }

  close(): void {
    this.unsubscribe();
  }

  /** Changes with every commit to claims or actors; part of the board's, feed's, actors' and export's ETags. */
  get generation(): string {
    return `${this.docs.toString(36)}-${this.versionSum.toString(36)}`;
  }

  private count(coll: string, id: string, version: number | undefined): void {
    const key = `${coll}/${id}`;
    const old = this.versions.get(key);
    if (old === undefined) this.docs++;
    this.versionSum += (version ?? 0) - (old ?? 0);
    this.versions.set(key, version ?? 0);
  }

  private uncount(coll: string, id: string): void {
    const key = `${coll}/${id}`;
    const old = this.versions.get(key);
    if (old === undefined) return;
    this.docs--;
    this.versionSum -= old;
    this.versions.delete(key);
  }

  get size(): number {
    return this.order.items.length;
  }

  private statusList(s: Status): SortedEntries {
    let l = this.byStatus.get(s);
    if (!l) this.byStatus.set(s, (l = new SortedEntries()));
    return l;
  }

  /** The newest public claims (for the feed). */
  latest(n: number): Claim[] {
    const out: Claim[] = [];
    for (const e of this.order.items) {
      if (out.length >= n) break;
      const c = this.store.get('claims', e.id);
      if (isPublic(c)) out.push(c);
    }
    return out;
  }

  page(q: BoardQuery, page: number, size: number): BoardPage {
    const matches = q.q ? this.searched(q) : q.actor ? this.ofActor(q.actor, q.status) : undefined;
    if (matches) return slice(matches, page, size);
    // the whole board or one verdict: a slice of a list kept in order
    const list = q.status ? (this.byStatus.get(q.status)?.items ?? []) : this.order.items;
    const claims: Claim[] = [];
    for (const e of list.slice((page - 1) * size, page * size)) {
      const c = this.store.get('claims', e.id);
      if (c) claims.push(c);
    }
    const total = list.length;
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
      const id = ch.op === 'put' ? ch.doc.id : ch.id;
      if (ch.op === 'put') this.count(ch.coll, id, ch.doc.version);
      else this.uncount(ch.coll, id);
      if (ch.coll !== 'claims') continue;
      const old = this.byId.get(id);
      if (old) this.remove(old);
      if (ch.op === 'put' && isPublic(ch.doc as Claim)) this.insert(entry(ch.doc as Claim));
    }
    if (touched) {
      this.lastModified = Math.max(this.lastModified, Math.floor(Date.now() / 1000) * 1000);
    }
  }

  private insert(e: Entry): void {
    this.order.insert(e);
    this.statusList(e.status).insert(e);
    this.byId.set(e.id, e);
  }

  private remove(e: Entry): void {
    this.order.remove(e);
    this.statusList(e.status).remove(e);
    this.byId.delete(e.id);
  }
}

function entry(c: Claim): Entry {
  return { id: c.id, at: Date.parse(verdictAt(c)) || 0, n: claimNumber(c.id), status: c.status };
}

function slice(all: Claim[], page: number, size: number): BoardPage {
  return { claims: all.slice((page - 1) * size, page * size), total: all.length, page, pages: Math.max(1, Math.ceil(all.length / size)) };
}
