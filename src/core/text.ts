// Cleaning user input before it is stored: one place, shared by every command and entry point.
import { caseFold } from 'unicode-case-folding';
import { UserError } from './errors.ts';

export const LIMITS = {
  claimText: 2000,
  name: 200,
  note: 1000,
  url: 2000,
  tag: 50,
  listItems: 20,
  query: 500,
} as const;

// C0/C1 control characters and the bidi overrides/isolates that can disguise text; zero-width joiners stay
// (emoji sequences need them).
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069\uFEFF]/g;

/** Well-formed, no control characters, whitespace collapsed to single spaces, trimmed. */
export function clean(input: string | undefined | null): string {
  if (typeof input !== 'string') return '';
  return input.toWellFormed().replace(CONTROL, '').replace(/\s+/g, ' ').trim();
}

/**
 * The key two spellings of a name share: NFKC (fullwidth letters, presentation forms, composed and
 * decomposed accents become one), then full Unicode case folding (`Straße` ~ `STRASSE`, `ΟΔΥΣΣΕΥΣ` ~
 * `οδυσσευς`), then NFKC again because folding can undo it. Whitespace collapsed. Not accent-insensitive on
 * purpose: `José` and `Jose` may be two people.
 */
export function nameKey(input: string): string {
  const s = clean(input);
  // printable ASCII: NFKC leaves it as it is and case folding is lower-casing (most names; an import of 100k
  // reviews computes ~40k keys, and caseFold goes code point by code point)
  if (PRINTABLE_ASCII.test(s)) return s.toLowerCase();
  return caseFold(s.normalize('NFKC')).normalize('NFKC');
}
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

function fmt(n: number): string {
  return n.toLocaleString('en-US');
}

/** Clean and enforce a maximum length; `what` names the field in the error (`claim text`, `note`). */
export function limited(input: string | undefined | null, max: number, what: string): string {
  const s = clean(input);
  const len = [...s].length;
  if (len > max) throw new UserError(`The ${what} is too long (${fmt(len)} characters; at most ${fmt(max)}).`);
  return s;
}

export function cleanClaimText(input: string | undefined | null): string {
  const s = limited(input, LIMITS.claimText, 'claim text');
  if (!s) throw new UserError('The claim text is empty.');
  return s;
}

export function cleanName(input: string | undefined | null, what = 'name'): string {
  const s = limited(input, LIMITS.name, what);
  if (!s) throw new UserError(`The ${what} is empty.`);
  return s;
}

export function cleanNote(input: string | undefined | null): string {
  return limited(input, LIMITS.note, 'note');
}

/** An http(s) URL, normalised by the URL parser; anything else is refused with the reason. */
export function cleanUrl(input: string | undefined | null, what = 'url'): string {
  let s = clean(input).replace(/^<(.*)>$/, '$1'); // Slack wraps links as <url> or <url|label>
  s = s.replace(/\|.*$/, '');
  if (!s) throw new UserError(`The ${what} is empty.`);
  if (s.length > LIMITS.url) throw new UserError(`The ${what} is too long (at most ${fmt(LIMITS.url)} characters).`);
  // `http://` alone (or `http:///x`, which the URL parser would read as the host `x`): the scheme is there,
  // the host is what is missing
  if (/^https?:\/\/(?:$|[/?#])/i.test(s)) throw new UserError(`"${short(s)}" is not a valid ${what}: it has no host (e.g. https://example.com/story).`);
  let u: URL;
  try {
    u = new URL(s);
  } catch {
    throw new UserError(`"${short(s)}" is not a valid ${what}: it must start with http:// or https://.`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') {
    throw new UserError(`"${short(s)}" is not a valid ${what}: only http:// and https:// links are accepted.`);
  }
  if (!u.hostname) throw new UserError(`"${short(s)}" is not a valid ${what}: it has no host (e.g. https://example.com/story).`);
  return u.toString();
}

/** `a, b ,, c` → [`a`, `b`, `c`] (deduplicated by nameKey, each item cleaned and limited). */
export function cleanList(input: string | undefined | null, maxItem: number, what: string): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of clean(input).split(/[,;]/)) {
    const item = limited(stripQuotes(raw), maxItem, what);
    if (!item || seen.has(nameKey(item))) continue;
    seen.add(nameKey(item));
    out.push(item);
  }
  if (out.length > LIMITS.listItems) throw new UserError(`Too many ${what}s (${out.length}; at most ${LIMITS.listItems}).`);
  return out;
}

/** Tags are lower-case words: `Immigration Policy` → `immigration-policy`. */
export function cleanTags(input: string | undefined | null): string[] {
  return cleanList(input, LIMITS.tag, 'tag').map((t) => t.toLowerCase().replace(/\s+/g, '-').replace(/^#/, ''));
}

const PAIRS: Record<string, string> = { '"': '"', "'": "'", '“': '”', '”': '”', '„': '“', '‘': '’', '’': '’', '«': '»', '`': '`' };

/** Drops one pair of straight or curly quotes around the whole value (`"x"`, `“x”`, `‘x’`). */
export function stripQuotes(input: string): string {
  const s = input.trim();
  if (s.length < 2) return s;
  const close = PAIRS[s[0]];
  const last = s[s.length - 1];
  if (!close) return s;
  const closers = close === '“' ? ['“', '”'] : [close];
  if (!closers.includes(last)) return s;
  const inner = s.slice(1, -1);
  // `"a" and "b"` is not one quoted value: keep it as written
  if (inner.includes(s[0]) || closers.some((c) => c !== s[0] && inner.includes(c))) return s;
  return inner.trim();
}

/** Shortens for echoing text back in messages: one line, at most `max` characters (never half an emoji). */
export function short(s: string, max = 60): string {
  const t = s.replace(/\s+/g, ' ').trim();
  const chars = [...t];
  return chars.length > max ? chars.slice(0, max - 1).join('') + '…' : t;
}
