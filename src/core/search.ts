// Ranked search over the ledger with MiniSearch: claims by text, tags, and the names and aliases of their
// claimant and subjects; actors by id, name, alias and role. Typo-tolerant (fuzzy) and prefix matching.
// The indexes follow the store incrementally through store.onCommit.
//
// Building the index of a large ledger takes seconds (~6 s at 100k claims), so it is built in the background,
// in slices of ~5 ms that yield to the event loop: start-up is not held up, and the bot answers meanwhile.
// Until `ready`, queries are answered by a plain scan of the store (search-scan.ts): slower, no typo tolerance,
// but correct. Commits during the build mark their ids stale and the build catches up with them; every index
// update re-reads the current state of the doc, so meeting an id twice or late changes nothing (see drain()).
import { performance } from 'node:perf_hooks';
import MiniSearch, { type SearchOptions, type SearchResult } from 'minisearch';
import type { Logger } from 'pino';
import type { Change, Store } from '../../store/types.ts';
import { findActor } from './actors.ts';
import { parseClaimId } from './claim-id.ts';
import { newestFirst } from './claims.ts';
import type { SearchPort } from './desk.ts';
import { queryTerms, scanActors, scanClaims } from './search-scan.ts';
import { nameKey } from './text.ts';
import type { Actor, Claim } from './types.ts';

// Words too common to tell claims apart; dropped from the index and from queries.
const STOP = new Set(
  'a an and are as at be but by for from had has have he her his i in is it its of on or she so that the their them they this to was were will with s t'.split(' '),
);

/** Lower-case with accents folded. */
export function fold(s: string): string {
  // ASCII needs no Unicode normalization (the common case: this runs for every word indexed)
  for (let i = 0; i < s.length; i++) {
    if (s.charCodeAt(i) > 127) return s.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
  }
  return s.toLowerCase();
}

/** Lower-case, accents folded, stop words dropped: the same processing for documents and queries. */
export function processTerm(term: string): string | null {
  const t = fold(term);
  return t && !STOP.has(t) ? t : null;
}

// Typo tolerance grows with the word: none under 4 letters, 1 edit up to 9, 2 edits beyond.
const fuzzy = (term: string): number | boolean => (term.length < 4 ? false : term.length < 10 ? 1 : 2);
// prefix matching only for the last word: the one a user may not have finished typing
const prefix = (term: string, i: number, terms: string[]): boolean => term.length >= 3 && i === terms.length - 1;

/**
 * Search passes, tried in order until one finds something: the exact words first (cheap and precise), then the
 * last word unfinished, then typo-tolerant too, then any word. Cheaper passes first keeps queries well under a
 * millisecond at 100k claims, and exact matches are never buried under fuzzy ones.
 */
const PASSES: SearchOptions[] = [
  { combineWith: 'AND' },
  { combineWith: 'AND', prefix },
  { combineWith: 'AND', fuzzy, prefix },
  { combineWith: 'OR', fuzzy, prefix },
];
const CLAIM_BOOST = { boost: { text: 1, tags: 1.5, actors: 1.5 } };
const ACTOR_BOOST = { boost: { name: 2, aliases: 1.5, role: 0.5 } };

interface ClaimDoc {
  id: string;
  text: string;
  tags: string;
  actors: string;
}
interface ActorDoc {
  id: string;
  name: string;
  aliases: string;
  role: string;
}

export interface ClaimHit {
  claim: Claim;
  score: number;
}

export interface LedgerSearchOptions {
  log?: Logger;
  /** Ledgers with at most this many claims + actors are indexed at once, in the constructor (a few ms). */
  syncLimit?: number;
  /** Longest stretch of indexing between two yields to the event loop. */
  sliceMs?: number;
  /** At most this many docs per slice (tests use it to interleave commits with a build deterministically). */
  sliceDocs?: number;
}

const SYNC_LIMIT = 200;
const SLICE_MS = 5; // GC and a loaded machine stretch some slices 2-3x; this leaves room under ~20 ms

export class LedgerSearch implements SearchPort {
  private claimIndex = new MiniSearch<ClaimDoc>({ fields: ['text', 'tags', 'actors'], processTerm, searchOptions: CLAIM_BOOST });
  private actorIndex = new MiniSearch<ActorDoc>({ fields: ['name', 'aliases', 'role'], processTerm, searchOptions: ACTOR_BOOST });
  // what each document was indexed with, to skip re-indexing when a change does not touch searchable text
  private claimDocs = new Map<string, ClaimDoc>();
  private actorDocs = new Map<string, ActorDoc>();
  // what the store held when we started, indexed in order by the build (then dropped)
  private initial?: { actors: Actor[]; claims: Claim[]; a: number; c: number };
  // ids changed by commits since, whose index entries may not match the store
  private staleActors = new Set<string>();
  private staleClaims = new Set<string>();
  private building = true;
  private closed = false;
  private unsubscribe: () => void;
  private settle!: { resolve: () => void; reject: (err: Error) => void };
  /** Resolves once the whole ledger is indexed (at once for a small ledger). Until then queries scan the store. */
  readonly ready: Promise<void>;

  constructor(
    private store: Store,
    private opts: LedgerSearchOptions = {},
  ) {
    this.ready = new Promise((resolve, reject) => (this.settle = { resolve, reject }));
    this.ready.catch(() => {}); // rejected only by close() during the build; nobody has to listen
    // Follow the store before reading it, so nothing committed from now on is missed; during the build commits
    // only mark ids stale, and the build catches up with them.
    this.unsubscribe = store.onCommit((changes) => this.onCommit(changes));
    const t0 = performance.now();
    this.initial = { actors: store.all('actors'), claims: store.all('claims'), a: 0, c: 0 };
    if (this.initial.actors.length + this.initial.claims.length <= (opts.syncLimit ?? SYNC_LIMIT)) {
      this.drain(Infinity);
      this.finish(t0);
    } else {
      setImmediate(() => this.slice(t0));
    }
  }

  /** True once the whole ledger is indexed. */
  get isReady(): boolean {
    return !this.building;
  }

  /** Best matches first. An exact claim id (`c12`) returns that claim alone. */
  claims(query: string, limit = 10): Claim[] {
    return this.claimHits(query, limit).map((h) => h.claim);
  }

  /** Like claims(), with the scores (an exact id scores Infinity; while warming up, the number of words matched). */
  claimHits(query: string, limit = 10): ClaimHit[] {
    const q = query.trim();
    if (!q) return [];
    const id = parseClaimId(q);
    if (id) {
      const c = this.store.get('claims', id);
      if (c) return [{ claim: c, score: Infinity }];
    }
    if (this.building) return scanClaims(this.store, queryTerms(q, processTerm, MAX_TERMS), limit, fold);
    return this.hits(cascade(this.claimIndex, q), limit);
  }

  /** Exact id, name or alias first; then ranked fuzzy/prefix matches. */
  actors(query: string, limit = 10): Actor[] {
    const q = query.trim();
    if (!q) return [];
    const out: Actor[] = [];
    const seen = new Set<string>();
    const push = (a: Actor | undefined) => {
      if (a && !seen.has(a.id) && out.length < limit) {
        seen.add(a.id);
        out.push(a);
      }
    };
    push(findActor(this.store, q));
    for (const a of this.store.byIndex('actors', 'byName', nameKey(q))) push(a);
    if (this.building) {
      for (const a of scanActors(this.store, queryTerms(q, processTerm, MAX_TERMS), fold)) push(a);
      return out;
    }
    for (const r of cascade(this.actorIndex, q)) {
      if (out.length >= limit) break;
      push(this.store.get('actors', r.id as string));
    }
    return out;
  }

  /** Stop following the store (and stop building: `ready` then rejects). */
  close(): void {
    this.unsubscribe();
    if (this.building && !this.closed) this.settle.reject(new Error('search closed before its index was built'));
    this.closed = true;
  }

  private onCommit(changes: readonly Change[]): void {
    for (const ch of changes) {
      const id = ch.op === 'put' ? ch.doc.id : ch.id;
      if (ch.coll === 'actors') this.staleActors.add(id);
      else if (ch.coll === 'claims') this.staleClaims.add(id);
    }
    if (this.building) return; // the build picks them up
    // the store's commit must never fail because of the index: log, and keep serving what we have
    try {
      this.drain(Infinity);
    } catch (err) {
      this.opts.log?.error({ err }, 'search index update failed');
    }
  }

  /** One slice of the background build, then yield to the event loop. */
  private slice(t0: number): void {
    if (this.closed) return;
    let done = false;
    try {
      done = this.drain(performance.now() + (this.opts.sliceMs ?? SLICE_MS), this.opts.sliceDocs);
    } catch (err) {
      // the failed doc is no longer stale: log it and carry on with the rest
      this.opts.log?.error({ err }, 'search index build: a document failed');
    }
    if (done) this.finish(t0);
    else setImmediate(() => this.slice(t0));
  }

  private finish(t0: number): void {
    this.building = false;
    this.settle.resolve();
    const ms = Math.round(performance.now() - t0);
    if (ms >= 100) this.opts.log?.info({ ms, claims: this.claimDocs.size, actors: this.actorDocs.size }, 'search index ready');
  }

  /**
   * Index what the store held at the start, and bring ids changed by commits up to date, until nothing is left
   * (→ true) or the deadline / doc budget is reached (→ false). Every step re-reads the doc from the store and
   * compares it with what was indexed, so an id changed during the build, met again in the start-up list or
   * marked stale twice, costs a comparison and is never indexed twice. Actors go first: claims are indexed with
   * their actors' current names, and a commit renaming an actor marks that actor's claims stale.
   */
  private drain(deadline: number, maxDocs = Infinity): boolean {
    let n = 0;
    const more = () => n > 0 && (n >= maxDocs || performance.now() > deadline);
    for (const id of this.staleActors) {
      if (more()) return false;
      n++;
      this.staleActors.delete(id);
      if (this.reindexActor(id)) for (const c of this.store.byIndex('claims', 'byActor', id)) this.staleClaims.add(c.id);
    }
    const init = this.initial;
    // no claim is indexed before these actors are, so their first indexing changes no claim
    while (init && init.a < init.actors.length) {
      if (more()) return false;
      n++;
      this.reindexActor(init.actors[init.a++].id);
    }
    for (const id of this.staleClaims) {
      if (more()) return false;
      n++;
      this.staleClaims.delete(id);
      this.reindexClaim(id);
    }
    while (init && init.c < init.claims.length) {
      if (more()) return false;
      n++;
      this.reindexClaim(init.claims[init.c++].id);
    }
    this.initial = undefined;
    return true;
  }

  private hits(results: SearchResult[], limit: number): ClaimHit[] {
    // results come sorted by score; only the top `limit` (and any tied with the last of them) need the
    // newest-first tie-break, so large result sets cost no more than a small one
    const cut = results[Math.min(limit, results.length) - 1]?.score;
    const out: ClaimHit[] = [];
    for (const r of results) {
      if (out.length >= limit && r.score < cut) break;
      const claim = this.store.get('claims', r.id as string);
      if (claim) out.push({ claim, score: r.score });
    }
    out.sort((a, b) => b.score - a.score || newestFirst(a.claim, b.claim));
    return out.slice(0, limit);
  }

  /** → whether the actor's indexed names changed (or it appeared or went). */
  private reindexActor(id: string): boolean {
    const actor = this.store.get('actors', id);
    return replaceDoc(this.actorIndex, this.actorDocs, id, actor ? this.actorDoc(actor) : undefined);
  }

  private reindexClaim(id: string): void {
    const claim = this.store.get('claims', id);
    replaceDoc(this.claimIndex, this.claimDocs, id, claim ? this.claimDoc(claim) : undefined);
  }

  private claimDoc(c: Claim): ClaimDoc {
    const names: string[] = [];
    for (const aid of [c.claimant, ...c.subjects]) {
      const a = this.store.get('actors', aid);
      if (a) names.push(a.name, ...a.aliases);
      else names.push(aid.replace(/-/g, ' '));
    }
    return { id: c.id, text: c.text, tags: c.tags.join(' ').replace(/-/g, ' '), actors: names.join(' ') };
  }

  private actorDoc(a: Actor): ActorDoc {
    return { id: a.id, name: a.name, aliases: a.aliases.join(' '), role: a.role };
  }
}

// A pasted paragraph is still found by its first words; capping keeps fuzzy expansion bounded.
const MAX_TERMS = 12;

function cascade<T>(index: MiniSearch<T>, query: string): SearchResult[] {
  const q = query.split(/\s+/).slice(0, MAX_TERMS).join(' ').slice(0, 300);
  for (const pass of PASSES) {
    const r = index.search(q, pass);
    if (r.length) return r;
  }
  return [];
}

function same<T extends ClaimDoc | ActorDoc>(a: T, b: T): boolean {
  for (const k in a) if (a[k] !== b[k]) return false;
  return true;
}

/** Put a document's new form in its index (undefined: it went). → whether anything searchable changed. */
function replaceDoc<T extends ClaimDoc | ActorDoc>(index: MiniSearch<T>, docs: Map<string, T>, id: string, doc: T | undefined): boolean {
  const old = docs.get(id);
  // e.g. a status change: nothing searchable moved
  if (doc && old && same(doc, old)) return false;
  if (!doc && !old) return false;
  if (index.has(id)) index.discard(id);
  docs.delete(id);
  if (doc) {
    index.add(doc);
    docs.set(id, doc);
  }
  return true;
}
