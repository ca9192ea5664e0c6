// ClaimReview JSON-LD → claims, actors and sources, in ONE atomic store write: every item is validated
// and written inside the transaction, and a malformed item (without skipInvalid) aborts it, so either
// the whole file is in the ledger or nothing is. Validated items are not kept around (100k at a time).
import { ensureActor, findActor } from '../core/actors.ts';
import { createClaim, type Author } from '../core/claims.ts';
import type { Desk } from '../core/desk.ts';
import type { Actor, Claim, OutletReview, SourceKind } from '../core/types.ts';
import type { Store, WriteTx } from '../core/store-port.ts';
import { fastParse } from './fast.ts';
import { collectItems, hostOf, isEmptyGraph, isObject, publisherName, readableUrl, urlKey, type Item } from './items.ts';
import { mapRating, type MappedRating } from './ratings.ts';
import { IMPORT_KEY, isDeskVerdict } from './verdicts.ts';
import { queueStatusAlerts } from '../core/alerts.ts';
import { sourceKind, sourcesOf } from '../core/sources.ts';
import { ClaimReviewSchema, fieldPath, isWebUrl, type ParsedAgent, type ParsedReview } from './schema.ts';
import { claimText, kindOf, outletReview, retract, sameReview, toIso, vouch } from './review-parts.ts';

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
  /** reviews already in the ledger whose publisher re-rated the claim since (newer, another rating): updated */
  updated: number;
  /** items whose review url is already in the ledger as they are (or repeated in the file), or older copies */
  unchanged: number;
  /** malformed items left out (only with skipInvalid) */
  skipped: number;
  actorsCreated: number;
  /** false when the import was refused because of errors (nothing written); true once committed */
  written: boolean;
  errors: ImportError[];
}

export const IMPORT_USER: Author = { key: IMPORT_KEY, name: 'ClaimReview import' };
/** Note prefix of the review's own source; the export tells it apart from appearances by it. */
export const REVIEW_NOTE = 'ClaimReview';

type NewSource = { url: string; outlet: string; note: string; kind: SourceKind; review?: OutletReview };

/** Thrown inside the write to roll it back when an item is malformed. */
class Abort extends Error {}

/** Import ClaimReview JSON-LD (one object, an array, or `{ "@graph": [...] }`) into the ledger. */
export async function importClaimReview(target: Store | Desk, json: unknown, opts: ImportOptions = {}): Promise<ImportReport> {
  const report = emptyReport();
  let items: Item[];
  try {
    items = collectItems(typeof json === 'string' ? JSON.parse(json) : json);
  } catch (err) {
    report.errors.push({ item: 0, field: '(file)', message: (err as Error).message });
    return report;
  }
  // an export of a ledger with no verdict yet imports back as nothing to do, not as a wrong file
  if (items.length === 0 && isEmptyGraph(typeof json === 'string' ? JSON.parse(json) : json)) return { ...report, written: true };
  if (items.length === 0) {
    report.errors.push({ item: 0, field: '(file)', message: 'no ClaimReview found (expected an object, an array or @graph of them)' });
    return report;
  }
  return importItems(target, () => items, report, opts);
}

/**
 * The same import for a top-level array read item by item while the import runs (a file of a million
 * reviews is never in memory at once, and each item is garbage as soon as it is a claim). `values()` is
 * called inside the store's transaction and must be synchronous; whatever it throws (a file that stops
 * being JSON half-way) aborts the write, so nothing is written, as with any other error.
 */
export async function importClaimReviewStream(target: Store | Desk, values: () => Iterable<unknown>, opts: ImportOptions = {}): Promise<ImportReport> {
  return importItems(target, () => itemsOf(values()), emptyReport(), opts);
}

/** The items of a stream of array elements, as collectItems numbers them in the whole array. */
function* itemsOf(values: Iterable<unknown>): Generator<Item, void, undefined> {
  let i = 0;
  for (const node of values) {
    i++;
    if (isObject(node) && Array.isArray(node['@graph'])) yield* collectItems(node);
    else yield { index: i, node };
  }
}

function emptyReport(): ImportReport {
  return { total: 0, imported: 0, updated: 0, unchanged: 0, skipped: 0, actorsCreated: 0, written: false, errors: [] };
}

async function importItems(target: Store | Desk, items: () => Iterable<Item>, report: ImportReport, opts: ImportOptions): Promise<ImportReport> {
  const desk = 'store' in target && 'clock' in target ? (target as Desk) : undefined;
  const store = desk ? desk.store : (target as Store);
  const now = toIso(opts.now ?? desk?.clock.now() ?? new Date());
  try {
    const counts = await store.write((tx) => {
      const writer = new ReviewWriter(tx, now, opts.by, desk);
      let invalid = 0;
      let total = 0;
      for (const { index, node } of items()) {
        total++;
        const r = validate(node);
        if (!r.success) {
          invalid++;
          const url = readableUrl(node);
          for (const issue of r.error.issues) {
            report.errors.push({ item: index, ...(url ? { url } : {}), field: fieldPath(issue.path), message: issue.message });
          }
        } else if (invalid === 0 || opts.skipInvalid) {
          writer.add(r.data, 'fast' in r); // after the first bad item without skipInvalid: only validate, to report them all
        }
      }
      report.total = total;
      if (invalid && !opts.skipInvalid) throw new Abort();
      return { ...writer.counts, skipped: invalid };
    });
    Object.assign(report, counts, { written: true });
  } catch (err) {
    if (!(err instanceof Abort)) throw err;
  }
  return report;
}

/** The fast twin for well-formed items, the zod schema for the rest (and for the error report). */
function validate(node: unknown): { success: true; data: ParsedReview; fast: true } | ReturnType<typeof ClaimReviewSchema.safeParse> {
  const fast = fastParse(node);
  return fast ? { success: true, data: fast, fast: true } : ClaimReviewSchema.safeParse(node);
}

/** Turns validated reviews into claims (and actors) inside one transaction. */
class ReviewWriter {
  readonly counts = { imported: 0, updated: 0, unchanged: 0, actorsCreated: 0 };
  private tx: WriteTx;
  /** urls already in the ledger (any source of any claim) and the reviews of this file → that claim as stored */
  private known = new Map<string, Claim>();
  /** lower-cased claimant name/alias → actor id, for this import */
  private actors = new Map<string, string>();
  /** label → the ratings seen with it (its numbers) and what they map to: no key string built per review */
  private ratings = new Map<string, { r: ParsedReview['reviewRating']; m: MappedRating }[]>();
  /** claimant name or alias exactly as in the file → actor id (before lower-casing it for `actors`) */
  private exact = new Map<string, string>();
  /** one copy of each repeated string (notes, outlets) in the stored docs: 100k claims share them */
  private strings = new Map<string, string>();
  private authors = new Map<string, Author>();
  private noteCache = new Map<string, Map<string, { source: string; history: string }>>();
  private webUrls = new Map<string, boolean>();

  constructor(
    base: WriteTx,
    private now: string,
    private by: Author | undefined,
    private desk: Desk | undefined,
  ) {
    for (const c of base.all('claims')) for (const s of c.sources) this.known.set(urlKey(s.url), c);
    this.tx = base;
  }

  /** `fast`: fastParse validated the review (only then can the claim be vouched for, see vouch()). */
  add(review: ParsedReview, fast = false): void {
    const key = urlKey(review.url);
    const text = claimText(review);
    const knownAs = this.known.get(key);
    if (knownAs !== undefined) {
      this.counts[this.refresh(review, knownAs, key) ? 'updated' : 'unchanged']++;
      return;
    }
    if (this.isOwnExport(review.url, text)) {
      this.counts.unchanged++;
      return;
    }
    const tx = this.tx;
    // an import only ever adds actors, so the count's growth is what it created
    const before = tx.count('actors');
    const claimant = this.actorFor(review.itemReviewed?.author?.[0]);
    this.counts.actorsCreated += tx.count('actors') - before;

    const rating = review.reviewRating;
    const label = rating.alternateName?.trim() || rating.name?.trim() || '';
    const mapped = this.mapped(label, rating);
    const author = review.author?.[0];
    const publisher = author?.name ?? '';
    const shown = label || `${rating.ratingValue}/${rating.bestRating ?? 5}`;
    const at = review.datePublished ?? review.itemReviewed?.datePublished ?? this.now;
    const by = this.by ?? this.authorFor(publisher);

    const notes = this.notes(publisher, shown);
    const own: NewSource = { url: review.url, outlet: publisher || this.intern(hostOf(review.url)), note: notes.source, kind: 'review' };
    const sources: NewSource[] = [own];
    const item = review.itemReviewed;
    const keys = [key]; // urlKey of each source so far, computed once
    if (item?.firstAppearance) this.addSource(sources, keys, item.firstAppearance, 'first appearance', 'appearance');
    if (item?.appearance) for (const a of item.appearance) this.addSource(sources, keys, a, 'appearance', 'appearance');
    const cited = sources.length;
    if (review.citation) for (const a of review.citation) this.addSource(sources, keys, a, '', 'evidence');
    own.review = outletReview(review, label, this.webUrl(author?.url), sources.length > cited ? sources.slice(cited).map((s) => s.url) : undefined);

    const claim = createClaim(
      tx,
      {
        text,
        claimant,
        sources,
        status: mapped.before ?? mapped.status,
        note: notes.history,
        externalRating: label || undefined,
        createdAt: at,
        ...(item?.datePublished ? { madeAt: item.datePublished } : {}),
        // the verdict's evidence is the outlet's review: the export tells the desk's verdicts apart by it
        evidence: review.url,
      },
      by,
      this.now,
      // everything in it was made for this claim: the store keeps it rather than a copy, and when every value
      // from the file in it is one the store keeps as it is, without looking at each again
      { handOver: true, checked: fast && vouch(text, [label, publisher, by.key, by.name, own.review.authorUrl], sources) },
    );
    this.known.set(key, mapped.before ? retract(tx, claim, mapped.before, by, at, review.url) : claim);
    this.counts.imported++;
  }

  /**
   * A review already in the ledger. Its publisher re-rated the claim when this copy is not older than the
   * stored one (dateModified, else datePublished) and differs from it in rating or date: the review
   * source is updated, and the verdict too (a history entry by the publisher, alerts) unless the desk gave
   * its own. The identical review, or an older copy, changes nothing. Returns whether it updated.
   */
  private refresh(review: ParsedReview, claim: Claim, key: string): boolean {
    // the review's own source is the first one of an imported claim: look there before comparing keys
    const first = claim.sources[0];
    const at = first && first.url === review.url && first.kind === 'review'
      ? 0
      : claim.sources.findIndex((s) => urlKey(s.url) === key && sourceKind(claim, s) === 'review');
    if (at < 0) return false; // the url is another kind of source (evidence, an appearance)
    const stored = claim.sources[at];
    const rating = review.reviewRating;
    const label = rating.alternateName?.trim() || rating.name?.trim() || '';
    // the common case on a re-import, checked without building anything: the review as it was stored
    if (stored.review && sameReview(stored.review, review, label)) return false;
    const author = review.author?.[0];
    const next = outletReview(review, label, this.webUrl(author?.url) ?? stored.review?.authorUrl, stored.review?.citations);
    const was: OutletReview = stored.review ?? { datePublished: stored.addedAt };
    const dated = (r: OutletReview) => r.dateModified ?? r.datePublished ?? '';
    if (dated(next) && dated(was) && dated(next) < dated(was)) return false;
    // reviews imported before their details were kept: only the label is known
    const sameRating = stored.review
      ? next.label === was.label && next.ratingValue === was.ratingValue && next.bestRating === was.bestRating && next.worstRating === was.worstRating
      : (label || undefined) === claim.externalRating;
    if (sameRating && dated(next) === dated(was)) return false;

    const publisher = author?.name ?? stored.outlet;
    const shown = label || `${rating.ratingValue}/${rating.bestRating ?? 5}`;
    const notes = this.notes(publisher, shown);
    const by = this.by ?? this.authorFor(publisher);
    const sources = [...claim.sources];
    sources[at] = { ...stored, note: notes.source, review: next };
    let updated: Claim = { ...claim, sources, updatedAt: this.now, ...(label ? { externalRating: label } : {}) };
    const mapped = this.mapped(label, rating);
    const to = mapped.before ? 'retracted' : mapped.status;
    const entry = to !== claim.status && !isDeskVerdict(claim, sourcesOf(claim, 'review'))
      ? { at: this.now, by: by.key, byName: by.name, from: claim.status, to, note: `${publisher || 'the publisher'} re-rated it "${shown}" (ClaimReview)`, source: review.url }
      : undefined;
    if (entry) updated = { ...updated, status: to, history: [...claim.history, entry] };
    updated = this.tx.put('claims', updated, { expectVersion: claim.version });
    this.known.set(key, updated);
    if (entry && this.desk) queueStatusAlerts(this.tx, this.desk, updated, entry);
    return true;
  }

  /** Appearances and citations become sources too, each url once (and not the review's own). */
  private addSource(sources: NewSource[], keys: string[], w: { url?: string; publisher?: unknown }, note: string, kind: SourceKind): void {
    if (!w.url) return;
    const k = urlKey(w.url);
    if (keys.includes(k)) return;
    keys.push(k);
    sources.push({ url: w.url, outlet: this.intern(publisherName(w.publisher) || hostOf(w.url)), note, kind });
  }

  /** The claimant as an actor: an existing one by name or any alias, else a new one. Missing → `Unknown`. */
  private actorFor(agent: ParsedAgent | undefined): string {
    const name = agent?.name ?? 'Unknown';
    // what `actors` says of the name itself (it never files a key under another actor once it has one)
    const same = this.exact.get(name);
    if (same !== undefined) return same;
    const names = agent?.alternateName ? [name, ...agent.alternateName] : [name];
    for (const n of names) {
      const hit = this.actors.get(n.toLowerCase());
      if (hit) {
        if (n === name) this.exact.set(name, hit);
        return hit;
      }
    }
    let actor: Actor | undefined;
    for (const n of names) if ((actor = findActor(this.tx, n))) break;
    actor ??= ensureActor(this.tx, name, this.now, {
      kind: kindOf(agent?.['@type']),
      aliases: [...new Set(names.slice(1).filter((n) => n.toLowerCase() !== name.toLowerCase()))],
      role: agent?.jobTitle?.trim() ?? '',
    });
    for (const n of names) this.actors.set(n.toLowerCase(), actor.id);
    this.exact.set(name, actor.id);
    return actor.id;
  }

  private mapped(label: string, r: ParsedReview['reviewRating']): MappedRating {
    let seen = this.ratings.get(label);
    if (!seen) this.ratings.set(label, (seen = []));
    for (const s of seen) {
      if (s.r.ratingValue === r.ratingValue && s.r.bestRating === r.bestRating && s.r.worstRating === r.worstRating) return s.m;
    }
    const m = mapRating({ ...r, alternateName: label || undefined });
    if (seen.length < 100) seen.push({ r, m });
    return m;
  }

  /** History entries of an import are by the publisher of the review (one Author per publisher). */
  private authorFor(publisher: string): Author {
    let a = this.authors.get(publisher);
    if (!a) this.authors.set(publisher, (a = { key: IMPORT_USER.key, name: publisher || IMPORT_USER.name }));
    return a;
  }

  /** The notes of the review source and of the history entry, one copy per publisher and label. */
  private notes(publisher: string, shown: string): { source: string; history: string } {
    let byLabel = this.noteCache.get(publisher);
    if (!byLabel) this.noteCache.set(publisher, (byLabel = new Map()));
    let n = byLabel.get(shown);
    if (!n) {
      n = { source: `${REVIEW_NOTE}: ${shown}`, history: `${publisher ? `${publisher} rated it` : 'rated'} "${shown}" (ClaimReview)` };
      if (byLabel.size < 10_000) byLabel.set(shown, n);
    }
    return n;
  }

  /** The url when it is a web address (publishers repeat theirs: each is checked once). */
  private webUrl(url: string | undefined): string | undefined {
    if (!url) return undefined;
    let ok = this.webUrls.get(url);
    if (ok === undefined) {
      ok = isWebUrl(url);
      if (this.webUrls.size < 10_000) this.webUrls.set(url, ok);
    }
    return ok ? url : undefined;
  }

  private intern(s: string): string {
    const hit = this.strings.get(s);
    if (hit !== undefined) return hit;
    if (this.strings.size < 100_000) this.strings.set(s, s);
    return s;
  }

  /** Our own export read back into the desk it came from: `…/claims/C12` or `urn:claimdesk:claim:C12`. */
  private isOwnExport(url: string, text: string): boolean {
    const last = url.charCodeAt(url.length - 1);
    if (!(last >= 0x30 && last <= 0x39)) return false; // not ending in the id's digits: spares the regex per review
    const m = /(?:^urn:claimdesk:claim:|\/claims\/)(C\d+)$/i.exec(url);
    return !!m && this.tx.get('claims', m[1].toUpperCase())?.text === text;
  }
}
