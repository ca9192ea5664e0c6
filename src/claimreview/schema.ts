// What an incoming ClaimReview item must look like (zod). Lenient where publishers differ in harmless
// ways (one value or a list, a name or a Person, numbers as strings), strict where we would store garbage.
import { z } from 'zod';

const MAX_TEXT = 10_000;

/** http(s) URLs, and `urn:` ids (our own export uses `urn:claimdesk:claim:C12` without CLAIMDESK_ORG_URL). */
export function isReviewUrl(s: string): boolean {
  return /^(https?:\/\/[^\s/]+|urn:[a-z0-9][a-z0-9-]*:\S+)/i.test(s) && isParsable(s);
}
function isWebUrl(s: string): boolean {
  return /^https?:\/\/[^\s/]+/i.test(s) && isParsable(s);
}
function isParsable(s: string): boolean {
  try {
    new URL(s);
    return true;
  } catch {
    return false;
  }
}

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
  .refine((d) => /^\d{4}-\d{2}-\d{2}/.test(d) && !Number.isNaN(Date.parse(d)), 'must be an ISO 8601 date (2024-05-31)')
  .transform((d) => new Date(d).toISOString());

/** `"4"` and `4` alike. */
const num = z.preprocess(
  (v) => (typeof v === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(v) ? Number(v) : v),
  z.number({ error: required('a number') }).finite(),
);

/** A single value or a list of them: always a list after parsing. */
const oneOrMany = <T extends z.ZodType>(s: T) =>
  z.preprocess((v) => (v === undefined || Array.isArray(v) ? v : [v]), z.array(s));

const types = oneOrMany(z.string()).optional();

/** `"Jane Doe"` or `{ "@type": "Person", "name": "Jane Doe", "alternateName": […], "jobTitle": … }`. */
const agent = z.preprocess(
  (v) => (typeof v === 'string' ? { name: v } : v),
  z.looseObject(
    {
      '@type': types,
      name: text(300),
      alternateName: oneOrMany(text(300)).optional(),
      jobTitle: z.string().max(300).optional(),
    },
    { error: required('a Person or Organization') },
  ),
);

/** `"https://…"` or a CreativeWork `{ "url": … }`; one without a url is kept out of the sources. */
const appearance = z.preprocess(
  (v) => (typeof v === 'string' ? { url: v } : v),
  z.looseObject({ url: webUrl.optional() }, { error: required('a URL or a CreativeWork') }),
);

const claim = z.looseObject(
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
  .looseObject(
    {
      alternateName: z.string().max(300).optional(),
      name: z.string().max(300).optional(),
      ratingValue: num.optional(),
      bestRating: num.optional(),
      worstRating: num.optional(),
    },
    { error: required('a Rating') },
  )
  .superRefine((r, ctx) => {
    if (!r.alternateName?.trim() && !r.name?.trim() && r.ratingValue === undefined) {
      ctx.addIssue({ code: 'custom', path: ['alternateName'], message: 'is required (or a ratingValue)' });
    }
    if (r.ratingValue !== undefined) {
      const best = r.bestRating ?? 5;
      const worst = r.worstRating ?? 1;
      if (best === worst) ctx.addIssue({ code: 'custom', path: ['bestRating'], message: 'must differ from worstRating' });
      else if (r.ratingValue < Math.min(best, worst) || r.ratingValue > Math.max(best, worst)) {
        ctx.addIssue({ code: 'custom', path: ['ratingValue'], message: `must lie between worstRating ${worst} and bestRating ${best}` });
      }
    }
  });

export const ClaimReviewSchema = z.looseObject(
  {
    '@type': types.refine((t) => !t || t.some((x) => /(^|[/:])ClaimReview$/.test(x)), 'must be "ClaimReview"'),
    claimReviewed: text(),
    url: reviewUrl,
    datePublished: date.optional(),
    author: oneOrMany(agent).optional(),
    itemReviewed: claim.optional(),
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
