// Claims: creation and the edits every entry point shares (commands, flagging, demo, import).
import type { ReadView, WriteTx } from './store-port.ts';
import { queueStatusAlerts } from './alerts.ts';
import { claimId, parseClaimId } from './claim-id.ts';
import type { Desk } from './desk.ts';
import { UserError } from './errors.ts';
import { STATUS_META } from './statuses.ts';
import { nameKey, short } from './text.ts';
import type { Claim, HistoryEntry, Origin, Source, Status } from './types.ts';

export interface Author {
  key: string;
  name: string;
}

export interface NewClaim {
  text: string;
  /** actor id */
  claimant: string;
  subjects?: string[];
  tags?: string[];
  sources?: Array<Pick<Source, 'url'> & Partial<Pick<Source, 'outlet' | 'note' | 'kind' | 'review'>>>;
  /** default `unverified` */
  status?: Status;
  /** note of the creation history entry */
  note?: string;
  /** evidence url of the creation history entry (an imported review's own url) */
  evidence?: string;
  origin?: Origin;
  externalRating?: string;
  /** when the claim was made (ISO), when known */
  madeAt?: string;
  /** ISO time; default `now` */
  createdAt?: string;
}

/** `https://www.cnn.com/x` → `cnn.com`; anything unparsable → ''. */
export function outletFromUrl(url: string): string {
  try {
    return new URL(url).hostname.replace(/^www\./, '');
  } catch {
    return '';
  }
}

/**
 * What two texts of one claim share when they differ only in case, quotes, punctuation or spacing:
 * NFKC + case folding, every punctuation mark a space (so `3.5%` stays apart from `35%`), spaces collapsed.
 */
export function claimTextKey(text: string): string {
  return nameKey(text.replace(/[\p{P}]+/gu, (p) => (p.includes('%') ? ` ${p.replace(/[^%]/g, '')} ` : ' '))).replace(/ +/g, ' ').trim();
}

/** A claim of this claimant whose text is the same claim (claimTextKey), if any. */
export function findSameClaim(view: ReadView, claimant: string, text: string): Claim | undefined {
  const key = claimTextKey(text);
  return view.byIndex('claims', 'byActor', claimant).find((c) => c.claimant === claimant && claimTextKey(c.text) === key);
}

const NONE: readonly string[] = Object.freeze([]);

/**
 * Allocates the next `C<n>` id and stores the claim with its creation history entry (null → status).
 * `handOver`: the caller built `input` (its sources, review details, tags) for this claim alone and never
 * touches it again, so the store may keep those objects instead of copying them (bulk imports).
 * `checked` (with handOver): every string, number and list in `input` is one the caller checked is what the
 * store keeps (PutOptions.checked), and this builds nothing else around them, so the store need not look again.
 */
export function createClaim(tx: WriteTx, input: NewClaim, by: Author, now: string, opts: { handOver?: boolean; checked?: boolean } = {}): Claim {
  // never overwrite: if the sequence lags behind stored ids (e.g. data written without it), skip past them
  let id = claimId(tx.nextId('claim'));
  while (tx.get('claims', id)) id = claimId(tx.nextId('claim'));
  const at = input.createdAt ?? now;
  const status = input.status ?? 'unverified';
  // built without undefined keys (the store would drop them, and could then not keep the objects as they are);
  // no spreads: imports run this 100k times
  const sources: Source[] = [];
  for (const s of input.sources ?? []) {
    const source: Source = { url: s.url, outlet: s.outlet || outletFromUrl(s.url), note: s.note ?? '', addedAt: at, addedBy: by.key };
    if (s.kind !== undefined) source.kind = s.kind;
    if (s.review !== undefined) source.review = s.review;
    sources.push(source);
  }
  const entry: HistoryEntry = { at, by: by.key, byName: by.name, from: null, to: status, note: input.note ?? '' };
  if (input.evidence !== undefined) entry.source = input.evidence;
  // a handed-over claim without subjects or tags shares one frozen empty list (a million claims: two million fewer objects)
  const none = (): string[] => (opts.handOver ? (NONE as string[]) : []);
  const subjects = input.subjects?.length ? [...new Set(input.subjects.filter((s) => s !== input.claimant))] : none();
  const tags = input.tags?.length ? [...input.tags] : none();
  const doc: Omit<Claim, 'version'> = { id, text: input.text, status, claimant: input.claimant, subjects, tags, sources, history: [entry] } as Omit<Claim, 'version'>;
  if (input.origin) doc.origin = input.origin;
  if (input.externalRating) doc.externalRating = input.externalRating;
  if (input.madeAt !== undefined) doc.madeAt = input.madeAt;
  doc.flagCount = 0;
  doc.createdAt = at;
  doc.updatedAt = at;
  const handOver = opts.handOver && !input.origin;
  return tx.put('claims', doc, { expectVersion: 0, handOver, checked: handOver && opts.checked });
}

// ---- edits shared by the commands (and anyone else who changes a claim) ----

/** The claim with that id, or a UserError that says so. */
export function requireClaim(view: ReadView, idText: string): Claim {
  const id = parseClaimId(idText);
  if (!id) throw new UserError(`"${short(idText)}" is not a claim id (claim ids look like C12).`, 'Find the id with /claim status <words>.');
  const claim = view.get('claims', id);
  if (!claim) throw new UserError(`There is no claim ${id}.`, 'Find the id with /claim status <words> or /claim list.');
  return claim;
}

export interface SetStatusOptions {
  note?: string;
  /** evidence url; also attached to the claim's sources when not already there */
  source?: string;
  /** refuse (ConflictError) if the claim changed since the caller read it */
  expectVersion?: number;
  /** the note is for the desk only: never on the public pages (nor on the evidence it comes with) */
  internal?: boolean;
}

/**
 * Change a claim's status: appends the history entry, attaches the evidence url, and queues the alerts in
 * the same transaction, so the change and its alerts commit (or fail) together.
 */
export function setStatus(
  tx: WriteTx,
  desk: Desk,
  claimId: string,
  to: Status,
  by: Author,
  now: string,
  opts: SetStatusOptions = {},
): { claim: Claim; entry: HistoryEntry } {
  const current = requireClaim(tx, claimId);
  if (current.status === to) {
    throw new UserError(`${current.id} is already ${STATUS_META[to].label.toLowerCase()}; nothing changed.`);
  }
  const entry: HistoryEntry = {
    at: now,
    by: by.key,
    byName: by.name,
    from: current.status,
    to,
    note: opts.note ?? '',
    ...(opts.internal && opts.note ? { internal: true } : {}),
    ...(opts.source ? { source: opts.source } : {}),
  };
  const sources = opts.source && !current.sources.some((s) => s.url === opts.source)
    ? [...current.sources, newSource(opts.source, opts.internal ? '' : (opts.note ?? ''), by, now)]
    : current.sources;
  const claim = tx.put(
    'claims',
    { ...current, status: to, history: [...current.history, entry], sources, updatedAt: now },
    { expectVersion: opts.expectVersion ?? current.version },
  );
  queueStatusAlerts(tx, desk, claim, entry);
  return { claim, entry };
}

/** Sources given with a status change or by /claim source are what the desk checked the claim against. */
function newSource(url: string, note: string, by: Author, now: string, outlet?: string): Source {
  return { url, outlet: outlet || outletFromUrl(url), note, addedAt: now, addedBy: by.key, kind: 'evidence' };
}

/** Attach evidence. The same url twice updates its note instead of adding a duplicate. */
export function addSource(
  tx: WriteTx,
  claimId: string,
  src: { url: string; note?: string; outlet?: string },
  by: Author,
  now: string,
  /** refuse (ConflictError) if the claim changed since the caller read it */
  expectVersion?: number,
): { claim: Claim; added: boolean } {
  const current = requireClaim(tx, claimId);
  const existing = current.sources.findIndex((s) => s.url === src.url);
  const sources = [...current.sources];
  if (existing >= 0) {
    if (!src.note) throw new UserError(`${current.id} already has that source; nothing changed.`);
    sources[existing] = { ...sources[existing], note: src.note };
  } else {
    sources.push(newSource(src.url, src.note ?? '', by, now, src.outlet));
  }
  const claim = tx.put('claims', { ...current, sources, updatedAt: now }, { expectVersion: expectVersion ?? current.version });
  return { claim, added: existing < 0 };
}

/** Newest first: by creation time, then by id number. */
export function newestFirst(a: Claim, b: Claim): number {
  if (a.createdAt !== b.createdAt) return a.createdAt < b.createdAt ? 1 : -1;
  return claimNumber(b.id) - claimNumber(a.id);
}

export function claimNumber(id: string): number {
  return Number(id.slice(1)) || 0;
}

export interface ClaimFilter {
  status?: Status;
  /** any of these statuses (with `status`: that one too) */
  statuses?: Status[];
  /** claims made by this actor */
  claimant?: string;
  /** claims about this actor */
  subject?: string;
}

/** Claims matching the filter, newest first (uses the store's indexes where it can). */
export function listClaims(view: ReadView, f: ClaimFilter = {}): Claim[] {
  const wanted = [...new Set([...(f.status ? [f.status] : []), ...(f.statuses ?? [])])];
  const actor = f.claimant ?? f.subject;
  let base: Claim[] = actor
    ? view.byIndex('claims', 'byActor', actor)
    : wanted.length
      ? wanted.flatMap((s) => view.byIndex('claims', 'byStatus', s))
      : view.all('claims');
  base = base.filter(
    (c) =>
      (!wanted.length || wanted.includes(c.status)) &&
      (!f.claimant || c.claimant === f.claimant) &&
      (!f.subject || c.subjects.includes(f.subject)),
  );
  return base.sort(newestFirst);
}
