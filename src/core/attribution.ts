// Who made a flagged claim, and who reported it. The rule (README "Alerts, digests and flagging"):
// - a named speaker with a speech verb is the claimant: "X said …", "X called Y a liar", "…, said X",
//   "X, the mayor, claimed …", "X: …";
// - "according to <outlet>" names who reported it: kept as the origin's outlet, not as the claimant;
// - a speaker not in the ledger yet ("Jane Doe said …") becomes a new actor and the claimant;
// - with no speaker, an outlet that is a known actor made the claim (it is their report); else the first
//   actor named; else "Unattributed". Every other named actor is a subject.
// The message author is never the claimant: in a newsroom the person posting is usually quoting someone else.
import type { ReadView, WriteTx } from './store-port.ts';
import { ensureActor, findActor } from './actors.ts';
import { nameKey } from './text.ts';
import type { Actor } from './types.ts';

/** Name of the actor a flagged claim gets when the text names no known actor. */
export const UNATTRIBUTED = 'Unattributed';

const SPEECH_VERBS =
  'said says say called calls claimed claims claim told tells tweeted tweets posted posts wrote writes stated states ' +
  'argued argues insisted insists alleged alleges announced announces declared declares asserted asserts added adds ' +
  'accused accuses described describes warned warns suggested suggests denied denies predicted predicts promised ' +
  'promises testified testifies boasted boasts maintained maintains explained explains replied replies responded ' +
  'responds repeated repeats labeled labelled labels dubbed dubs branded brands admitted admits confirmed confirms';
const SPEECH = `(?:${SPEECH_VERBS.split(' ').join('|')})`;

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

// Scripts written without spaces between words: a name there is not cut off by the letters around it.
const UNSPACED = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u;

/** `n` as a whole word, in a pattern over nameKey-folded text. */
function wordPattern(n: string): string {
  const chars = [...n];
  const before = UNSPACED.test(chars[0]) ? '' : '(?<![\\p{L}\\p{N}\\p{M}])';
  const after = UNSPACED.test(chars[chars.length - 1]) ? '' : '(?![\\p{L}\\p{N}\\p{M}])';
  return `${before}${escapeRe(n)}${after}`;
}

export interface Named {
  actor: Actor;
  at: number;
  /** named as the speaker (a speech verb) */
  speaker: boolean;
  /** named after "according to" */
  reporter: boolean;
}

/**
 * Actors whose name or an alias occurs in the text as whole words, in order of first mention. Text and names
 * are compared by nameKey (NFKC + Unicode case folding), so `OLAF STRASSE` names Olaf Straße.
 */
export function namedActors(view: ReadView, text: string): Named[] {
  const out: Named[] = [];
  const folded = nameKey(text);
  for (const actor of view.all('actors')) {
    let at = -1;
    let speaker = false;
    let reporter = false;
    for (const name of [actor.name, ...actor.aliases]) {
      const n = nameKey(name);
      if ([...n].length < 2 && !UNSPACED.test(n)) continue;
      const word = wordPattern(n);
      const m = new RegExp(word, 'u').exec(folded);
      if (!m) continue;
      if (at < 0 || m.index < at) at = m.index;
      // "X said", "X, the mayor, said", "said X", "X: …"
      const spoke = new RegExp(`${word}(?:\\s*[,(][^,)]{0,60}[,)])?\\s+${SPEECH}\\b|\\b${SPEECH}\\s+${word}|^\\s*${word}\\s*:`, 'u');
      if (spoke.test(folded)) speaker = true;
      if (new RegExp(`according to\\s+(?:the\\s+)?${word}`, 'u').test(folded)) reporter = true;
    }
    if (at >= 0) out.push({ actor, at, speaker, reporter });
  }
  return out.sort((a, b) => a.at - b.at);
}

// "according to the New York Times" → `New York Times`: up to five capitalised words (or one in any script
// without case), as written.
const ACCORDING = /[Aa]ccording to\s+(?:[Tt]he\s+)?((?:\p{Lu}|\p{Lo})[\p{L}\p{M}\p{N}.&'’-]*(?:\s+(?:of\s+)?(?:\p{Lu}|\p{Lo})[\p{L}\p{M}\p{N}.&'’-]*){0,4})/u;

/** Who reported the text ("according to X"): the actor's name when X is a known actor, else X as written. */
export function reportedBy(view: ReadView, text: string): string | undefined {
  const m = ACCORDING.exec(text);
  if (!m) return undefined;
  const outlet = m[1].replace(/[.’']+$/, '');
  return findActor(view, outlet)?.name ?? outlet;
}

// A speaker the ledger does not know yet: two to four capitalised words right before a speech verb at the
// start of a sentence or clause ("Jane Doe said …", "Yesterday, Jane Doe claimed …"), or right after one at the
// end (", said Jane Doe."). Conservative on purpose: a wrong new actor is worse than "Unattributed".
const NAME = "(\\p{Lu}[\\p{Ll}'’-]+(?:\\s+\\p{Lu}[\\p{Ll}'’-]+){1,3})";
const NOT_NAMES = new Set('the this that these those a an our their his her its my your we they he she it officials sources critics experts police reports'.split(' '));
const SPEAKER_BEFORE = new RegExp(`(?:^|[.!?;:,“"]\\s*)${NAME}\\s+${SPEECH}\\b`, 'u');
const SPEAKER_AFTER = new RegExp(`,\\s*${SPEECH}\\s+${NAME}(?=[\\s.,;!?”"]|$)`, 'u');

/** The name of a speaker written in the text who is no actor yet, or undefined. */
export function unknownSpeaker(text: string): string | undefined {
  for (const re of [SPEAKER_BEFORE, SPEAKER_AFTER]) {
    const name = re.exec(text)?.[1];
    if (name && !NOT_NAMES.has(name.split(/\s+/)[0].toLowerCase())) return name;
  }
  return undefined;
}

interface Choice {
  named: Named[];
  outlet?: string;
  reporters: Set<string>;
  /** the known actor chosen as claimant, if any */
  pick?: Named;
  /** a speaker the ledger does not know yet */
  newSpeaker?: string;
}

function choose(view: ReadView, text: string): Choice {
  const named = namedActors(view, text);
  const outlet = reportedBy(view, text);
  const reporters = new Set(named.filter((n) => n.reporter && !n.speaker).map((n) => n.actor.id));
  const speaker = named.find((n) => n.speaker);
  const newSpeaker = speaker ? undefined : unknownSpeaker(text);
  const pick = newSpeaker ? undefined : speaker ?? named.find((n) => reporters.has(n.actor.id)) ?? named[0];
  return { named, reporters, ...(outlet ? { outlet } : {}), ...(pick ? { pick } : {}), ...(newSpeaker ? { newSpeaker } : {}) };
}

/** The claimant, subjects and reporting outlet of a flagged text (see the rule at the top of this file). */
export function attribute(tx: WriteTx, text: string, now: string): { claimant: string; subjects: string[]; outlet?: string } {
  const { named, outlet, reporters, pick, newSpeaker } = choose(tx, text);
  const claimant = newSpeaker
    ? ensureActor(tx, newSpeaker, now).id
    : pick
    ? pick.actor.id
    : ensureActor(tx, UNATTRIBUTED, now, { kind: 'unknown', role: 'claims flagged from chat that name no known speaker' }).id;
  // the outlet that reported it is not what the claim is about
  const subjects = named.map((n) => n.actor.id).filter((id) => id !== claimant && !reporters.has(id));
  return { claimant, subjects, ...(outlet ? { outlet } : {}) };
}

/** What attribute() would pick, as names, without adding anyone: to prefill the flag form. */
export function attributionNames(view: ReadView, text: string): { claimant: string; subjects: string[]; outlet?: string } {
  const { named, outlet, reporters, pick, newSpeaker } = choose(view, text);
  const claimant = newSpeaker ?? pick?.actor.name ?? UNATTRIBUTED;
  const subjects = named.filter((n) => n.actor.id !== pick?.actor.id && !reporters.has(n.actor.id)).map((n) => n.actor.name);
  return { claimant, subjects, ...(outlet ? { outlet } : {}) };
}
