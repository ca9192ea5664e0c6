// What an incoming ClaimReview item must look like (zod). Lenient where publishers differ in harmless ways
// (one value or a list, a name or a Person, numbers as strings), strict where we would store garbage.
// Plain z.object (unknown keys dropped): zod compiles those into fast checks, several times faster than
// looseObject, which matters at 100k items.
import { z } from 'zod';

export const MAX_TEXT = 10_000;
export const MAX_NAME = 300;

/** http(s) URLs, and `urn:` ids (our own export uses `urn:claimdesk:claim:C12` without CLAIMDESK_ORG_URL). */
// (a plain address, the common case, passes both tests of each at once: one regex per url, not two)
export function isReviewUrl(s: string): boolean {
  return isPlain(s) || (/^(https?:\/\/[^\s/]+|urn:[a-z0-9][a-z0-9-]*:\S+)/i.test(s) && URL.canParse(s));
}
export function isWebUrl(s: string): boolean {
  return isPlain(s) || (/^https?:\/\/[^\s/]+/i.test(s) && URL.canParse(s));
}
/**
 * A plain web address every URL parser takes: letters, digits and hyphens in the host with a top-level label
 * that starts with a letter (not an IPv4 address), a port under 10000, path characters that need no
 * escaping. It spares URL.canParse for the common case (a 100k import checks ~300k urls); anything else
 * (punycode `xn--` hosts included) goes to the parser.
 */
const PLAIN_URL = /^https?:\/\/(?:[a-z0-9-]+\.)+[a-z][a-z0-9-]*(?::\d{1,4})?(?:\/[\w\-.~!$&'()*+,;=:@%/]*)?(?:\?[\w\-.~!$&'()*+,;=:@%/?]*)?(?:#[\w\-.~!$&'()*+,;=:@%/?#]*)?$/i;
export function isParsable(s: string): boolean {
  return isPlain(s) || URL.canParse(s);
}
const isPlain = (s: string): boolean => PLAIN_URL.test(s) && !s.includes('xn--');
/** `2024-05-31` or a full ISO 8601 time. */
export function isDate(d: string): boolean {
  return /^\d{4}-\d{2}-\d{2}/.test(d) && !Number.isNaN(Date.parse(d));
}
export function isReviewType(t: string[] | undefined): boolean {
  return !t || t.some((x) => /(^|[/:])ClaimReview$/.test(x));
}
/** Numbers written as strings (`"4"`) are read as numbers. */
export const NUMERIC = /^\s*-?\d+(\.\d+)?\s*$/;

const required = (what: string) => (iss: { input: unknown }) =>
  iss.input === undefined ? 'is required' : `must be ${what}`;

const text = (max = MAX_TEXT) =>
  z
    .string({ error: required('text') })
    .trim()
    .min(1, 'must not be empty')
    .max(max, `must be at most ${max} characters`);

const reviewUrl = z
  .string({ error: required('a URL') })
  .trim()
  .refine(isReviewUrl, 'must be an http(s) URL (or a urn: id)');
const webUrl = z
  .string({ error: required('a URL') })
  .trim()
  .refine(isWebUrl, 'must be an http(s) URL');

const date = z
  .string({ error: required('a date') })
  .trim()
  .refine(isDate, 'must be an ISO 8601 date (2024-05-31)')
  .transform((d) => new Date(d).toISOString());

/** `"4"` and `4` alike. */
const num = z.preprocess(
  (v) => (typeof v === 'string' && NUMERIC.test(v) ? Number(v) : v),
  z.number({ error: required('a number') }),
);

/** A single value or a list of them: always a list after parsing. */
const oneOrMany = <T extends z.ZodType>(s: T) =>
  z.preprocess((v) => (v === undefined || Array.isArray(v) ? v : [v]), z.array(s));

const types = oneOrMany(z.string()).optional();

/** `"Jane Doe"` or `{ "@type": "Person", "name": "Jane Doe", "alternateName": […], "jobTitle": … }`. */
const agent = z.preprocess(
  (v) => (typeof v === 'string' ? { name: v } : v),
  z.object(
    {
      '@type': types,
      name: text(MAX_NAME),
      alternateName: oneOrMany(text(MAX_NAME)).optional(),
      jobTitle: z.string().max(MAX_NAME).optional(),
      // kept only when it is a web address (see the import); never a reason to refuse a review
      url: z.string().max(500).optional(),
    },
    { error: required('a Person or Organization') },
  ),
);

/** `"https://…"` or a CreativeWork `{ "url": … }`; one without a url is kept out of the sources. */
const appearance = z.preprocess(
  (v) => (typeof v === 'string' ? { url: v } : v),
  z.object({ url: webUrl.optional(), publisher: z.unknown().optional() }, { error: required('a URL or a CreativeWork') }),
);

const claim = z.object(
  {
    '@type': types,
    author: oneOrMany(agent).optional(),
    datePublished: date.optional(),
    appearance: oneOrMany(appearance).optional(),
    firstAppearance: appearance.optional(),
    text: z.string().max(MAX_TEXT).optional(),
    description: z.string().max(MAX_TEXT).optional(),
  },
  { error: required('a Claim') },
);

const rating = z
  .object(
    {
      alternateName: z.string().max(MAX_NAME).optional(),
      name: z.string().max(MAX_NAME).optional(),
      ratingValue: num.optional(),
      bestRating: num.optional(),
      worstRating: num.optional(),
    },
    { error: required('a Rating') },
  )
  .superRefine((r, ctx) => {
    for (const p of ratingProblems(r)) ctx.addIssue({ code: 'custom', path: [p.field], message: p.message });
  });

/** What is wrong with a rating's combination of fields (each field alone is checked by the schema). */
export function ratingProblems(r: {
  alternateName?: string;
  name?: string;
  ratingValue?: number;
  bestRating?: number;
  worstRating?: number;
}): Array<{ field: string; message: string }> {
  const out: Array<{ field: string; message: string }> = [];
  if (!r.alternateName?.trim() && !r.name?.trim() && r.ratingValue === undefined) {
    out.push({ field: 'alternateName', message: 'is required (or a ratingValue)' });
  }
  if (r.ratingValue !== undefined) {
    const best = r.bestRating ?? 5;
    const worst = r.worstRating ?? 1;
    if (best === worst) out.push({ field: 'bestRating', message: 'must differ from worstRating' });
    else if (r.ratingValue < Math.min(best, worst) || r.ratingValue > Math.max(best, worst)) {
      out.push({ field: 'ratingValue', message: `must lie between worstRating ${worst} and bestRating ${best}` });
    }
  }
  return out;
}

export const ClaimReviewSchema = z.object(
  {
    '@type': types.refine(isReviewType, 'must be "ClaimReview"'),
    claimReviewed: text(),
    url: reviewUrl,
    datePublished: date.optional(),
    /** a publisher that re-rates a claim updates this (re-importing the review then updates the verdict) */
    dateModified: date.optional(),
    author: oneOrMany(agent).optional(),
    itemReviewed: claim.optional(),
    /** the works the review is based on: our export puts the desk's evidence here */
    citation: oneOrMany(appearance).optional(),
    reviewRating: rating,
  },
  { error: required('a ClaimReview object') },
);

export type ParsedReview = z.infer<typeof ClaimReviewSchema>;
export type ParsedAgent = z.infer<typeof agent>;

/** `['itemReviewed', 'appearance', 2, 'url']` → `itemReviewed.appearance[2].url`. */
export function fieldPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out ? `.${String(p)}` : String(p);
  return out || '(item)';
}
