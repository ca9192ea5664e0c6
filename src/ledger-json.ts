// The claimdesk JSON export, which is also the import format:
//   { "format": "claimdesk", "version": 1, "actors": [...], "claims": [...], <every other collection> }
// Documents are exported as stored, minus the store's own `version` counter. Import validates everything
// (zod) before anything is written, then writes in ONE store transaction: all or nothing.
import { z } from 'zod';
import { type ReadView, type Store, type WriteTx, COLLECTIONS, InvalidDocError, type CollectionName, type Collections } from './core/store-port.ts';
import { parseStatus } from './core/statuses.ts';
import { SOURCE_KINDS, STATUSES } from './core/types.ts';

export const LEDGER_FORMAT = 'claimdesk';
export const LEDGER_VERSION = 1;

type Unversioned<C extends CollectionName> = Omit<Collections[C], 'version'>;
export type Ledger = { format: typeof LEDGER_FORMAT; version: number } & { [C in CollectionName]: Unversioned<C>[] };

export function exportLedger(view: ReadView): Ledger {
  const out = { format: LEDGER_FORMAT, version: LEDGER_VERSION } as Ledger;
  for (const c of COLLECTIONS) {
    (out as Record<string, unknown>)[c] = view.all(c).map(({ version: _v, ...doc }) => doc);
  }
  return out;
}

// ---- schemas -------------------------------------------------------------------------------------------

const time = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'must be an ISO date-time, e.g. 2026-01-28T09:00:00Z');
const status = z.preprocess((v) => parseStatus(typeof v === 'string' ? v : undefined) ?? v, z.enum(STATUSES, { error: `must be one of: ${STATUSES.join(', ')}` }));
const nonEmpty = z.string().trim().min(1, 'must not be empty');
const strings = z.array(z.string());
const platform = z.enum(['console', 'slack', 'discord']);
const channel = z.looseObject({ platform, workspace: z.string(), channel: nonEmpty, name: z.string().optional() });

const ActorSchema = z.looseObject({
  id: nonEmpty.regex(/^[a-z0-9][a-z0-9-]*$/, 'must be a slug like stephen-miller'),
  name: nonEmpty,
  role: z.string().default(''),
  aliases: strings.default([]),
  kind: z.enum(['person', 'organization', 'unknown']).default('unknown'),
  createdAt: time.optional(),
  updatedAt: time.optional(),
});

const SourceSchema = z.looseObject({
  url: nonEmpty,
  outlet: z.string().default(''),
  note: z.string().default(''),
  addedAt: time.optional(),
  addedBy: z.string().default('import'),
  // files written before kinds existed have none; sourceKind() reads them
  kind: z.enum(SOURCE_KINDS, { error: `must be one of: ${SOURCE_KINDS.join(', ')}` }).optional(),
});

const HistorySchema = z.looseObject({
  at: time,
  by: nonEmpty,
  byName: z.string().optional(),
  from: status.nullable(),
  to: status,
  note: z.string().default(''),
  source: z.string().optional(),
});

const ClaimSchema = z.looseObject({
  id: z.string().regex(/^[cC][1-9]\d*$/, 'must be C and a number, e.g. C12').transform((s) => s.toUpperCase()),
  text: nonEmpty,
  status,
  claimant: nonEmpty,
  subjects: strings.default([]),
  tags: strings.default([]),
  sources: z.array(SourceSchema).default([]),
  history: z.array(HistorySchema).optional(),
  origin: z
    .looseObject({ platform, workspace: z.string(), channel: z.string(), messageId: z.string(), link: z.string(), author: z.string(), authorName: z.string() })
    .optional(),
  flagCount: z.number().int().min(0).default(0),
  externalRating: z.string().optional(),
  madeAt: time.optional(),
  createdAt: time.optional(),
  updatedAt: time.optional(),
});

// The event collections are the store's own bookkeeping; they are checked for shape, kept as they are.
const OTHER: Record<Exclude<CollectionName, 'actors' | 'claims'>, z.ZodType> = {
  subscriptions: z.looseObject({ id: nonEmpty, channel, target: z.looseObject({ kind: z.enum(['all', 'claim', 'actor']) }), statuses: z.array(status) }),
  digests: z.looseObject({ id: nonEmpty, channel, spec: z.string(), cron: z.string(), tz: z.string() }),
  flags: z.looseObject({ id: nonEmpty, claimId: nonEmpty, users: strings }),
  outbox: z.looseObject({ id: z.string().regex(/^o\d+$/, 'must be o and a number'), kind: z.enum(['alert', 'digest', 'reply']), channel, reply: z.looseObject({ kind: z.string() }), state: z.enum(['pending', 'delivered', 'failed']) }),
  threads: z.looseObject({ id: nonEmpty, ref: z.string() }),
};

// ---- import --------------------------------------------------------------------------------------------

export interface LedgerProblem {
  /** `claims[3] (C4)` */
  item: string;
  /** `status` */
  field: string;
  message: string;
}

export class LedgerImportError extends Error {
  override name = 'LedgerImportError';
  constructor(public readonly problems: LedgerProblem[]) {
    super(
      `the file was not imported (nothing was written): ${problems.length} problem${problems.length === 1 ? '' : 's'}\n` +
        problems
          .slice(0, 50)
          .map((p) => `  ${p.item}${p.field ? ` ${p.field}` : ''}: ${p.message}`)
          .join('\n') +
        (problems.length > 50 ? `\n  … and ${problems.length - 50} more` : ''),
    );
  }
}

export interface LedgerImportReport {
  /** documents written per collection */
  imported: Record<CollectionName, number>;
  /** identical documents already in the store, left as they were */
  unchanged: number;
}

/** True when `json` looks like a claimdesk export (as opposed to ClaimReview JSON-LD). */
export function isLedger(json: unknown): boolean {
  return typeof json === 'object' && json !== null && !Array.isArray(json) && (json as { format?: unknown }).format === LEDGER_FORMAT;
}

function itemName(coll: string, i: number, raw: unknown): string {
  const id = typeof raw === 'object' && raw !== null ? (raw as { id?: unknown }).id : undefined;
  return `${coll}[${i}]${typeof id === 'string' ? ` (${id})` : ''}`;
}

function fieldOf(path: readonly PropertyKey[]): string {
  return path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, '');
}

/** Validates the whole file; returns the documents to write or throws LedgerImportError listing every problem. */
export function parseLedger(json: unknown, now: string): { [C in CollectionName]: Unversioned<C>[] } {
  const problems: LedgerProblem[] = [];
  if (!isLedger(json)) {
    throw new LedgerImportError([{ item: 'file', field: 'format', message: `must be "${LEDGER_FORMAT}" (is this a claimdesk export?)` }]);
  }
  const file = json as Record<string, unknown>;
  if (!Number.isInteger(file.version) || (file.version as number) < 1 || (file.version as number) > LEDGER_VERSION) {
    problems.push({ item: 'file', field: 'version', message: `this claimdesk reads version ${LEDGER_VERSION}, the file says ${JSON.stringify(file.version)}` });
  }
  for (const key of Object.keys(file)) {
    if (key !== 'format' && key !== 'version' && !(COLLECTIONS as readonly string[]).includes(key)) {
      problems.push({ item: 'file', field: key, message: `unknown key (expected ${COLLECTIONS.join(', ')})` });
    }
  }
  const out = {} as { [C in CollectionName]: Unversioned<C>[] };
  for (const coll of COLLECTIONS) {
    const raw = file[coll] ?? [];
    (out as Record<string, unknown[]>)[coll] = [];
    if (!Array.isArray(raw)) {
      problems.push({ item: 'file', field: coll, message: 'must be an array' });
      continue;
    }
    const schema = coll === 'actors' ? ActorSchema : coll === 'claims' ? ClaimSchema : OTHER[coll];
    const seen = new Set<string>();
    raw.forEach((item, i) => {
      const r = schema.safeParse(item);
      if (!r.success) {
        for (const issue of r.error.issues) problems.push({ item: itemName(coll, i, item), field: fieldOf(issue.path), message: issue.message });
        return;
      }
      const doc = keepOrder(item, r.data) as { id: string };
      if (seen.has(doc.id)) problems.push({ item: itemName(coll, i, item), field: 'id', message: `${doc.id} appears twice in the file` });
      seen.add(doc.id);
      (out as Record<string, unknown[]>)[coll].push(complete(coll, doc, now));
    });
  }
  if (problems.length) throw new LedgerImportError(problems);
  return out;
}

/** The parsed value with the keys in the file's order (zod lists the schema's keys first): lossless round trips. */
function keepOrder(raw: unknown, parsed: unknown): unknown {
  if (Array.isArray(raw) && Array.isArray(parsed)) return parsed.map((v, i) => keepOrder(raw[i], v));
  if (!isRecord(raw) || !isRecord(parsed)) return parsed;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(raw)) if (Object.hasOwn(parsed, k)) out[k] = keepOrder(raw[k], parsed[k]);
  for (const k of Object.keys(parsed)) if (!Object.hasOwn(out, k)) out[k] = parsed[k];
  return out;
}
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Fills what a hand-written file may leave out (times, the creation history entry), as the app would. */
function complete(coll: CollectionName, doc: Record<string, unknown> & { id: string }, now: string): Record<string, unknown> & { id: string } {
  if (coll === 'actors') return { ...doc, createdAt: doc.createdAt ?? now, updatedAt: doc.updatedAt ?? doc.createdAt ?? now };
  if (coll !== 'claims') return doc;
  const c = doc as z.infer<typeof ClaimSchema>;
  const createdAt = c.createdAt ?? now;
  return {
    ...c,
    sources: c.sources.map((s) => ({ ...s, addedAt: s.addedAt ?? createdAt })),
    history: (c.history?.length ? c.history : [{ at: createdAt, by: 'import', from: null, to: c.status, note: 'imported' }]).map((h) => ({ ...h, byName: h.byName ?? h.by })),
    createdAt,
    updatedAt: c.updatedAt ?? createdAt,
  };
}

const same = (a: object, b: object) => {
  const { version: _a, ...x } = a as { version?: number };
  const { version: _b, ...y } = b as { version?: number };
  return JSON.stringify(sortKeys(x)) === JSON.stringify(sortKeys(y));
};
function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, x]) => [k, sortKeys(x)]));
  return v;
}

/** Moves a sequence past `max` (ids are never handed out twice, imported ones included). */
function advance(tx: WriteTx, seq: 'claim' | 'outbox', max: number, maxBefore: number): void {
  if (max <= maxBefore) return; // the sequence is already past every id in the store
  let n = tx.nextId(seq);
  while (n < max) n = tx.nextId(seq);
}

const num = (id: string) => Number(id.slice(1)) || 0;
// reduce, not Math.max(...ids): a spread of 100k arguments overflows the stack
const maxNum = (docs: Array<{ id: string }>) => docs.reduce((m, d) => Math.max(m, num(d.id)), 0);

/**
 * Imports a claimdesk export into `store` in one transaction. Claim ids are kept. Documents already in the
 * store identical to the file's are left alone; a different document under the same id is an error.
 */
export async function importLedger(store: Store, json: unknown, now = new Date().toISOString()): Promise<LedgerImportReport> {
  const docs = parseLedger(json, now);
  return store.write((tx) => {
    const problems: LedgerProblem[] = [];
    const actorIds = new Set([...tx.all('actors').map((a) => a.id), ...docs.actors.map((a) => a.id)]);
    const claimIds = new Set([...tx.all('claims').map((c) => c.id), ...docs.claims.map((c) => c.id)]);
    docs.claims.forEach((c, i) => {
      const item = itemName('claims', i, c);
      if (!actorIds.has(c.claimant)) problems.push({ item, field: 'claimant', message: `actor "${c.claimant}" is neither in the file nor in the store` });
      for (const s of c.subjects) if (!actorIds.has(s)) problems.push({ item, field: 'subjects', message: `actor "${s}" is neither in the file nor in the store` });
    });
    docs.flags.forEach((f, i) => {
      if (!claimIds.has(f.claimId)) problems.push({ item: itemName('flags', i, f), field: 'claimId', message: `claim ${f.claimId} is neither in the file nor in the store` });
    });
    const report: LedgerImportReport = { imported: Object.fromEntries(COLLECTIONS.map((c) => [c, 0])) as Record<CollectionName, number>, unchanged: 0 };
    const writes: Array<[CollectionName, Record<string, unknown> & { id: string }]> = [];
    for (const coll of COLLECTIONS) {
      (docs[coll] as Array<Record<string, unknown> & { id: string }>).forEach((doc, i) => {
        const existing = tx.get(coll, doc.id);
        if (!existing) return void writes.push([coll, doc]);
        if (same(existing, doc)) return void report.unchanged++;
        problems.push({ item: itemName(coll, i, doc), field: 'id', message: `a different ${coll.replace(/s$/, '')} ${doc.id} is already in the store (import into an empty DATA_DIR, or remove it from the file)` });
      });
    }
    if (problems.length) throw new LedgerImportError(problems);
    const maxClaimBefore = maxNum(tx.all('claims'));
    const maxOutboxBefore = maxNum(tx.all('outbox'));
    for (const [coll, doc] of writes) {
      try {
        tx.put(coll, doc as never, { expectVersion: 0 });
        report.imported[coll]++;
      } catch (err) {
        // the store refuses what it could not read back (dangerous keys, oversized documents)
        if (!(err instanceof InvalidDocError)) throw err;
        problems.push({ item: `${coll} ${doc.id}`, field: '', message: err.message });
      }
    }
    if (problems.length) throw new LedgerImportError(problems);
    advance(tx, 'claim', maxNum(docs.claims), maxClaimBefore);
    advance(tx, 'outbox', maxNum(docs.outbox), maxOutboxBefore);
    return report;
  });
}
