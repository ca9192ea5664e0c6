// Actor fields (`actor` / `actors` kinds) as Slack external selects: Slack asks for options while the user
// types (block_suggestion, answered by actor-options.ts), and because a claimant may be new, the typed text
// itself is offered too. An option's value is the actor's NAME, which is what a form's value is (the core
// finds or creates actors by name).
import type { FormField } from '../../core/forms.ts';
import type { Suggestion } from '../../core/ports.ts';
import { truncate } from './render.ts';

/** The action_ids of actor selects start so, one per field (Slack wants them unique in a view): app.options() routes by them. */
export const ACTOR_ACTION = 'actor_suggest';
export const actorActionId = (field: FormField) => `${ACTOR_ACTION}:${field.name}`;

/** Slack's limits for an option: text 75, value 150; at most 100 options. */
const OPTION_TEXT = 75;
const OPTION_VALUE = 150;
const MAX_OPTIONS = 100;

export interface SlackOption {
  text: { type: 'plain_text'; text: string; emoji?: boolean };
  value: string;
}

/** plain_text is never parsed by Slack (no mentions, no links), so names need no escaping here. */
export function option(text: string, value: string): SlackOption {
  return { text: { type: 'plain_text', text: truncate(text, OPTION_TEXT) || '…', emoji: false }, value };
}

// control characters are dropped (the core drops them from names too); runs of spaces become one
const squash = (s: string) => s.replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ').replace(/\s+/g, ' ').trim();

/** A prefilled name (the flag form's claimant, its actors) as a selected option; too long for a value: left out. */
function initialOption(name: string): SlackOption | undefined {
  const n = squash(name);
  return n && n.length <= OPTION_VALUE ? option(n, n) : undefined;
}

/** The Block Kit element of an actor field. */
export function actorElement(field: FormField): Record<string, unknown> {
  const placeholder = { type: 'plain_text', text: truncate(field.placeholder || 'Type a name', 150) };
  if (field.kind === 'actors') {
    const initial = (field.initial ?? '').split(',').map(initialOption).filter((o): o is SlackOption => !!o);
    return {
      type: 'multi_external_select',
      action_id: actorActionId(field),
      min_query_length: 1,
      placeholder,
      ...(initial.length ? { initial_options: initial } : {}),
    };
  }
  const initial = field.initial ? initialOption(field.initial) : undefined;
  return { type: 'external_select', action_id: actorActionId(field), min_query_length: 1, placeholder, ...(initial ? { initial_option: initial } : {}) };
}

/**
 * The options for what the user typed: the known actors the core suggests (by name), then the typed text as a new
 * actor unless a known one has exactly that name. `nameOf` turns a suggestion's value (an actor id) into its name.
 */
export function actorOptions(typed: unknown, suggestions: Suggestion[], nameOf: (id: string) => string | undefined): SlackOption[] {
  const q = squash(typeof typed === 'string' ? typed : '');
  const seen = new Set<string>();
  const out: SlackOption[] = [];
  for (const s of suggestions) {
    const name = squash(nameOf(s.value) ?? s.name);
    // an id finds the actor too: for a name too long for a value, and for one with a comma or semicolon, which a
    // list of names (the `about` field, a multi-select's values joined) would split into two new actors
    const value = name.length <= OPTION_VALUE && !/[,;]/.test(name) ? name : s.value;
    if (!value || value.length > OPTION_VALUE || seen.has(value.toLowerCase())) continue;
    seen.add(value.toLowerCase());
    out.push(option(s.name, value));
  }
  if (q && q.length <= OPTION_VALUE && !seen.has(q.toLowerCase())) out.push(option(`New actor: ${q}`, q));
  return out.slice(0, MAX_OPTIONS);
}
