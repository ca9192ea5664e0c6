// The fast validator must agree with the zod schema: whatever it accepts, zod accepts with the same result.
import { describe, expect, it } from 'vitest';
import { fastParse } from '../../src/claimreview/fast.ts';
import { ClaimReviewSchema, isParsable } from '../../src/claimreview/schema.ts';
import { review } from './helpers.ts';

const JUNK: unknown[] = [undefined, null, 0, 42, -1, 7.5, '', '   ', 'x', '9', ' 3 ', 'not a url', 'ftp://x.example/a', 'https://ok.example/p', 'urn:claimdesk:claim:C1', '2024-02-30', '2024-05-01T10:00:00+02:00', 'yesterday', [], ['a'], [1], {}, { name: 'N' }, { url: 'https://a.example' }, 'y'.repeat(301), true, '9'.repeat(400) /* a number too large for a double: Infinity */];

const VALID: Record<string, unknown>[] = [
  review(1),
  review(2, { '@type': ['ClaimReview'], author: 'Snopes', itemReviewed: { author: ['A', { name: 'B', alternateName: 'Bee' }], appearance: 'https://a.example/x', firstAppearance: { url: 'https://b.example', publisher: { name: 'B' } } } }),
  review(3, { '@type': undefined, datePublished: undefined, itemReviewed: undefined, author: undefined, reviewRating: { ratingValue: '3', bestRating: '5', worstRating: '1' } }),
  review(4, { url: 'urn:claimdesk:claim:C9', claimReviewed: '  padded  ', reviewRating: { name: 'False' } }),
  review(5, { dateModified: '2024-06-01T10:00:00Z', citation: [{ '@type': 'CreativeWork', url: 'https://data.example/t', publisher: { name: 'Data' } }, 'https://data.example/u', { identifier: 'seed:x' }] }),
];

/** Every object path of a value, for replacing one field at a time. */
function paths(v: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (typeof v !== 'object' || v === null) return [prefix];
  const out: (string | number)[][] = [prefix];
  for (const [k, x] of Object.entries(v)) out.push(...paths(x, [...prefix, Array.isArray(v) ? Number(k) : k]));
  return out;
}

function withValue(v: unknown, p: (string | number)[], value: unknown): unknown {
  if (p.length === 0) return value;
  const copy: any = Array.isArray(v) ? [...v] : { ...(v as object) };
  copy[p[0]] = withValue(copy[p[0]], p.slice(1), value);
  return copy;
}

function agree(input: unknown): boolean {
  const fast = fastParse(input);
  const slow = ClaimReviewSchema.safeParse(input);
  if (fast !== undefined) {
    expect(slow.success, JSON.stringify(input)).toBe(true);
    expect(fast).toEqual(slow.data);
  }
  return fast !== undefined;
}

describe('fastParse, the twin of ClaimReviewSchema', () => {
  it('takes every well-formed review (so imports use the fast path) and returns what zod returns', () => {
    for (const v of VALID) expect(agree(v)).toBe(true);
  });

  it('never accepts what zod rejects, nor returns anything different, with any one field replaced by junk', () => {
    let accepted = 0;
    let checked = 0;
    for (const v of VALID) {
      for (const p of paths(v)) {
        for (const junk of JUNK) {
          checked++;
          if (agree(withValue(v, p, junk))) accepted++;
        }
      }
    }
    expect(checked).toBeGreaterThan(1000);
    expect(accepted).toBeGreaterThan(100); // it is not simply refusing everything
  });
});

describe('isParsable (the shortcut before URL.canParse)', () => {
  it('says what URL.canParse says, on plain and on tricky addresses', () => {
    const urls = [
      'https://www.politifact.com/factchecks/2024/may/02/review-1/',
      'https://news.example/story/1?ref=home&x=1#top',
      'http://a-b.example:8080/p',
      'http://host.example:99999/',
      'http://1.2.3.999/',
      'http://1.2.3.4/',
      'https://xn--a.example/',
      'https://xn--bcher-kva.example/',
      'https://a..example/',
      'https://-a.example/',
      'https://exa mple.com/',
      'https://example.com/a b',
      'https://example.com/%zz',
      'https://example.123/',
      'https://example.com:/x',
    ];
    for (const u of urls) expect(isParsable(u), u).toBe(URL.canParse(u));
  });
});
