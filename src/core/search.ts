// Ranked search over the ledger: claims by text, tags, and the names and aliases of their claimant and
// subjects; actors by id, name, alias and role. Typo-tolerant and prefix matching (search-query.ts) over our
// own inverted index with a deletion index for typos (search-index.ts, search-typos.ts). The indexes follow
// the store incrementally through store.onCommit.
//
// From the first command: given DATA_DIR, the claim and actor indexes are saved there (search-file.ts) and
// loaded at start; the docs changed since — told by the store version and content hash recorded per doc, and
// the names of the actors — are re-indexed before the first answer.
// Without a usable file the index is built from the store: at once for a small ledger, else in the background
// in slices of ~5 ms that yield to the event loop; until `ready`, queries are answered by a plain scan of the
// store (search-scan.ts): slower, no typo tolerance, but correct. Commits meanwhile mark their ids stale and
// the build catches up with them; every index update re-reads the current state of the doc, so meeting an id
// twice or late changes nothing (see drain()).
import { performance } from 'node:perf_hooks';
import type { Logger } from 'pino';
import type { Change, Store } from './store-port.ts';
import { findActor } from './actors.ts';
import { parseClaimId } from './claim-id.ts';
import { claimNumber } from './claims.ts';
import type { SearchPort } from './desk.ts';
import { SearchSaver } from './search-saver.ts';
import { TextIndex } from './search-index.ts';
import { MAX_TERMS, search } from './search-query.ts';
import { scanActors, scanClaims } from './search-scan.ts';
import { ACTOR_FIELDS, actorHash, CLAIM_FIELDS, claimHash, namesHash, staleSince } from './search-stale.ts';
import { fold, queryTerms } from './search-text.ts';
import { nameKey } from './text.ts';
import type { Actor, Claim } from './types.ts';


export interface ClaimHit {
  claim: Claim;
  score: number;
}

export interface LedgerSearchOptions {
  log?: Logger;
  /** Ledgers with at most this many claims + actors (or docs to catch up) are indexed in the constructor. */
  syncLimit?: number;
  /** Longest stretch of indexing between two yields to the event loop. */
  sliceMs?: number;
  /** At most this many docs per slice (tests use it to interleave commits with a build deterministically). */
  sliceDocs?: number;
  /** DATA_DIR: the claim index is loaded from and saved to search-index.bin there. Without it, nothing is saved. */
  dir?: string;
  /** How often a changed index is saved while running (default 10 minutes); close() saves too. */
  saveEveryMs?: number;
}

// ~10k docs index in well under 100 ms: a start-up can afford that, and then answers from its first command
const SYNC_LIMIT = 10_000;
const SLICE_MS = 5; // GC and a loaded machine stretch some slices 2-3x; this leaves room under ~20 ms


export class LedgerSearch implements SearchPort {
  private claimIndex = new TextIndex(CLAIM_FIELDS);
  private actorIndex = new TextIndex(ACTOR_FIELDS);
  // the actors the claim index was built with: id → hash of their names and aliases
  private actorNames = new Map<string, number>();
  // and the words of those names, as claims are indexed with them (saves two store reads per claim)
  private actorText = new Map<string, string>();
  // what the store held when we started and the index lacks, indexed in order by the build (then dropped)
  private initial?: { actors: Actor[]; claims: Claim[]; a: number; c: number };
  // ids changed by commits since, whose index entries may not match the store; for claims, whether their
  // actors' names changed (which the claim's own version does not show)
  private staleActors = new Set<string>();
  // the store's current doc of each live claim, by doc number: every commit passes through drain(), which keeps
  // it current, and an answer then needs no store read per hit (a third of a query's time)
  private claimDocs: (Claim | undefined)[] = [];
  private staleClaims = new Map<string, boolean>();
  private building = true;
  private closed = false;
  private unsubscribe: () => void;
  private settle!: { resolve: () => void; reject: (err: Error) => void };
  private saver?: SearchSaver;
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
    if (opts.dir) this.saver = new SearchSaver(opts.dir, () => this.saved(), { log: opts.log, everyMs: opts.saveEveryMs });
    let loaded = this.saver?.load();
    const actors = store.all('actors');
    // a loaded index: one copy of the claims for the staleness pass and the scrub, unless the store can list
    // ids and versions without parsing its documents (the JSON store at start): then neither parses them all
    let claims: Claim[] | undefined;
    if (loaded) {
      try {
        this.claimIndex = TextIndex.fromSegment(CLAIM_FIELDS, loaded.claims);
        this.actorIndex = TextIndex.fromSegment(ACTOR_FIELDS, loaded.actors); // re-indexed below where changed
        const names = new Map(loaded.actorIds.map((id, i) => [id, loaded!.actorHashes[i]]));
        claims = store.versions ? undefined : store.all('claims');
        const since = staleSince(this.store, { claims: this.claimIndex, actors: this.actorIndex, actorNames: this.actorNames }, names, actors, claims);
        this.claimDocs = since.docs;
        this.initial = { actors, claims: since.stale, a: 0, c: 0 };
      } catch (err) {
        opts.log?.warn({ err }, 'saved search index not used; rebuilding it');
        loaded = undefined;
        this.actorIndex = new TextIndex(ACTOR_FIELDS);
        this.actorNames.clear();
        this.claimDocs = [];
      }
    }
    if (!loaded) {
      this.initial = { actors, claims: store.all('claims'), a: 0, c: 0 };
      this.claimIndex = new TextIndex(CLAIM_FIELDS, this.initial.claims.length * 18); // ~18 distinct terms a claim
    }
    const init = this.initial!;
    const todo = (loaded ? 0 : init.actors.length) + init.claims.length;
    if (loaded) setImmediate(() => this.scrub(claims ?? [...store.versions!('claims')].map(([id]) => id)));
    if (todo <= (opts.syncLimit ?? SYNC_LIMIT)) {
      this.drain(Infinity);
      this.finish(t0, !!loaded);
    } else {
      setImmediate(() => this.slice(t0, !!loaded));
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

  /** The ids of claims(), read from the index alone. */
  claimIds(query: string, limit = 10): string[] {
    const before = this.unindexed(query, limit);
    if (before) return before.map((h) => h.claim.id);
    // every commit is indexed as it happens (drain() takes each doc on its own): the index is the store's ids
    const ids = this.claimIndex.ids;
    return search(this.claimIndex, query.trim(), limit).map((h) => ids.at(h.doc));
  }

  /** Like claims(), with the scores (an exact id scores Infinity; while warming up, the number of words matched). */
  claimHits(query: string, limit = 10): ClaimHit[] {
    const before = this.unindexed(query, limit);
    if (before) return before;
    const out: ClaimHit[] = [];
    for (const h of search(this.claimIndex, query.trim(), limit)) {
      const claim = this.claimDocs[h.doc] ?? this.store.get('claims', this.claimIndex.ids.at(h.doc));
      if (claim) out.push({ claim, score: h.score });
    }
    return out;
  }

  /** The answers the index does not give: none for nothing, an exact claim id, the scan while it is built. */
  private unindexed(query: string, limit: number): ClaimHit[] | undefined {
    const q = query.trim();
    if (!q) return [];
    const id = parseClaimId(q);
    if (id) {
      const c = this.store.get('claims', id);
      if (c) return [{ claim: c, score: Infinity }];
    }
    if (this.building) return scanClaims(this.store, queryTerms(q, MAX_TERMS), limit, fold);
    return undefined;
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
      for (const a of scanActors(this.store, queryTerms(q, MAX_TERMS), fold)) push(a);
      return out;
    }
    for (const h of search(this.actorIndex, q, limit)) push(this.store.get('actors', this.actorIndex.ids.at(h.doc)));
    return out;
  }

  /** Stop following the store (and stop building: `ready` then rejects); a changed index is saved first. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.unsubscribe();
    if (this.building) this.settle.reject(new Error('search closed before its index was built'));
    this.closed = true;
    await this.saver?.close(!this.building);
  }

  /** Checks the content hash of every loaded claim (given, or by id), a slice at a time; a mismatch is re-indexed. */
  private scrub(claims: (Claim | string)[], from = 0): void {
    if (this.closed) return;
    const index = this.claimIndex;
    const end = performance.now() + (this.opts.sliceMs ?? SLICE_MS);
    let k = from;
    for (; k < claims.length && (k - from < 256 || performance.now() < end); k++) {
      const c = typeof claims[k] === 'string' ? this.store.get('claims', claims[k] as string) : (claims[k] as Claim);
      if (!c) continue; // deleted since
      const d = index.docOf(c.id);
      if (d !== undefined && index.hashes[d] !== claimHash(c)) {
        this.staleClaims.set(c.id, true);
        this.onCommit([]);
      }
    }
    if (k < claims.length) setImmediate(() => this.scrub(claims, k));
  }

  /** What a save writes: nothing until the index is complete. */
  private saved() {
    return this.building ? undefined : { index: this.claimIndex, actors: this.actorIndex, actorNames: this.actorNames };
  }

  private onCommit(changes: readonly Change[]): void {
    for (const ch of changes) {
      const id = ch.op === 'put' ? ch.doc.id : ch.id;
      if (ch.coll === 'actors') this.staleActors.add(id);
      else if (ch.coll === 'claims' && !this.staleClaims.has(id)) this.staleClaims.set(id, false);
    }
    if (this.building) return; // the build picks them up
    // the store's commit must never fail because of the index: log, and keep serving what we have
    try {
      this.drain(Infinity);
    } catch (err) {
      this.opts.log?.error({ err }, 'search index update failed');
    }
  }

  /** One slice of the background build (indexing, then sealing the indexes), then yield to the event loop. */
  private slice(t0: number, loaded: boolean): void {
    if (this.closed) return;
    const deadline = performance.now() + (this.opts.sliceMs ?? SLICE_MS);
    if (!this.sealer) {
      let done = false;
      try {
        done = this.drain(deadline, this.opts.sliceDocs);
      } catch (err) {
        // the failed doc is no longer stale: log it and carry on with the rest
        this.opts.log?.error({ err }, 'search index build: a document failed');
      }
      if (done) this.sealer = this.sealing();
    }
    // commits meanwhile only mark ids stale (still `building`); finish() catches up with them
    while (this.sealer && performance.now() < deadline) {
      if (this.sealer.next().done) return this.finish(t0, loaded);
    }
    setImmediate(() => this.slice(t0, loaded));
  }

  private sealer?: Generator<void, void>;
  private *sealing(): Generator<void, void> {
    yield* this.claimIndex.sealing();
    yield* this.actorIndex.sealing();
  }

  private finish(t0: number, loaded: boolean): void {
    this.claimIndex.seal();
    this.actorIndex.seal();
    this.building = false;
    this.drain(Infinity); // what was committed while the indexes were sealed
    this.warmUp();
    this.settle.resolve();
    const ms = Math.round(performance.now() - t0);
    if (ms >= 100) this.opts.log?.info({ ms, claims: this.claimIndex.size, actors: this.actorIndex.size, loaded }, 'search index ready');
    this.saver?.start();
  }

  /** A few queries through every pass, so the first user's query does not pay for compiling the code. */
  private warmUp(): void {
    for (const index of [this.claimIndex, this.actorIndex]) {
      const t = index.terms.find((x) => x.length >= 5);
      if (t) for (const q of [t, `${t.slice(0, 4)}q${t.slice(4)}`, `${t} zzqqx`, t.slice(0, 3)]) search(index, q, 10);
    }
  }

  /**
   * Index what the store held at the start (and the index lacks), and bring ids changed by commits up to
   * date, until nothing is left (→ true) or the deadline / doc budget is reached (→ false). Every step
   * re-reads the doc from the store and compares it with what was indexed, so an id changed during the build,
   * met again in the start-up list or marked stale twice, costs a comparison and is never indexed twice.
   * Actors go first: claims are indexed with their actors' current names, and a commit renaming an actor
   * marks that actor's claims stale.
   */
  private drain(deadline: number, maxDocs = Infinity): boolean {
    let n = 0;
    const more = () => n > 0 && (n >= maxDocs || performance.now() > deadline);
    for (const id of this.staleActors) {
      if (more()) return false;
      n++;
      this.staleActors.delete(id);
      if (this.each(id, () => this.reindexActor(id))) for (const c of this.store.byIndex('claims', 'byActor', id)) this.staleClaims.set(c.id, true);
    }
    const init = this.initial;
    // no claim is indexed before these actors are, so their first indexing changes no claim
    while (init && init.a < init.actors.length) {
      if (more()) return false;
      n++;
      const id = init.actors[init.a++].id;
      this.each(id, () => this.reindexActor(id));
    }
    for (const [id, names] of this.staleClaims) {
      if (more()) return false;
      n++;
      this.staleClaims.delete(id);
      this.each(id, () => this.reindexClaim(id, names));
    }
    while (init && init.c < init.claims.length) {
      if (more()) return false;
      n++;
      const id = init.claims[init.c++].id;
      this.each(id, () => this.reindexClaim(id, true));
    }
    this.initial = undefined;
    return true;
  }

  /**
   * One doc's update, on its own: a doc the index cannot take (the store keeps any JSON) is logged and skipped,
   * and the docs after it in the same commit are still indexed (else one would stay in the index after its
   * deletion, found by every query until the next commit).
   */
  private each(id: string, update: () => boolean | void): boolean {
    try {
      return update() === true;
    } catch (err) {
      this.opts.log?.error({ err, id }, 'search index: a document could not be indexed');
      return false;
    }
  }

  /** → whether the actor's names changed (or it appeared or went) since its claims were indexed. */
  private reindexActor(id: string): boolean {
    const actor = this.store.get('actors', id);
    const idx = this.actorIndex;
    const h = actor ? actorHash(actor) : undefined;
    if (h !== idx.meta(id)?.hash) {
      if (actor) idx.add({ id, version: actor.version, hash: h!, rank: 0, rank2: -idx.ids.length }, [actor.name, actor.aliases.join(' '), actor.role]);
      else idx.remove(id);
    }
    if (actor) this.actorText.set(id, [actor.name, ...actor.aliases].join(' '));
    else this.actorText.delete(id);
    const names = actor ? namesHash(actor) : undefined;
    if (names === this.actorNames.get(id)) return false;
    if (names === undefined) this.actorNames.delete(id);
    else this.actorNames.set(id, names);
    return true;
  }

  /** Re-indexes a claim if what is searchable in it changed (or `force`: its actors' names may have). */
  private reindexClaim(id: string, force: boolean): void {
    const claim = this.store.get('claims', id);
    const idx = this.claimIndex;
    if (!claim) {
      const d = idx.docOf(id);
      if (d !== undefined) this.claimDocs[d] = undefined;
      if (idx.remove(id)) this.saver?.changed();
      return;
    }
    const hash = claimHash(claim);
    const m = idx.meta(id);
    if (m && !force && m.hash === hash) {
      if (m.version !== claim.version) idx.touch(id, claim.version); // e.g. a status change
      this.claimDocs[idx.docOf(id)!] = claim;
      return;
    }
    const old = idx.docOf(id);
    if (old !== undefined) this.claimDocs[old] = undefined;
    let names = this.actorText.get(claim.claimant) ?? claim.claimant.replace(/-/g, ' ');
    for (const aid of claim.subjects) names += ' ' + (this.actorText.get(aid) ?? aid.replace(/-/g, ' '));
    const rank = Date.parse(claim.createdAt);
    idx.add({ id, version: claim.version, hash, rank: Number.isFinite(rank) ? rank : 0, rank2: claimNumber(id) }, [
      claim.text,
      claim.tags.join(' ').replace(/-/g, ' '),
      names,
    ]);
    this.claimDocs[idx.docOf(id)!] = claim;
    this.saver?.changed();
  }
}
