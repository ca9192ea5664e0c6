// The status vocabulary: forgiving parsing and the presentation every platform renderer shares.
import { STATUSES, type Status } from './types.ts';

export interface StatusMeta {
  /** human label, e.g. `Mostly false` */
  label: string;
  /** unicode emoji (a platform with its own emoji names maps the status itself) */
  emoji: string;
  /** 0xRRGGBB card colour */
  color: number;
  /** true for the rated verdicts (true … unsupported); false for unverified, in_review, retracted */
  verdict: boolean;
}

export const STATUS_META: Record<Status, StatusMeta> = {
  unverified: { label: 'Unverified', emoji: '❔', color: 0x9e9e9e, verdict: false },
  in_review: { label: 'In review', emoji: '🔎', color: 0x2196f3, verdict: false },
  true: { label: 'True', emoji: '✅', color: 0x2e7d32, verdict: true },
  mostly_true: { label: 'Mostly true', emoji: '☑️', color: 0x7cb342, verdict: true },
  mixed: { label: 'Mixed', emoji: '⚖️', color: 0xfbc02d, verdict: true },
  misleading: { label: 'Misleading', emoji: '⚠️', color: 0xff9800, verdict: true },
  mostly_false: { label: 'Mostly false', emoji: '🟠', color: 0xf4511e, verdict: true },
  false: { label: 'False', emoji: '❌', color: 0xc62828, verdict: true },
  unsupported: { label: 'Unsupported', emoji: '🚫', color: 0x6d4c41, verdict: true },
  retracted: { label: 'Retracted', emoji: '↩️', color: 0x607d8b, verdict: false },
};

const QUOTES = /^[\s"'“”‘’«»„`]+|[\s"'“”‘’«»„`]+$/g;

/** `Mostly False`, `mostly-false`, ` "in review" ` → the status; anything else → undefined. */
export function parseStatus(input: string | undefined | null): Status | undefined {
  if (typeof input !== 'string') return undefined;
  const key = input
    .replace(QUOTES, '')
    .toLowerCase()
    .replace(/[\s\-_.]+/g, '_')
    .replace(/^_+|_+$/g, '');
  if ((STATUSES as readonly string[]).includes(key)) return key as Status;
  // spaces forgiven entirely too: `mostlyfalse`, `InReview` (no two statuses differ only by separators)
  const bare = key.replace(/_/g, '');
  return STATUSES.find((s) => s.includes('_') && s.replace(/_/g, '') === bare);
}

/** `false` → `❌ False` (plain text; renderers may swap the emoji for their own). */
export function statusText(s: Status): string {
  return `${STATUS_META[s].emoji} ${STATUS_META[s].label}`;
}

/** A status as users type it and as running text names it: `mostly_false` → `mostly false`. */
export function statusWord(s: Status): string {
  return s.replace(/_/g, ' ');
}

/** The vocabulary as users type it, for hints: `unverified, in review, true, …`. */
export const STATUS_WORDS = STATUSES.map(statusWord).join(', ');
