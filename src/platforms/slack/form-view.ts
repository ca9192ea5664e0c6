// A neutral Form (src/core/forms.ts) as a Slack modal view. block_id = the field's name, so view-state.ts reads
// the values back by name and `response_action: errors` names the block of the field an error is about.
import type { Form, FormField } from '../../core/forms.ts';
import { actorElement } from './actor-select.ts';
import { escapeMrkdwn, truncate } from './render.ts';

type Block = Record<string, unknown>;

const plain = (text: string, max: number) => ({ type: 'plain_text', text: truncate(text, max) || '…' });

function element(f: FormField): Block {
  if (f.kind === 'actor' || f.kind === 'actors') return actorElement(f);
  const placeholder = f.placeholder ? { placeholder: plain(f.placeholder, 150) } : {};
  if (f.kind === 'yesno') {
    const yes = { text: plain('Yes', 75), value: 'yes' };
    return { type: 'checkboxes', action_id: f.name, options: [yes], ...(f.initial === 'yes' ? { initial_options: [yes] } : {}) };
  }
  const max = Math.min(f.max, 3000);
  const initial = f.initial ? { initial_value: truncate(f.initial, max) } : {};
  if (f.kind === 'url') return { type: 'url_text_input', action_id: f.name, ...placeholder, ...initial };
  return { type: 'plain_text_input', action_id: f.name, multiline: f.kind === 'long', max_length: max, ...placeholder, ...initial };
}

/** The modal for `form`; `callbackId` routes its submission, `metadata` (already encoded) comes back with it. */
export function formView(form: Form, callbackId: string, metadata: string): Record<string, unknown> {
  const blocks: Block[] = [];
  if (form.intro) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: truncate(escapeMrkdwn(form.intro), 3000), verbatim: true } });
  for (const f of form.fields) {
    blocks.push({ type: 'input', block_id: f.name, optional: !f.required, label: plain(f.label, 2000), element: element(f) });
  }
  return {
    type: 'modal',
    callback_id: callbackId,
    title: plain(form.title, 24),
    submit: plain(form.submit, 24),
    close: plain('Cancel', 24),
    private_metadata: metadata,
    blocks,
  };
}
