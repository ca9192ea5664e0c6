// Ranked search over the ledger with MiniSearch: claims by text, tags, and the names and aliases of their
// claimant and subjects; actors by id, name, alias and role. Typo-tolerant (fuzzy) and prefix matching.
// The indexes follow the store incrementally through store.onCommit.
import MiniSearch, { type SearchOptions, type SearchResult } from 'minisearch';
import type { Logger } from 'pino';
import type { Change, Store } from '../../store/types.ts';
import { findActor } from './actors.ts';
import { newestFirst, parseClaimId } from './claims.ts';
import type { SearchPort } from './desk.ts';
import type { Actor, Claim } from './types.ts';

// Words too common to tell claims apart; dropped from the index and from queries.
const STOP = new Set(
  'a an and are as at be but by for from had has have he her his i in is it its of on or she so that the their them they this to was were will with s t'.split(' '),
);

/** Lower-case, accents folded, stop words dropped: the same processing for documents and queries. */
export function processTerm(term: string): string | null {
  const t = term.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
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

export class LedgerSearch implements SearchPort {
  private claimIndex = new MiniSearch<ClaimDoc>({ fields: ['text', 'tags', 'actors'], processTerm, searchOptions: CLAIM_BOOST });
  private actorIndex = new MiniSearch<ActorDoc>({ fields: ['name', 'aliases', 'role'], processTerm, searchOptions: ACTOR_BOOST });
  // what each document was indexed with, to skip re-indexing when a change does not touch searchable text
  private claimSig = new Map<string, string>();
  private actorSig = new Map<string, string>();
  private unsubscribe: () => void;

  constructor(
    private store: Store,
    private opts: { log?: Logger } = {},
  ) {
    const actors = store.all('actors').map((a) => this.actorDoc(a));
    this.actorIndex.addAll(actors);
    for (const d of actors) this.actorSig.set(d.id, sig(d));
    const claims = store.all('claims').map((c) => this.claimDoc(c));
    this.claimIndex.addAll(claims);
    for (const d of claims) this.claimSig.set(d.id, sig(d));
    this.unsubscribe = store.onCommit((changes) => {
      // the store's commit must never fail because of the index: log, and keep serving what we have
      try {
        this.apply(changes);
      } catch (err) {
        this.opts.log?.error({ err }, 'search index update failed');
      }
    });
  }

  /** Best matches first. An exact claim id (`c12`) returns that claim alone. */
  claims(query: string, limit = 10): Claim[] {
    return this.claimHits(query, limit).map((h) => h.claim);
  }

  /** Like claims(), with the scores (an exact id scores Infinity). */
  claimHits(query: string, limit = 10): ClaimHit[] {
    const q = query.trim();
    if (!q) return [];
    const id = parseClaimId(q);
    if (id) {
      const c = this.store.get('claims', id);
      if (c) return [{ claim: c, score: Infinity }];
    }
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
    for (const a of this.store.byIndex('actors', 'byName', q.toLowerCase())) push(a);
    for (const r of cascade(this.actorIndex, q)) {
      if (out.length >= limit) break;
      push(this.store.get('actors', r.id as string));
    }
    return out;
  }

  /** Stop following the store. */
  close(): void {
    this.unsubscribe();
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

  private apply(changes: readonly Change[]): void {
    const claimIds = new Set<string>();
    for (const ch of changes) {
      if (ch.coll === 'actors') {
        const id = ch.op === 'put' ? ch.doc.id : ch.id;
        const actor = ch.op === 'put' ? (ch.doc as Actor) : undefined;
        const old = this.actorSig.get(id);
        const doc = actor ? this.actorDoc(actor) : undefined;
        if (doc && old === sig(doc)) continue;
        if (this.actorIndex.has(id)) this.actorIndex.discard(id);
        this.actorSig.delete(id);
        if (doc) {
          this.actorIndex.add(doc);
          this.actorSig.set(id, sig(doc));
        }
        // a renamed (or new, or removed) actor changes how their claims are found
        for (const c of this.store.byIndex('claims', 'byActor', id)) claimIds.add(c.id);
      } else if (ch.coll === 'claims') {
        claimIds.add(ch.op === 'put' ? ch.doc.id : ch.id);
      }
    }
    for (const id of claimIds) this.reindexClaim(id);
  }

  private reindexClaim(id: string): void {
    const claim = this.store.get('claims', id);
    const old = this.claimSig.get(id);
    const doc = claim ? this.claimDoc(claim) : undefined;
    if (doc && old === sig(doc)) return; // e.g. a status change: nothing searchable moved
    if (this.claimIndex.has(id)) this.claimIndex.discard(id);
    this.claimSig.delete(id);
    if (doc) {
      this.claimIndex.add(doc);
      this.claimSig.set(id, sig(doc));
    }
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

function sig(d: ClaimDoc | ActorDoc): string {
  return Object.values(d).join('\u0001');
}
