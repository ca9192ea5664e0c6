import { describe, expect, it } from 'vitest';
import { mapRating, normalizeLabel, RATING_TABLE, statusOfNumber } from '../../src/claimreview/ratings.ts';

// The expectations written out by hand (not read from the table), publisher by publisher.
const EXPECTED: Array<[string, string]> = [
  // PolitiFact
  ['True', 'true'],
  ['Mostly True', 'mostly_true'],
  ['Half True', 'mixed'],
  ['Half-True', 'mixed'],
  ['Mostly False', 'mostly_false'],
  ['False', 'false'],
  ['Pants on Fire', 'false'],
  ['Pants on Fire!', 'false'],
  // Washington Post
  ['Geppetto Checkmark', 'true'],
  ['One Pinocchio', 'mostly_true'],
  ['Two Pinocchios', 'mixed'],
  ['2 Pinocchios', 'mixed'],
  ['Three Pinocchios', 'mostly_false'],
  ['Four Pinocchios', 'false'],
  ['Bottomless Pinocchio', 'false'],
  // Snopes
  ['Mixture', 'mixed'],
  ['Unproven', 'unsupported'],
  ['Unfounded', 'unsupported'],
  ['Outdated', 'misleading'],
  ['Miscaptioned', 'misleading'],
  ['Correct Attribution', 'true'],
  ['Misattributed', 'false'],
  ['Labeled Satire', 'false'],
  ['Legend', 'false'],
  ['Scam', 'false'],
  ['Fake', 'false'],
  ['Research In Progress', 'in_review'],
  // AFP
  ['Misleading', 'misleading'],
  ['Missing context', 'misleading'],
  ['Altered', 'false'],
  ['Altered video', 'false'],
  ['Partly false', 'mostly_false'],
  ['No evidence', 'unsupported'],
  ['Satire', 'false'],
  // our own words, as the export writes them and as users type them
  ['Mostly true', 'mostly_true'],
  ['mostly_false', 'mostly_false'],
  ['Mixed', 'mixed'],
  ['Unsupported', 'unsupported'],
  ['Retracted', 'retracted'],
];

describe('rating labels → statuses', () => {
  it.each(EXPECTED)('%s → %s', (label, status) => {
    expect(mapRating({ alternateName: label })).toEqual({ status, via: 'label' });
  });

  it.each(RATING_TABLE.map((r) => [r.label, r.status, r.publishers]))('table row %s → %s (%s)', (label, status) => {
    expect(mapRating({ alternateName: label }).status).toBe(status);
    // case and punctuation do not matter
    expect(mapRating({ alternateName: ` ${label.toUpperCase()}. ` }).status).toBe(status);
  });

  it('labels no two rows map differently once normalised', () => {
    const seen = new Map<string, string>();
    for (const r of RATING_TABLE) {
      const k = normalizeLabel(r.label);
      expect(seen.get(k) ?? r.status, `${r.label} collides`).toBe(r.status);
      seen.set(k, r.status);
    }
  });

  it('reads the verdict at the head of a longer rating text', () => {
    expect(mapRating({ alternateName: 'False: the video is from 2019' }).status).toBe('false');
    expect(mapRating({ alternateName: 'Misleading. The figure leaves out inflation.' }).status).toBe('misleading');
  });

  it('does not read a verdict out of a phrase that merely starts with one', () => {
    expect(mapRating({ alternateName: 'True but misleading' })).toEqual({ status: 'unverified', via: 'unknown' });
  });

  it('unknown labels without a number become unverified', () => {
    expect(mapRating({ alternateName: 'Full Flop' })).toEqual({ status: 'unverified', via: 'unknown' });
    expect(mapRating({})).toEqual({ status: 'unverified', via: 'unknown' });
  });

  it('a label that names a retraction keeps the verdict before it', () => {
    expect(mapRating({ alternateName: 'False (retracted by speaker)' })).toEqual({ status: 'retracted', before: 'false', via: 'label' });
    expect(mapRating({ alternateName: 'Retracted by speaker' })).toEqual({ status: 'retracted', via: 'label' });
    expect(mapRating({ alternateName: 'Retracted by speaker', ratingValue: 4 })).toEqual({ status: 'retracted', before: 'mostly_true', via: 'label' });
  });
});

describe('numeric ratings scaled between worst and best', () => {
  it.each([
    [5, 5, 1, 'true'],
    [4, 5, 1, 'mostly_true'],
    [3, 5, 1, 'mixed'],
    [2, 5, 1, 'mostly_false'],
    [1, 5, 1, 'false'],
    [10, 10, 0, 'true'],
    [0, 10, 0, 'false'],
    [5, 10, 0, 'mixed'],
    [7, 10, 0, 'mostly_true'],
    // an inverted scale (1 = best): the Pinocchio count read as a number
    [1, 1, 4, 'true'],
    [4, 1, 4, 'false'],
  ])('%d on %d(best)…%d(worst) → %s', (value, best, worst, status) => {
    expect(statusOfNumber(value, best, worst)).toBe(status);
    expect(mapRating({ alternateName: 'Some house verdict', ratingValue: value, bestRating: best, worstRating: worst })).toEqual({ status, via: 'number' });
  });

  it('defaults to the 1–5 scale and refuses values off the scale', () => {
    expect(mapRating({ ratingValue: 4 }).status).toBe('mostly_true');
    expect(statusOfNumber(7)).toBeUndefined();
    expect(statusOfNumber(3, 3, 3)).toBeUndefined();
  });

  it('a known label wins over the number', () => {
    expect(mapRating({ alternateName: 'Pants on Fire', ratingValue: 5 }).status).toBe('false');
  });
});

describe('docs/claimreview.md', () => {
  it('lists every mapping row under its status', async () => {
    const { readFile } = await import('node:fs/promises');
    const md = await readFile(new URL('../../docs/claimreview.md', import.meta.url), 'utf8');
    const rows = new Map<string, string>();
    for (const line of md.split('\n')) {
      const m = /^\| `([a-z_]+)` \| (.*)$/.exec(line);
      if (m && !rows.has(m[1])) rows.set(m[1], m[2]);
    }
    for (const r of RATING_TABLE) {
      const cells = (rows.get(r.status) ?? '').split('|').flatMap((c) => c.split(',')).map((s) => s.trim());
      expect(cells, `${r.label} under ${r.status}`).toContain(r.label);
    }
  });
});
