// The forms Slack and Discord open (modals), built from the command definitions they stand for: the status
// form is /claim set's note, source and internal options; the source form /claim source's; the add form
// /claim add's. What a form's values become is in commands/actions.ts, which runs those same commands.
import { attributionNames } from '../src/core/attribution.ts';
import type { Form, FormField } from '../src/core/forms.ts';
import type { FlagEvent } from '../src/core/ports.ts';
import type { ReadView } from '../src/core/store-port.ts';
import { STATUS_META } from '../src/core/statuses.ts';
import { clean, LIMITS, short } from '../src/core/text.ts';
import type { Claim, Status } from '../src/core/types.ts';
import { findCommand } from './registry.ts';
import type { OptionDef } from './types.ts';

const LABELS: Record<string, string> = {
  text: 'The claim, as stated',
  by: 'Who made it',
  about: 'Who it is about (comma list)',
  source: 'Link',
  tags: 'Tags (comma list)',
  note: 'Note',
  internal: 'Internal note (desk only)',
  url: 'Link to the evidence',
};

const MAX: Record<string, number> = { text: LIMITS.claimText, note: LIMITS.note, by: LIMITS.name, about: 1000, tags: 500, source: 2000, url: 2000, internal: 3 };

function kindOf(o: OptionDef): FormField['kind'] {
  if (o.name === 'internal') return 'yesno';
  if (o.kind === 'url') return 'url';
  if (o.kind === 'actor') return o.name === 'about' ? 'actors' : 'actor';
  if (o.name === 'text' || o.name === 'note') return 'long';
  return 'line';
}

/** The fields of a command's options (`claim`/`status` are on the card, not in the form). */
function fieldsOf(group: 'claim', sub: string, names: string[], overrides: Partial<Record<string, Partial<FormField>>> = {}): FormField[] {
  const def = findCommand(group, sub)!;
  return names.map((name) => {
    const o = def.options.find((x) => x.name === name)!;
    return {
      name,
      label: LABELS[name] ?? name,
      kind: kindOf(o),
      required: !!o.required,
      placeholder: short(o.description, 150),
      max: MAX[name] ?? 200,
      ...overrides[name],
    };
  });
}

/** Slack's modal titles hold 24 characters. */
function title(s: string): string {
  return short(s, 24);
}

/** The status form's fields: /claim set's note, source and internal. */
export const statusFields = (): FormField[] => fieldsOf('claim', 'set', ['note', 'source', 'internal'], { source: { label: 'Evidence link (optional)' } });

/** The source form's fields: /claim source's url (required) and note. */
export const sourceFields = (): FormField[] => fieldsOf('claim', 'source', ['url', 'note'], { url: { required: true } });

export function statusForm(claim: Claim, to: Status): Form {
  return {
    id: 'status',
    title: title(`${claim.id} → ${STATUS_META[to].label}`),
    submit: 'Change status',
    intro: `${claim.id}: ${STATUS_META[claim.status].label} → ${STATUS_META[to].label}. "${short(claim.text, 200)}"`,
    fields: statusFields(),
    context: { claimId: claim.id, version: claim.version, status: to },
  };
}

export function sourceForm(claim: Claim): Form {
  return {
    id: 'source',
    title: title(`Add a source to ${claim.id}`),
    submit: 'Add source',
    intro: `${claim.id}: "${short(claim.text, 200)}"`,
    fields: sourceFields(),
    context: { claimId: claim.id, version: claim.version },
  };
}

export function addForm(): Form {
  return {
    id: 'add',
    title: 'Add a claim',
    submit: 'Add claim',
    intro: 'A new claim starts unverified. Unknown names become new actors.',
    fields: fieldsOf('claim', 'add', ['text', 'by', 'about', 'source', 'tags']),
    context: {},
  };
}

/** The flag form, prefilled with what the bot would file: the message text, its claimant, the actors it names. */
export function flagForm(view: ReadView, ev: FlagEvent): Form {
  const text = clean(ev.message.text);
  const cut = [...text].length > LIMITS.claimText ? `${[...text].slice(0, LIMITS.claimText - 1).join('')}…` : text;
  const who = attributionNames(view, cut);
  return {
    id: 'flag',
    title: 'Flag as claim',
    submit: 'File claim',
    intro: `From a message by ${short(ev.message.authorName || 'someone', 80)}. Correct who made the claim if the bot guessed wrong.${who.outlet ? ` Reported by ${who.outlet}.` : ''}`,
    fields: fieldsOf('claim', 'add', ['text', 'by', 'about'], {
      text: { initial: cut },
      by: { initial: who.claimant },
      about: { initial: who.subjects.join(', '), required: false },
    }),
    context: {},
  };
}
