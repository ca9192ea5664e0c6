// The ONE parser of the text form: `/claim <sub> <positional text> name: value name: value`.
// Only the command's own option names count as markers (case-insensitive); quotes around values are dropped;
// markers inside a double-quoted span are text. Validation of values (statuses, urls, required) is shared
// with the structured path (validateInput).
import { UserError } from '../src/core/errors.ts';
import { parseStatus, STATUS_WORDS } from '../src/core/statuses.ts';
import { clean, cleanUrl, short, stripQuotes } from '../src/core/text.ts';
import type { Status } from '../src/core/types.ts';
import type { CommandDef, Input, OptionDef } from './types.ts';

/** Longest text line accepted before parsing (bigger inputs are refused outright, cheaply). */
export const MAX_INPUT = 12_000;

/** Chooses the subcommand from the first word; the group's default command takes the whole text otherwise. */
export function pickCommand(defs: CommandDef[], group: string, text: string): { def: CommandDef; rest: string } | { error: string } {
  const t = clean(text);
  const m = /^(\S+)\s*([\s\S]*)$/.exec(t);
  const first = m?.[1].toLowerCase() ?? '';
  const mine = defs.filter((d) => d.group === group);
  const named = mine.find((d) => d.name === first);
  if (named) return { def: named, rest: m?.[2] ?? '' };
  const dflt = mine.find((d) => d.isDefault);
  if (dflt) return { def: dflt, rest: t };
  const subs = mine.map((d) => d.name).join(', ');
  if (!first) return { error: `Which /${group} command? Choose one of: ${subs}.` };
  return { error: `"${short(first, 30)}" is not a /${group} command. Choose one of: ${subs}.` };
}

interface Span {
  start: number;
  end: number;
}

// Double-quoted spans (straight, curly, low-9); single quotes are left alone because of apostrophes.
const QUOTED = /"[^"]*"|“[^“”]*”|„[^“”„]*[“”]/g;

function quotedSpans(s: string): Span[] {
  return [...s.matchAll(QUOTED)].map((m) => ({ start: m.index!, end: m.index! + m[0].length }));
}

const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Split the text after the subcommand into raw option values (not yet validated). Throws UserError. */
export function parseArgs(def: CommandDef, text: string): Input {
  if (text.length > MAX_INPUT) throw new UserError(`That is too long to be a command (${text.length.toLocaleString('en-US')} characters).`);
  const s = clean(text);
  const input: Input = {};
  const names = def.options.map((o) => o.name);
  const spans = quotedSpans(s);
  const markers: { name: string; start: number; end: number }[] = [];
  if (names.length) {
    const re = new RegExp(`(^|\\s)(${names.map(esc).join('|')})\\s?:`, 'gi');
    for (const m of s.matchAll(re)) {
      const start = m.index! + m[1].length;
      if (spans.some((sp) => start > sp.start && start < sp.end)) continue; // inside quotes: text
      markers.push({ name: m[2].toLowerCase(), start, end: m.index! + m[0].length });
    }
  }
  const lead = s.slice(0, markers[0]?.start ?? s.length).trim();
  markers.forEach((mk, i) => {
    const opt = def.options.find((o) => o.name === mk.name)!;
    if (input[opt.name] !== undefined) throw new UserError(`The option ${opt.name}: is given twice.`);
    const value = unquote(s.slice(mk.end, markers[i + 1]?.start ?? s.length));
    // `tags:` with nothing after it is a slip (a value lost in editing), not a request for no tags: say so
    // rather than silently filing the claim without it.
    if (value === undefined) {
      const what = opt.description.replace(/\.$/, '');
      throw new UserError(
        opt.required ? `Missing ${optionLabel(opt)} ${what}.` : `Nothing follows ${opt.name}: (${what}). Give a value or leave ${opt.name}: out.`,
      );
    }
    input[opt.name] = value;
  });
  assignPositionals(def, lead, input);
  return input;
}

function unquote(v: string): string | undefined {
  const s = stripQuotes(v.trim());
  return s === '' ? undefined : s;
}

/** The leading text fills the positional options in order; one word each where `word` is set. */
function assignPositionals(def: CommandDef, lead: string, input: Input): void {
  let rest = lead;
  const pos = def.options.filter((o) => o.positional && input[o.name] === undefined);
  pos.forEach((o, i) => {
    if (!rest) return;
    const last = i === pos.length - 1;
    if (o.word || !last) {
      const [tok, after] = firstToken(rest);
      input[o.name] = unquote(tok);
      rest = after;
    } else {
      input[o.name] = unquote(rest);
      rest = '';
    }
  });
  if (rest) {
    const named = def.options.filter((o) => !o.positional).map((o) => `${o.name}:`);
    throw new UserError(
      `Unexpected text "${short(rest, 40)}".` + (named.length ? ` Options are written ${named.join(', ')}` : ''),
    );
  }
}

/** First whitespace-separated token; a double-quoted span counts as one token. */
function firstToken(s: string): [string, string] {
  const q = /^("[^"]*"|“[^“”]*”|„[^“”„]*[“”])(?=\s|$)/.exec(s);
  const m = q ?? /^\S+/.exec(s)!;
  return [m[0], s.slice(m[0].length).trim()];
}

/** Display of an option in messages: `<id>` for positionals, `note:` for named ones. */
export function optionLabel(o: OptionDef): string {
  return o.positional ? `<${o.name}>` : `${o.name}:`;
}

/**
 * Required options present; statuses, status lists and urls valid and normalised (canonical status words,
 * parsed urls). Every string is cleaned. Used for both the text form and structured options.
 */
export function validateInput(def: CommandDef, raw: Input): Input {
  const out: Input = {};
  for (const o of def.options) {
    const v = raw[o.name] === undefined ? undefined : unquote(clean(raw[o.name]));
    if (v === undefined) {
      if (o.required) throw new UserError(`Missing ${optionLabel(o)} ${o.description.replace(/\.$/, '')}.`);
      continue;
    }
    if (o.kind === 'status') {
      out[o.name] = statusOrThrow(v);
    } else if (o.kind === 'statuses') {
      const list = v.split(/[,;]/).map((x) => x.trim()).filter(Boolean);
      if (!list.length) throw new UserError(`Nothing follows ${o.name}: (${o.description.replace(/\.$/, '')}). Give statuses or leave ${o.name}: out.`);
      out[o.name] = list.map(statusOrThrow).join(',');
    } else if (o.kind === 'url') {
      out[o.name] = cleanUrl(v, o.name === 'url' ? 'url' : `${o.name} url`);
    } else {
      out[o.name] = v;
    }
  }
  return out;
}

function statusOrThrow(v: string): Status {
  const s = parseStatus(v);
  if (!s) throw new UserError(`"${short(v, 40)}" is not a status. Statuses: ${STATUS_WORDS}.`);
  return s;
}
