// The neutral Form (src/core/forms.ts) as a Slack modal, and back: each field an input block whose block_id
// is the field's name (so the core's errors, by field name, go straight back as response_action errors), the
// form's context and where the card acted on is in private_metadata (3,000 characters at most), and a
// submitted view's state read back into values by field name. Actor fields are external selects that suggest
// known actors and offer what was typed as a new one (actor-select.ts).
import { z } from 'zod';
import type { Form, FormContext, FormField, FormId } from '../../core/forms.ts';
import { actorElement } from './actor-select.ts';
import { escapeMrkdwn, truncate, type Block } from './render.ts';

/** The callback_id of a form's modal (`form_status`…): app.view listens on it. */
export const callbackId = (id: FormId) => `form_${id}`;

export const METADATA_MAX = 3000;

/** Where the card or alert acted on is, to update it in place after the form: a channel message, or an ephemeral one through its response_url. */
export interface CardPlace {
  channel?: string;
  /** the message ts (a channel message) */
  ts?: string;
  /** an ephemeral message: only its response_url can replace it */
  ephemeral?: boolean;
  /** the interaction's response_url (30 minutes, 5 posts): ephemeral answers and replace_original */
  responseUrl?: string;
}

export interface ModalMetadata {
  form: FormId;
  context: FormContext;
  place: CardPlace;
}

const plain = (text: string, max: number) => ({ type: 'plain_text', text: truncate(text, max) || '…', emoji: true });

// Slack's limits for text inputs (max_length at most 3,000)
const INPUT_MAX = 3000;

/** The Block Kit element a field is typed in. */
export function elementFor(f: FormField): Block {
  const initial = f.initial ? { initial_value: truncate(f.initial, Math.min(f.max, INPUT_MAX)) } : {};
  const placeholder = f.placeholder ? { placeholder: plain(f.placeholder, 150) } : {};
  switch (f.kind) {
    case 'actor':
    case 'actors':
      return actorElement(f);
    case 'yesno':
      return { type: 'checkboxes', action_id: f.name, options: [{ text: plain('Yes', 75), value: 'yes' }], ...(f.initial === 'yes' ? { initial_options: [{ text: plain('Yes', 75), value: 'yes' }] } : {}) };
    case 'url':
      return { type: 'url_text_input', action_id: f.name, ...initial, ...placeholder };
    case 'long':
      return { type: 'plain_text_input', action_id: f.name, multiline: true, max_length: Math.min(f.max, INPUT_MAX), ...initial, ...placeholder };
    default:
      // line
      return { type: 'plain_text_input', action_id: f.name, max_length: Math.min(f.max, INPUT_MAX), ...initial, ...placeholder };
  }
}

function inputBlock(f: FormField): Block {
  // a yes/no box is never required: unticked means no
  return { type: 'input', block_id: f.name, optional: f.kind === 'yesno' || !f.required, label: plain(f.label, 2000), element: elementFor(f) };
}

/** private_metadata for a modal; the place's response_url is left out if the whole would not fit. */
export function encodeMetadata(meta: ModalMetadata): string {
  const full = JSON.stringify({ v: 1, f: meta.form, c: meta.context, p: meta.place });
  if (full.length <= METADATA_MAX) return full;
  const { responseUrl: _drop, ...place } = meta.place;
  return JSON.stringify({ v: 1, f: meta.form, c: meta.context, p: place }).slice(0, METADATA_MAX);
}

const str = (max: number) => z.string().max(max);
const metadataSchema = z.object({
  v: z.literal(1),
  f: z.enum(['status', 'source', 'add', 'flag']),
  c: z.object({ claimId: str(40).optional(), version: z.number().int().nonnegative().optional(), status: str(40).optional() }),
  p: z.object({ channel: str(100).optional(), ts: str(100).optional(), ephemeral: z.boolean().optional(), responseUrl: str(2000).optional() }),
});

/** A view's private_metadata back, or undefined when it is not one of ours (tampered, cut, another app's). */
export function decodeMetadata(raw: unknown): ModalMetadata | undefined {
  if (typeof raw !== 'string' || raw.length > METADATA_MAX) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return undefined;
  }
  const m = metadataSchema.safeParse(json);
  if (!m.success) return undefined;
  return { form: m.data.f, context: m.data.c as FormContext, place: m.data.p };
}

/** The modal for a form. */
export function formModal(form: Form, place: CardPlace): Block {
  const blocks: Block[] = [];
  if (form.intro) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: truncate(escapeMrkdwn(form.intro), 3000), verbatim: true } });
  blocks.push(...form.fields.map(inputBlock));
  return {
    type: 'modal',
    callback_id: callbackId(form.id),
    title: plain(form.title, 24),
    submit: plain(form.submit, 24),
    close: plain('Cancel', 24),
    blocks,
    private_metadata: encodeMetadata({ form: form.id, context: form.context, place }),
    // a status picked on the card and then cancelled: the card's select must show the real status again (views.ts)
    ...(form.id === 'status' ? { notify_on_close: true } : {}),
  };
}

/** A modal that only says something (a form that could not be read, a change that is taking long). */
export function noticeModal(title: string, text: string): Block {
  return {
    type: 'modal',
    title: plain(title, 24),
    close: plain('Close', 24),
    blocks: [{ type: 'section', text: { type: 'mrkdwn', text: truncate(escapeMrkdwn(text), 3000), verbatim: true } }],
  };
}

type StateValue = { type?: string; value?: string | null; selected_option?: { value?: string } | null; selected_options?: { value?: string }[] };

/** A submitted view's state → values by block_id (the field names). Untrusted: the core checks every value. */
export function stateValues(state: unknown): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  const values = (state as { values?: Record<string, Record<string, StateValue>> } | undefined)?.values;
  if (!values || typeof values !== 'object') return out;
  for (const [blockId, actions] of Object.entries(values)) {
    if (!actions || typeof actions !== 'object') continue;
    const v = Object.values(actions)[0];
    if (!v || typeof v !== 'object') continue;
    if (typeof v.value === 'string') out[blockId] = v.value;
    else if (v.selected_option && typeof v.selected_option.value === 'string') out[blockId] = v.selected_option.value;
    else if (Array.isArray(v.selected_options)) {
      const picked = v.selected_options.map((o) => o?.value).filter((x): x is string => typeof x === 'string');
      // a ticked yes/no box is "yes"; a multi-select, its values as a comma list
      if (picked.length) out[blockId] = v.type === 'checkboxes' ? (picked.includes('yes') ? 'yes' : undefined) : picked.join(', ');
    }
  }
  return out;
}
