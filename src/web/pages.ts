// Each public page as data: status, headers for caching, and a body rendered only when the client does not
// already have it (the HTTP layer answers 304 first). View models come from public.ts only.
import { actorName } from '../core/actors.ts';
import { parseClaimId } from '../core/claim-id.ts';
import { STATUS_META, STATUS_WORDS, parseStatus } from '../core/statuses.ts';
import type { Desk } from '../core/desk.ts';
import type { Actor, Claim, Status } from '../core/types.ts';
import { shorten, type Org } from '../claimreview/export.ts';
import { lastVerdict } from '../claimreview/export.ts';
import { BoardIndex, type BoardQuery } from './board.ts';
import { Lru } from './cache.ts';
import { claimReviewOf, scriptJson } from './jsonld.ts';
import { ExportStream, type Sink } from './export-stream.ts';
import { PUBLIC_STATUSES, shownText, isPublic, publicClaimsOf, publicHistory, publicSources, verdictAt } from './public.ts';
import { eta, humanDate, verdictBadge, type Site } from './site.ts';
import { feedXml } from './feed.ts';

export interface Page {
  status: number;
  type: string;
  etag?: string;
  /** ms, whole seconds */
  lastModified?: number;
  location?: string;
  /** instead of the default (public, max-age=60 for a 200) */
  cacheControl?: string;
  render(): string;
  /** a body too big to make in one go: written in slices instead of render() */
  stream?: (out: Sink) => Promise<void>;
}

const HTML = 'text/html; charset=utf-8';
export const PAGE_SIZE = 20;
const MAX_QUERY = 200;
const MAX_PAGE = 100_000;

export class Pages {
  readonly board: BoardIndex;
  private cache = new Lru<string>(2000);
  private exporter: ExportStream;

  constructor(
    private desk: Desk,
    readonly site: Site,
    private org: Org,
  ) {
    this.board = new BoardIndex(desk.store, desk.search);
    this.exporter = new ExportStream(desk.store, org);
  }

  close(): void {
    this.board.close();
    this.exporter.close();
  }

  claimUrl = (id: string) => `${this.site.base}/claims/${id}`;
  actorUrl = (id: string) => `${this.site.base}/actors/${encodeURIComponent(id)}`;
  boardUrl = (q: BoardQuery & { page?: number }) => {
    const p = new URLSearchParams();
    if (q.q) p.set('q', q.q);
    if (q.status) p.set('status', q.status);
    if (q.actor) p.set('actor', q.actor);
    if (q.page && q.page > 1) p.set('page', String(q.page));
    const s = p.toString();
    return `${this.site.base}/claims${s ? `?${s}` : ''}`;
  };

  // ---- pages ----

  claim(raw: string): Page {
    const id = parseClaimId(raw);
    if (!id || raw.startsWith('#')) return this.error(400, 'Not a claim id', `“${raw}” is not a claim id.`, 'Claim ids are C and a number, for example C12.');
    if (id !== raw) return redirect(this.claimUrl(id));
    const c = this.desk.store.get('claims', id);
    // not public answers exactly like unknown: nobody learns which ids are under review
    if (!isPublic(c)) return this.error(404, 'No such verdict', `There is no published verdict with the id ${id}.`);
    const actors = [c.claimant, ...c.subjects].map((a) => this.desk.store.get('actors', a));
    const etag = `"c${id}.${c.version}.${actors.map((a) => a?.version ?? 0).join('.')}.${this.site.stamp}"`;
    const modified = Math.max(Date.parse(c.updatedAt) || 0, ...actors.map((a) => Date.parse(a?.updatedAt ?? '') || 0));
    return this.cached(etag, HTML, seconds(modified), () => this.renderClaim(c, actors[0]));
  }

  boardPage(params: URLSearchParams): Page {
    const q: BoardQuery = {};
    const text = (params.get('q') ?? '').trim();
    if (text.length > MAX_QUERY) return this.error(400, 'Search too long', `A search may have at most ${MAX_QUERY} characters; this one has ${text.length}.`);
    if (text) q.q = text;
    const statusText = (params.get('status') ?? '').trim();
    if (statusText) {
      const s = parseStatus(statusText);
      if (!s) return this.error(400, 'Unknown verdict', `“${statusText}” is not a verdict.`, `Verdicts: ${PUBLIC_STATUSES.map((x) => x.replace(/_/g, ' ')).join(', ')}.`);
      if (!PUBLIC_STATUSES.includes(s)) return this.error(400, 'Not a verdict', `Claims that are ${STATUS_META[s].label.toLowerCase()} are not published; only verdicts are.`, `Statuses: ${STATUS_WORDS}.`);
      q.status = s;
    }
    const actorText = (params.get('actor') ?? '').trim();
    let actor: Actor | undefined;
    if (actorText) {
      actor = this.desk.store.get('actors', actorText.toLowerCase());
      const { by, about } = actor ? publicClaimsOf(this.desk.store, actor.id) : { by: [], about: [] };
      if (!actor || by.length + about.length === 0) return this.error(404, 'No such actor', `There is no actor “${actorText}” on the board.`);
      q.actor = actor.id;
    }
    const pageText = (params.get('page') ?? '').trim() || '1';
    const page = /^\d{1,6}$/.test(pageText) ? Number(pageText) : NaN;
    if (!(page >= 1 && page <= MAX_PAGE)) return this.error(400, 'Bad page number', `“${pageText}” is not a page number.`, 'Pages are numbered from 1.');
    const gen = this.board.generation;
    const key = `${q.q ?? ''}\u0000${q.status ?? ''}\u0000${q.actor ?? ''}\u0000${page}`;
    const etag = `"b${gen}.${this.site.stamp}.${hash(key)}"`;
    const cacheKey = `${etag}\u0000${key}`; // the full query, so a hash collision can never serve another page
    const lastModified = this.board.lastModified;
    const hit = this.cache.get(cacheKey);
    if (hit !== undefined) return { status: 200, type: HTML, etag, lastModified, render: () => hit };
    const result = this.board.page(q, page, PAGE_SIZE);
    if (page > result.pages) {
      return this.error(404, 'No such page', `There is no page ${page}: ${result.total === 1 ? 'this list has 1 claim' : `this list has ${result.total.toLocaleString('en')} claims`} on ${result.pages} page${result.pages === 1 ? '' : 's'}.`);
    }
    const body = this.renderBoard(q, actor, result);
    this.cache.set(cacheKey, body);
    return { status: 200, type: HTML, etag, lastModified, render: () => body };
  }

  actor(raw: string): Page {
    if (!/^[\p{L}\p{N}][\p{L}\p{N}._-]{0,199}$/u.test(raw)) return this.error(400, 'Not an actor id', `“${raw}” is not an actor id.`, 'Actor ids are words joined by hyphens, for example stephen-miller.');
    const lower = raw.toLowerCase();
    if (lower !== raw) return redirect(this.actorUrl(lower));
    const actor = this.desk.store.get('actors', raw);
    const claims = actor ? publicClaimsOf(this.desk.store, actor.id) : { by: [], about: [] };
    // an actor only in unpublished claims stays private, like those claims
    if (!actor || claims.by.length + claims.about.length === 0) return this.error(404, 'No such actor', `There is no actor “${raw}” on the board.`);
    const etag = `"a${raw}.${this.board.generation}.${this.site.stamp}"`;
    return this.cached(etag, HTML, this.board.lastModified, () => this.renderActor(actor, claims));
  }

  feed(): Page {
    const etag = `"f${this.board.generation}.${this.site.stamp}"`;
    return this.cached(etag, 'application/atom+xml; charset=utf-8', this.board.lastModified, () =>
      feedXml(this.desk.store, this.site, this.board.latest(50), { claimUrl: this.claimUrl, updated: new Date(this.board.lastModified).toISOString() }),
    );
  }

  jsonld(): Page {
    return {
      status: 200,
      type: 'application/ld+json; charset=utf-8',
      etag: `"j${this.board.generation}.${this.site.stamp}"`,
      lastModified: this.board.lastModified,
      render: () => {
        throw new Error('the export is streamed');
      },
      stream: (out) => this.exporter.write(out),
    };
  }

  error(status: 400 | 404 | 405, heading: string, message: string, hint?: string): Page {
    return { status, type: HTML, render: () => this.view('error', { title: heading, description: message, heading, message, hint }) };
  }

  // ---- rendering ----

  private cached(etag: string, type: string, lastModified: number, render: () => string): Page {
    return { status: 200, type, etag, lastModified, render: () => this.cache.get(etag) ?? this.cache.set(etag, render()) };
  }

  private view(name: string, data: Record<string, unknown>): string {
    return eta.render(`./${name}`, { site: this.site, ...data });
  }

  row(c: Claim) {
    const at = verdictAt(c);
    return {
      id: c.id,
      url: this.claimUrl(c.id),
      text: shownText(shorten(c.text, 240)),
      verdict: verdictBadge(c.status),
      claimant: { name: shownText(actorName(this.desk.store, c.claimant)), url: this.actorUrl(c.claimant) },
      at,
      date: humanDate(at),
    };
  }

  private renderClaim(c: Claim, claimant: Actor | undefined): string {
    const history = publicHistory(c);
    const latest = history[history.length - 1];
    const before = c.status === 'retracted' ? lastVerdict(c.history) : undefined;
    const review = claimReviewOf(this.desk.store, c, this.org);
    const at = verdictAt(c);
    return this.view('claim', {
      title: shownText(`${STATUS_META[c.status].label}: ${shorten(c.text, 70)}`),
      description: shownText(`${claimant?.name ?? c.claimant} claimed: ${shorten(c.text, 120)} Verdict: ${STATUS_META[c.status].label}.`),
      canonical: this.claimUrl(c.id),
      jsonld: review ? scriptJson(review) : undefined,
      id: c.id,
      text: shownText(c.text),
      claimant: { name: shownText(claimant?.name ?? c.claimant), role: claimant?.role ?? '', url: this.actorUrl(c.claimant) },
      subjects: c.subjects.map((s) => ({ name: shownText(actorName(this.desk.store, s)), url: this.actorUrl(s) })),
      verdict: verdictBadge(c.status),
      retractedFrom: before ? STATUS_META[before].label : undefined,
      at,
      date: humanDate(at),
      note: shownText(latest?.to === c.status ? latest.note : ''),
      sources: publicSources(c),
      history: history.map((h) => ({ ...h, note: shownText(h.note), date: humanDate(h.at), verdict: verdictBadge(h.to), fromLabel: h.from ? STATUS_META[h.from].label : '' })),
    });
  }

  private renderBoard(q: BoardQuery, actor: Actor | undefined, r: ReturnType<BoardIndex['page']>): string {
    const n = r.total.toLocaleString('en');
    const what = q.status ? STATUS_META[q.status].label.toLowerCase() : '';
    const heading = q.q ? `Search: “${q.q}”` : actor ? `Claims by or about ${actor.name}` : q.status ? `Verdicts: ${STATUS_META[q.status].label}` : 'Latest verdicts';
    const summary = q.q
      ? `${r.total === 1 ? '1 verdict matches' : `${n} verdicts match`}, best match first.`
      : `${r.total === 1 ? '1 verdict' : `${n} verdicts`}${what ? ` rated ${what}` : ''}${actor ? ` on claims by or about ${actor.name}` : ''}, latest first.`;
    return this.view('board', {
      title: heading,
      description: `Fact-check verdicts by ${this.site.name}, latest first.`,
      canonical: this.boardUrl({ ...q, page: r.page }),
      heading,
      summary,
      query: { q: q.q ?? '', status: q.status ?? '', actor: q.actor ?? '' },
      filtered: Boolean(q.q || q.status || q.actor),
      statuses: PUBLIC_STATUSES.map((s) => ({ status: s, label: STATUS_META[s].label, url: this.boardUrl({ ...q, status: s }) })),
      rows: r.claims.map((c) => this.row(c)),
      empty: q.q ? `No published verdict matches “${q.q}”. Try fewer or other words.` : 'No published verdicts yet.',
      page: r.page,
      pages: r.pages,
      prev: r.page > 1 ? this.boardUrl({ ...q, page: r.page - 1 }) : undefined,
      next: r.page < r.pages ? this.boardUrl({ ...q, page: r.page + 1 }) : undefined,
    });
  }

  private renderActor(a: Actor, claims: { by: Claim[]; about: Claim[] }): string {
    const newest = (x: Claim, y: Claim) => (Date.parse(verdictAt(y)) || 0) - (Date.parse(verdictAt(x)) || 0);
    const by = [...claims.by].sort(newest);
    const tally = PUBLIC_STATUSES.map((s) => ({ status: s, label: STATUS_META[s].label, count: by.filter((c) => c.status === s).length, url: this.boardUrl({ actor: a.id, status: s }) })).filter((t) => t.count > 0);
    return this.view('actor', {
      title: shownText(a.name),
      description: shownText(`Fact-checked claims by and about ${a.name}.`),
      canonical: this.actorUrl(a.id),
      name: shownText(a.name),
      role: a.role,
      aliases: a.aliases,
      tally,
      by: by.slice(0, PAGE_SIZE).map((c) => this.row(c)),
      moreBy: by.length > PAGE_SIZE ? this.boardUrl({ actor: a.id }) : undefined,
      about: [...claims.about].sort(newest).slice(0, PAGE_SIZE).map((c) => this.row(c)),
    });
  }
}

function redirect(location: string): Page {
  return { status: 301, type: 'text/plain; charset=utf-8', location, render: () => `Moved to ${location}\n` };
}

function seconds(ms: number): number {
  return Math.floor((ms || Date.now()) / 1000) * 1000;
}

/** FNV-1a, enough to tell queries apart inside an ETag. */
function hash(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(36);
}

export type { Status };
