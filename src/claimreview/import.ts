// ClaimReview JSON-LD → claims, actors and sources, in one atomic store write.
import { ensureActor, findActor } from '../core/actors.ts';
import { createClaim, type Author } from '../core/claims.ts';
import type { Desk } from '../core/desk.ts';
import type { Actor, Claim, Status } from '../core/types.ts';
import type { Store, WriteTx } from '../../store/types.ts';
import { mapRating } from './ratings.ts';
import { ClaimReviewSchema, fieldPath, type ParsedAgent, type ParsedReview } from './schema.ts';
import { ActorIndexTx } from './tx.ts';

export interface ImportOptions {
  /** import the valid items even when others are malformed (default: write nothing if any is) */
  skipInvalid?: boolean;
  /** creation time when a review has no datePublished (default: the desk clock, else the system clock) */
  now?: Date | string;
  /** who the history records (default `import:claimreview`, named after the publisher) */
  by?: Author;
}

export interface ImportError {
  /** 1-based position of the item in the file (in its array / `@graph`); 0 = the file as a whole */
  item: number;
  /** the item's review url, when it has a readable one */
  url?: string;
  /** dotted path inside the item, e.g. `reviewRating.ratingValue` */
  field: string;
  message: string;
}

export interface ImportReport {
  /** ClaimReview items found */
  total: number;
  /** new claims created */
  imported: number;
  /** items whose review url is already in the ledger (or repeated in the file) */
  unchanged: number;
  /** malformed items left out (only with skipInvalid) */
  skipped: number;
  actorsCreated: number;
  /** false when nothing was written because of errors (without skipInvalid) */
  written: boolean;
  errors: ImportError[];
}

export const IMPORT_USER: Author = { key: 'import:claimreview', name: 'ClaimReview import' };
/** Notes of the sources an import adds; the export tells the review apart from appearances by them. */
export const REVIEW_NOTE = 'ClaimReview';

interface Item {
  index: number;
  node: unknown;
}

/** Import ClaimReview JSON-LD (one object, an array, or `{ "@graph": [...] }`) into the ledger. */
export async function importClaimReview(target: Store | Desk, json: unknown, opts: ImportOptions = {}): Promise<ImportReport> {
  const desk = 'store' in target && 'clock' in target ? (target as Desk) : undefined;
  const store = desk ? desk.store : (target as Store);
  const now = toIso(opts.now ?? desk?.clock.now() ?? new Date());
  const report: ImportReport = { total: 0, imported: 0, unchanged: 0, skipped: 0, actorsCreated: 0, written: false, errors: [] };

  let items: Item[];
  try {
    items = collectItems(typeof json === 'string' ? JSON.parse(json) : json);
  } catch (err) {
    report.errors.push({ item: 0, field: '(file)', message: (err as Error).message });
    return report;
  }
  report.total = items.length;
  if (items.length === 0) {
    report.errors.push({ item: 0, field: '(file)', message: 'no ClaimReview found (expected an object, an array or @graph of them)' });
    return report;
  }

  const valid: Array<{ index: number; review: ParsedReview }> = [];
  for (const { index, node } of items) {
    const r = ClaimReviewSchema.safeParse(node);
    if (r.success) {
      valid.push({ index, review: r.data });
      continue;
    }
    const url = readableUrl(node);
    for (const issue of r.error.issues) {
      report.errors.push({ item: index, ...(url ? { url } : {}), field: fieldPath(issue.path), message: issue.message });
    }
  }
  const invalid = items.length - valid.length;
  if (invalid > 0 && !opts.skipInvalid) return report;
  report.skipped = invalid;

  const counts = await store.write((tx) => writeReviews(tx, valid, now, opts.by));
  Object.assign(report, counts, { written: true });
  return report;
}

/** The ClaimReview nodes of a document, numbered by their place in it; `@id` references resolved in `@graph`. */
export function collectItems(json: unknown): Item[] {
  if (Array.isArray(json)) {
    return json.flatMap((node, i) => (isObject(node) && Array.isArray(node['@graph']) ? collectItems(node) : [{ index: i + 1, node }]));
  }
  if (!isObject(json)) throw new Error('expected a JSON object or array of ClaimReview items');
  const graph = json['@graph'];
  if (graph === undefined) return [{ index: 1, node: json }];
  if (!Array.isArray(graph)) throw new Error('@graph must be an array');
  const byId = new Map<string, unknown>();
  for (const n of graph) if (isObject(n) && typeof n['@id'] === 'string') byId.set(n['@id'], n);
  const out: Item[] = [];
  graph.forEach((node, i) => {
    // Other nodes of a graph (the publisher's Organization, a WebPage…) are context, not items.
    if (isObject(node) && node['@type'] !== undefined && !hasType(node, 'ClaimReview')) return;
    out.push({ index: i + 1, node: byId.size ? resolveRefs(node, byId, 0) : node });
  });
  return out;
}

function writeReviews(base: WriteTx, valid: Array<{ index: number; review: ParsedReview }>, now: string, by?: Author) {
  const tx = new ActorIndexTx(base);
  const counts = { imported: 0, unchanged: 0, actorsCreated: 0 };
  // Review urls already in the ledger: re-importing a file finds every one of them here.
  const known = new Set<string>();
  for (const c of base.all('claims')) for (const s of c.sources) known.add(urlKey(s.url));
  const actorCache = new Map<string, string>();

  for (const { review } of valid) {
    const key = urlKey(review.url);
    const text = claimText(review);
    if (known.has(key) || isOwnExport(tx, review.url, text)) {
      counts.unchanged++;
      continue;
    }
    known.add(key);
    const before = tx.created;
    const claimant = resolveActor(tx, actorCache, review.itemReviewed?.author?.[0], now);
    counts.actorsCreated += tx.created - before;

    const rating = review.reviewRating;
    const label = (rating.alternateName?.trim() || rating.name?.trim()) ?? '';
    const mapped = mapRating({ ...rating, alternateName: label || undefined });
    const publisher = review.author?.[0]?.name ?? '';
    const shown = label || `${rating.ratingValue}/${rating.bestRating ?? 5}`;
    const at = review.datePublished ?? review.itemReviewed?.datePublished ?? now;
    const author = by ?? { key: IMPORT_USER.key, name: publisher || IMPORT_USER.name };
    const sources: Array<{ url: string; outlet?: string; note: string }> = [
      { url: review.url, outlet: publisher, note: `${REVIEW_NOTE}: ${shown}` },
    ];
    const first = review.itemReviewed?.firstAppearance;
    if (first?.url) sources.push({ url: first.url, outlet: publisherName(first.publisher), note: 'first appearance' });
    for (const a of review.itemReviewed?.appearance ?? []) {
      if (a.url) sources.push({ url: a.url, outlet: publisherName(a.publisher), note: 'appearance' });
    }

    const claim = createClaim(
      tx,
      {
        text,
        claimant,
        sources: sources.filter((s, i) => sources.findIndex((o) => urlKey(o.url) === urlKey(s.url)) === i),
        status: mapped.before ?? mapped.status,
        note: `${publisher ? `${publisher} rated it` : 'rated'} "${shown}" (ClaimReview)`,
        ...(label ? { externalRating: label } : {}),
        createdAt: at,
      },
      author,
      now,
    );
    if (mapped.before) retract(tx, claim, mapped.before, author, at);
    counts.imported++;
  }
  return counts;
}

/** A review of a claim that was later retracted: the verdict first, then the retraction. */
function retract(tx: WriteTx, claim: Claim, from: Status, by: Author, at: string): void {
  tx.put('claims', {
    ...claim,
    status: 'retracted',
    history: [...claim.history, { at, by: by.key, byName: by.name, from, to: 'retracted', note: 'retracted by speaker' }],
  });
}

/** The claimant as an actor: an existing one by name or any alias, else a new one. Missing → `Unknown`. */
function resolveActor(tx: ActorIndexTx, cache: Map<string, string>, agent: ParsedAgent | undefined, now: string): string {
  const name = agent?.name ?? 'Unknown';
  const names = [name, ...(agent?.alternateName ?? [])];
  for (const n of names) {
    const hit = cache.get(n.toLowerCase());
    if (hit) return hit;
  }
  let actor: Actor | undefined;
  for (const n of names) if ((actor = findActor(tx, n))) break;
  actor ??= ensureActor(tx, name, now, {
    kind: kindOf(agent?.['@type']),
    aliases: [...new Set(names.slice(1).filter((n) => n.toLowerCase() !== name.toLowerCase()))],
    role: agent?.jobTitle?.trim() ?? '',
  });
  for (const n of names) cache.set(n.toLowerCase(), actor.id);
  return actor.id;
}

function kindOf(types: string[] | undefined): Actor['kind'] {
  if (!types) return 'unknown';
  if (types.some((t) => /(^|[:/])Person$/.test(t))) return 'person';
  if (types.some((t) => /(^|[:/])(Organization|GovernmentOrganization|NewsMediaOrganization|Corporation|NGO|PoliticalParty)$/.test(t))) return 'organization';
  return 'unknown';
}

/** claimReviewed, unless it was cut short (`…`) and the Claim carries the whole text. */
function claimText(r: ParsedReview): string {
  const full = (r.itemReviewed?.text ?? r.itemReviewed?.description ?? '').trim();
  if (!full) return r.claimReviewed;
  const cut = /(…|\.\.\.)$/.test(r.claimReviewed) && full.length > r.claimReviewed.length;
  return cut || full.replace(/\s+/g, ' ') === r.claimReviewed.replace(/\s+/g, ' ') ? full : r.claimReviewed;
}

/** Our own export read back into the desk it came from: `…/claims/C12` or `urn:claimdesk:claim:C12`. */
function isOwnExport(tx: WriteTx, url: string, text: string): boolean {
  const m = /(?:^urn:claimdesk:claim:|\/claims\/)(C\d+)$/i.exec(url);
  return !!m && tx.get('claims', m[1].toUpperCase())?.text === text;
}

/** Same review url whatever the fragment, trailing slash or case of the host. */
export function urlKey(url: string): string {
  try {
    const u = new URL(url.trim());
    u.hash = '';
    return u.href.replace(/\/$/, '');
  } catch {
    return url.trim();
  }
}

/** `{ "publisher": { "name": "CNN" } }` → `CNN`; anything else → '' (the outlet then comes from the host). */
function publisherName(p: unknown): string {
  const first = Array.isArray(p) ? p[0] : p;
  if (typeof first === 'string') return first.trim().slice(0, 300);
  return isObject(first) && typeof first.name === 'string' ? first.name.trim().slice(0, 300) : '';
}

function readableUrl(node: unknown): string | undefined {
  return isObject(node) && typeof node.url === 'string' && node.url.length <= 500 ? node.url : undefined;
}

function resolveRefs(v: unknown, byId: Map<string, unknown>, depth: number): unknown {
  if (depth > 8) return v;
  if (Array.isArray(v)) return v.map((x) => resolveRefs(x, byId, depth + 1));
  if (!isObject(v)) return v;
  const keys = Object.keys(v);
  if (keys.length === 1 && typeof v['@id'] === 'string' && byId.has(v['@id'])) return resolveRefs(byId.get(v['@id']), byId, depth + 1);
  const out: Record<string, unknown> = {};
  for (const k of keys) out[k] = resolveRefs(v[k], byId, depth + 1);
  return out;
}

function hasType(node: Record<string, unknown>, type: string): boolean {
  const t = node['@type'];
  const types = Array.isArray(t) ? t : [t];
  return types.some((x) => typeof x === 'string' && (x === type || x.endsWith(`/${type}`) || x.endsWith(`:${type}`)));
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function toIso(d: Date | string): string {
  return typeof d === 'string' ? new Date(d).toISOString() : d.toISOString();
}
