// A hand-written twin of ClaimReviewSchema for the common case, because zod costs ~20–40 µs per review
// and a 100k-review import must take seconds. It accepts only what the schema accepts and returns what
// the schema would; on anything it is unsure of it returns undefined and the zod schema decides (and
// writes the error report). test/claimreview/fast.test.ts checks the twins agree.
import { isDate, isReviewType, isWebUrl, isReviewUrl, MAX_NAME, MAX_TEXT, NUMERIC, ratingProblems, type ParsedReview } from './schema.ts';

const NO = Symbol('no');
type No = typeof NO;

function obj(v: unknown): Record<string, unknown> | No {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return NO;
  const p = Object.getPrototypeOf(v);
  return p === Object.prototype || p === null ? (v as Record<string, unknown>) : NO;
}

function text(v: unknown, max: number): string | No {
  if (typeof v !== 'string') return NO;
  const t = v.trim();
  return t.length >= 1 && t.length <= max ? t : NO;
}

function many<T>(v: unknown, one: (x: unknown) => T | No): T[] | No {
  const list = Array.isArray(v) ? v : [v];
  const out: T[] = [];
  for (const x of list) {
    const r = one(x);
    if (r === NO) return NO;
    out.push(r);
  }
  return out;
}

function strings(v: unknown): string[] | No {
  return many(v, (x) => (typeof x === 'string' ? x : NO));
}

// Dates repeat a lot across reviews (same days), and parsing them is the costliest check here.
const dates = new Map<string, string | No>();

function date(v: unknown): string | No {
  if (typeof v !== 'string') return NO;
  let out = dates.get(v);
  if (out === undefined) {
    const d = v.trim();
    out = isDate(d) ? new Date(d).toISOString() : NO;
    if (dates.size > 50_000) dates.clear();
    dates.set(v, out);
  }
  return out;
}

function num(v: unknown): number | No {
  // a string of 309 digits is Infinity, which zod's number refuses as it refuses any non-finite one
  const n = typeof v === 'string' && NUMERIC.test(v) ? Number(v) : v;
  return typeof n === 'number' && Number.isFinite(n) ? n : NO;
}

function agent(v: unknown) {
  const o = obj(typeof v === 'string' ? { name: v } : v);
  if (o === NO) return NO;
  const out: { '@type'?: string[]; name: string; alternateName?: string[]; jobTitle?: string; url?: string } = { name: '' };
  const name = text(o.name, MAX_NAME);
  if (name === NO) return NO;
  out.name = name;
  if (o['@type'] !== undefined) {
    const t = strings(o['@type']);
    if (t === NO) return NO;
    out['@type'] = t;
  }
  if (o.alternateName !== undefined) {
    const a = many(o.alternateName, (x) => text(x, MAX_NAME));
    if (a === NO) return NO;
    out.alternateName = a;
  }
  if (o.jobTitle !== undefined) {
    if (typeof o.jobTitle !== 'string' || o.jobTitle.length > MAX_NAME) return NO;
    out.jobTitle = o.jobTitle;
  }
  if (o.url !== undefined) {
    if (typeof o.url !== 'string' || o.url.length > 500) return NO;
    out.url = o.url;
  }
  return out;
}

function appearance(v: unknown) {
  const o = obj(typeof v === 'string' ? { url: v } : v);
  if (o === NO) return NO;
  const out: { url?: string; publisher?: unknown } = {};
  if (o.url !== undefined) {
    if (typeof o.url !== 'string') return NO;
    const u = o.url.trim();
    if (!isWebUrl(u)) return NO;
    out.url = u;
  }
  if (o.publisher !== undefined) out.publisher = o.publisher;
  return out;
}

function optionalText(v: unknown): string | undefined | No {
  if (v === undefined) return undefined;
  return typeof v === 'string' && v.length <= MAX_TEXT ? v : NO;
}

function claim(v: unknown): NonNullable<ParsedReview['itemReviewed']> | No {
  const o = obj(v);
  if (o === NO) return NO;
  const out: NonNullable<ParsedReview['itemReviewed']> = {};
  if (o['@type'] !== undefined) {
    const t = strings(o['@type']);
    if (t === NO) return NO;
    out['@type'] = t;
  }
  if (o.author !== undefined) {
    const a = many(o.author, agent);
    if (a === NO) return NO;
    out.author = a;
  }
  if (o.datePublished !== undefined) {
    const d = date(o.datePublished);
    if (d === NO) return NO;
    out.datePublished = d;
  }
  if (o.appearance !== undefined) {
    const a = many(o.appearance, appearance);
    if (a === NO) return NO;
    out.appearance = a;
  }
  if (o.firstAppearance !== undefined) {
    const a = appearance(o.firstAppearance);
    if (a === NO) return NO;
    out.firstAppearance = a;
  }
  const t = optionalText(o.text);
  const d = optionalText(o.description);
  if (t === NO || d === NO) return NO;
  if (t !== undefined) out.text = t;
  if (d !== undefined) out.description = d;
  return out;
}

function rating(v: unknown): ParsedReview['reviewRating'] | No {
  const o = obj(v);
  if (o === NO) return NO;
  const out: ParsedReview['reviewRating'] = {};
  for (const k of ['alternateName', 'name'] as const) {
    const x = o[k];
    if (x === undefined) continue;
    if (typeof x !== 'string' || x.length > MAX_NAME) return NO;
    out[k] = x;
  }
  for (const k of ['ratingValue', 'bestRating', 'worstRating'] as const) {
    if (o[k] === undefined) continue;
    const n = num(o[k]);
    if (n === NO) return NO;
    out[k] = n;
  }
  return ratingProblems(out).length ? NO : out;
}

/** The review as ClaimReviewSchema would parse it, or undefined: then ask the schema. */
export function fastParse(v: unknown): ParsedReview | undefined {
  const o = obj(v);
  if (o === NO) return undefined;
  let type: string[] | undefined;
  if (o['@type'] !== undefined) {
    const t = strings(o['@type']);
    if (t === NO || !isReviewType(t)) return undefined;
    type = t;
  }
  const claimReviewed = text(o.claimReviewed, MAX_TEXT);
  if (claimReviewed === NO || typeof o.url !== 'string') return undefined;
  const url = o.url.trim();
  if (!isReviewUrl(url)) return undefined;
  const reviewRating = rating(o.reviewRating);
  if (reviewRating === NO) return undefined;
  const out: ParsedReview = { claimReviewed, url, reviewRating };
  if (type) out['@type'] = type;
  if (o.datePublished !== undefined) {
    const d = date(o.datePublished);
    if (d === NO) return undefined;
    out.datePublished = d;
  }
  if (o.dateModified !== undefined) {
    const d = date(o.dateModified);
    if (d === NO) return undefined;
    out.dateModified = d;
  }
  if (o.author !== undefined) {
    const a = many(o.author, agent);
    if (a === NO) return undefined;
    out.author = a;
  }
  if (o.itemReviewed !== undefined) {
    const c = claim(o.itemReviewed);
    if (c === NO) return undefined;
    out.itemReviewed = c;
  }
  if (o.citation !== undefined) {
    const c = many(o.citation, appearance);
    if (c === NO) return undefined;
    out.citation = c;
  }
  return out;
}
