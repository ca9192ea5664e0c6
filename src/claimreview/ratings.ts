// Rating labels of the big fact-checkers ↔ claimdesk statuses, and the 1–5 scale we publish.
// The table below is the single source of truth; docs/claimreview.md prints the same rows.
import { STATUSES, type Status } from '../core/types.ts';

export interface RatingRow {
  /** the label as the publisher writes it */
  label: string;
  status: Status;
  /** who uses it (documentation only: labels map the same whoever publishes them) */
  publishers: string;
}

/** Publisher labels. Matching forgives case, punctuation, hyphens and digits for number words. */
export const RATING_TABLE: readonly RatingRow[] = [
  // PolitiFact Truth-O-Meter
  { label: 'True', status: 'true', publishers: 'PolitiFact, Snopes, AFP, generic' },
  { label: 'Mostly True', status: 'mostly_true', publishers: 'PolitiFact, Snopes, AFP' },
  { label: 'Half True', status: 'mixed', publishers: 'PolitiFact' },
  { label: 'Mostly False', status: 'mostly_false', publishers: 'PolitiFact, Snopes, AFP' },
  { label: 'False', status: 'false', publishers: 'PolitiFact, Snopes, AFP, generic' },
  { label: 'Pants on Fire', status: 'false', publishers: 'PolitiFact' },
  // The Washington Post Fact Checker
  { label: 'Geppetto Checkmark', status: 'true', publishers: 'Washington Post' },
  { label: 'One Pinocchio', status: 'mostly_true', publishers: 'Washington Post' },
  { label: 'Two Pinocchios', status: 'mixed', publishers: 'Washington Post' },
  { label: 'Three Pinocchios', status: 'mostly_false', publishers: 'Washington Post' },
  { label: 'Four Pinocchios', status: 'false', publishers: 'Washington Post' },
  { label: 'Bottomless Pinocchio', status: 'false', publishers: 'Washington Post' },
  // Snopes
  { label: 'Mixture', status: 'mixed', publishers: 'Snopes' },
  { label: 'Unproven', status: 'unsupported', publishers: 'Snopes, AFP' },
  { label: 'Unfounded', status: 'unsupported', publishers: 'Snopes' },
  { label: 'Outdated', status: 'misleading', publishers: 'Snopes' },
  { label: 'Miscaptioned', status: 'misleading', publishers: 'Snopes' },
  { label: 'Correct Attribution', status: 'true', publishers: 'Snopes' },
  { label: 'Misattributed', status: 'false', publishers: 'Snopes' },
  { label: 'Labeled Satire', status: 'false', publishers: 'Snopes' },
  { label: 'Originated as Satire', status: 'false', publishers: 'Snopes' },
  { label: 'Legend', status: 'false', publishers: 'Snopes' },
  { label: 'Lost Legend', status: 'false', publishers: 'Snopes' },
  { label: 'Scam', status: 'false', publishers: 'Snopes' },
  { label: 'Fake', status: 'false', publishers: 'Snopes, AFP' },
  { label: 'Legit', status: 'true', publishers: 'Snopes' },
  { label: 'Recall', status: 'true', publishers: 'Snopes' },
  { label: 'Research in Progress', status: 'in_review', publishers: 'Snopes' },
  // AFP Fact Check
  { label: 'Misleading', status: 'misleading', publishers: 'AFP, generic' },
  { label: 'Missing context', status: 'misleading', publishers: 'AFP' },
  { label: 'Out of context', status: 'misleading', publishers: 'AFP' },
  { label: 'Altered', status: 'false', publishers: 'AFP' },
  { label: 'Altered photo', status: 'false', publishers: 'AFP' },
  { label: 'Altered video', status: 'false', publishers: 'AFP' },
  { label: 'Manipulated', status: 'false', publishers: 'AFP' },
  { label: 'Deepfake', status: 'false', publishers: 'AFP' },
  { label: 'Fabricated', status: 'false', publishers: 'AFP' },
  { label: 'Hoax', status: 'false', publishers: 'AFP' },
  { label: 'Satire', status: 'false', publishers: 'AFP' },
  { label: 'Partly false', status: 'mostly_false', publishers: 'AFP' },
  { label: 'Partly true', status: 'mixed', publishers: 'AFP' },
  { label: 'Inaccurate', status: 'mostly_false', publishers: 'AFP' },
  { label: 'No evidence', status: 'unsupported', publishers: 'AFP' },
  // Common wording elsewhere (Full Fact, Reuters, Lead Stories, our own export)
  { label: 'Correct', status: 'true', publishers: 'generic' },
  { label: 'Accurate', status: 'true', publishers: 'generic' },
  { label: 'Incorrect', status: 'false', publishers: 'generic' },
  { label: 'Exaggerated', status: 'misleading', publishers: 'generic' },
  { label: 'Unverifiable', status: 'unsupported', publishers: 'generic' },
  { label: 'Unsupported', status: 'unsupported', publishers: 'generic, claimdesk' },
  { label: 'Mixed', status: 'mixed', publishers: 'generic, claimdesk' },
  { label: 'Retracted', status: 'retracted', publishers: 'generic, claimdesk' },
];

const NUMBER_WORDS: Record<string, string> = { '1': 'one', '2': 'two', '3': 'three', '4': 'four', '5': 'five' };

/** `Pants on Fire!` → `pants on fire`; `2 Pinocchios` → `two pinocchios`; `Half-True` → `half true`. */
export function normalizeLabel(label: string): string {
  return label
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[_\-–—]/g, ' ')
    .replace(/[^\p{L}\p{N} ]+/gu, ' ')
    .split(/\s+/)
    .filter(Boolean)
    .map((w) => NUMBER_WORDS[w] ?? w)
    .join(' ')
    .replace(/\bpinocchio\b/g, 'pinocchios') // "Two Pinocchio" / "One Pinocchios" are both seen
    .replace(/\bcheck ?mark\b/g, 'checkmark');
}

const BY_LABEL = new Map<string, Status>();
for (const s of STATUSES) BY_LABEL.set(normalizeLabel(s), s); // our own words: `mostly_false`, `in review`
for (const row of RATING_TABLE) BY_LABEL.set(normalizeLabel(row.label), row.status);

const RETRACTED = /\(?\s*retracted by (the )?speaker\s*\)?/i;

export interface RatingInput {
  alternateName?: string;
  ratingValue?: number;
  bestRating?: number;
  worstRating?: number;
}

export interface MappedRating {
  status: Status;
  /** the verdict before a retraction, when the label says `… (retracted by speaker)` */
  before?: Status;
  /** how the status was found, for reports and tests */
  via: 'label' | 'number' | 'unknown';
}

/** A label's status: the whole label, else its first segment (`False: the video is from 2019`). */
export function statusOfLabel(label: string): Status | undefined {
  const whole = BY_LABEL.get(normalizeLabel(label));
  if (whole) return whole;
  const head = label.split(/[.:;!?(—–]| - /)[0] ?? '';
  return head.trim() && head.length < label.length ? BY_LABEL.get(normalizeLabel(head)) : undefined;
}

/**
 * ratingValue placed on the worst→best scale (defaults 1 and 5; inverted scales work too), in fifths:
 * top fifth true … bottom fifth false.
 */
export function statusOfNumber(value: number, best = 5, worst = 1): Status | undefined {
  if (best === worst) return undefined;
  const f = (value - worst) / (best - worst);
  if (!Number.isFinite(f) || f < -1e-9 || f > 1 + 1e-9) return undefined;
  if (f >= 0.875) return 'true';
  if (f >= 0.625) return 'mostly_true';
  if (f >= 0.375) return 'mixed';
  if (f >= 0.125) return 'mostly_false';
  return 'false';
}

/** A review's rating → our status: label first, then the number, else `unverified`. */
export function mapRating(r: RatingInput): MappedRating {
  const label = r.alternateName?.trim() ?? '';
  const numeric = () =>
    r.ratingValue === undefined ? undefined : statusOfNumber(r.ratingValue, r.bestRating, r.worstRating);
  if (label && RETRACTED.test(label)) {
    const base = label.replace(RETRACTED, ' ').trim();
    const before = (base && statusOfLabel(base)) || numeric();
    const verdict = before && before !== 'retracted' && isVerdict(before) ? before : undefined;
    return { status: 'retracted', ...(verdict ? { before: verdict } : {}), via: 'label' };
  }
  const byLabel = label ? statusOfLabel(label) : undefined;
  if (byLabel) return { status: byLabel, via: 'label' };
  const byNumber = numeric();
  if (byNumber) return { status: byNumber, via: 'number' };
  return { status: 'unverified', via: 'unknown' };
}

/** A status that is a verdict (what we publish): not `unverified`, `in_review`. */
export function isVerdict(s: Status): boolean {
  return s !== 'unverified' && s !== 'in_review';
}

/** What we publish for each verdict: the label and the value on a 1 (false) … 5 (true) scale. */
export const PUBLISHED: Record<Exclude<Status, 'unverified' | 'in_review' | 'retracted'>, { label: string; value: number }> = {
  true: { label: 'True', value: 5 },
  mostly_true: { label: 'Mostly true', value: 4 },
  mixed: { label: 'Mixed', value: 3 },
  misleading: { label: 'Misleading', value: 2 },
  unsupported: { label: 'Unsupported', value: 2 },
  mostly_false: { label: 'Mostly false', value: 2 },
  false: { label: 'False', value: 1 },
};
