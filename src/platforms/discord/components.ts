// Discord components for the neutral card actions and forms (src/core/forms.ts): a status select and two
// buttons under every claim card and alert (Reply.actions), and modals built from a Form. The custom ids carry
// what Discord hands back (claim id, version, the form's context); they are decoded here and never trusted:
// commands/actions.ts checks the editor, the claim and its version when they come back.
import {
  ButtonStyle, ComponentType, TextInputStyle,
  type APIActionRowComponent, type APIComponentInMessageActionRow, type APIModalInteractionResponseCallbackData,
} from 'discord.js';
import type { ActionKind, Form, FormContext, FormId } from '../../core/forms.ts';
import type { ReplyActions } from '../../core/reply.ts';
import { STATUS_META } from '../../core/statuses.ts';
import { STATUSES } from '../../core/types.ts';

/** Discord's limits for components and modals. */
export const COMPONENT_LIMITS = { customId: 100, modalTitle: 45, label: 45, description: 100, placeholder: 100, textInput: 4000, fields: 5 } as const;

export type CardRow = APIActionRowComponent<APIComponentInMessageActionRow>;

// the same as render.ts's stripControl (not imported: render.ts imports this file)
const stripControl = (s: string) => s.replace(/\r\n?/g, '\n').replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '');

const CARD = 'cd';
const MODAL = 'cdm';

/** A claim id as it may travel in a custom id: no separator, bounded (ids are `C12`; anything else fails the lookup). */
const idPart = (s: string) => String(s).replace(/[^A-Za-z0-9_-]/g, '').slice(0, 40) || '-';
const versionPart = (n: number) => (Number.isSafeInteger(n) && n >= 0 ? String(n) : '0');

function plain(s: string, max: number): string {
  const one = stripControl(s).replace(/\s+/g, ' ').trim();
  const chars = [...one];
  return chars.length <= max ? one : `${chars.slice(0, max - 1).join('')}…`;
}

/** The rows under a card or alert: the status select (the shown status marked) and Add source / History. */
export function cardComponents(a: ReplyActions): CardRow[] {
  const at = `${idPart(a.claimId)}:${versionPart(a.version)}`;
  return [
    {
      type: ComponentType.ActionRow,
      components: [
        {
          type: ComponentType.StringSelect,
          custom_id: `${CARD}:status:${at}`,
          placeholder: 'Change the status…',
          min_values: 1,
          max_values: 1,
          options: STATUSES.map((s) => ({
            label: STATUS_META[s].label,
            value: s,
            emoji: { name: STATUS_META[s].emoji },
            ...(s === a.status ? { default: true } : {}),
          })),
        },
      ],
    },
    {
      type: ComponentType.ActionRow,
      components: [
        { type: ComponentType.Button, style: ButtonStyle.Secondary, label: 'Add source', emoji: { name: '🔗' }, custom_id: `${CARD}:source:${at}` },
        { type: ComponentType.Button, style: ButtonStyle.Secondary, label: 'History', emoji: { name: '🕘' }, custom_id: `${CARD}:history:${at}` },
      ],
    },
  ];
}

/** A card control's custom id decoded, or undefined for anything claimdesk did not make. */
export function parseCardId(customId: string): { kind: ActionKind; claimId: string; version: number } | undefined {
  const m = /^cd:(status|source|history):([A-Za-z0-9_-]{1,40}):(\d{1,16})$/.exec(customId ?? '');
  return m ? { kind: m[1] as ActionKind, claimId: m[2]!, version: Number(m[3]) } : undefined;
}

/** What a modal's custom id carries: the form and its context, or for the flag form the message flagged. */
export type ModalTarget =
  | { form: Exclude<FormId, 'flag'>; context: FormContext }
  | { form: 'flag'; channelId: string; messageId: string };

export function modalId(t: ModalTarget): string {
  if (t.form === 'flag') return `${MODAL}:flag:${t.channelId}:${t.messageId}`;
  const c = t.context;
  if (t.form === 'add') return `${MODAL}:add`;
  const base = `${MODAL}:${t.form}:${idPart(c.claimId ?? '')}:${versionPart(c.version ?? 0)}`;
  return t.form === 'status' ? `${base}:${c.status ?? ''}` : base;
}

export function parseModalId(customId: string): ModalTarget | undefined {
  const s = customId ?? '';
  if (s === `${MODAL}:add`) return { form: 'add', context: {} };
  let m = /^cdm:flag:(\d{1,20}):(\d{1,20})$/.exec(s);
  if (m) return { form: 'flag', channelId: m[1]!, messageId: m[2]! };
  m = /^cdm:(status|source):([A-Za-z0-9_-]{1,40}):(\d{1,16})(?::([a-z_]{1,30}))?$/.exec(s);
  if (!m || (m[1] === 'status') !== !!m[4]) return undefined;
  const context: FormContext = { claimId: m[2]!, version: Number(m[3]) };
  if (m[4]) context.status = m[4] as FormContext['status'];
  return { form: m[1] as 'status' | 'source', context };
}

/**
 * The modal of a neutral form: each field a labelled text input (Discord has no checkbox in text form, so a
 * yes/no field is a short box for "yes" or "no"), prefilled, with the form's intro under the first label.
 */
export function formModal(form: Form, customId: string): APIModalInteractionResponseCallbackData {
  return {
    custom_id: customId.slice(0, COMPONENT_LIMITS.customId),
    // Discord refuses an empty title or label
    title: plain(form.title, COMPONENT_LIMITS.modalTitle) || 'claimdesk',
    components: form.fields.slice(0, COMPONENT_LIMITS.fields).map((f, n) => {
      const yesno = f.kind === 'yesno';
      const max = Math.max(1, Math.min(COMPONENT_LIMITS.textInput, yesno ? 3 : f.max));
      const initial = f.initial ? [...stripControl(f.initial)].slice(0, max).join('') : '';
      const placeholder = yesno ? 'yes or no (empty: no)' : f.placeholder ? plain(f.placeholder, COMPONENT_LIMITS.placeholder) : '';
      const description = n === 0 && form.intro ? plain(form.intro, COMPONENT_LIMITS.description) : '';
      return {
        type: ComponentType.Label,
        label: plain(yesno ? `${f.label}: yes/no` : f.label, COMPONENT_LIMITS.label) || plain(f.name, COMPONENT_LIMITS.label) || 'value',
        ...(description ? { description } : {}),
        component: {
          type: ComponentType.TextInput,
          custom_id: f.name,
          style: f.kind === 'long' ? TextInputStyle.Paragraph : TextInputStyle.Short,
          required: f.required,
          max_length: max,
          ...(initial ? { value: initial } : {}),
          ...(placeholder ? { placeholder } : {}),
        },
      };
    }),
  };
}

/** The text typed in each box of a submitted modal, by custom id (anything else in the payload is ignored). */
export function modalValues(fields: { fields: ReadonlyMap<string, { type: number; value?: unknown }> }): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [id, c] of fields.fields) {
    if (c.type === ComponentType.TextInput && typeof c.value === 'string' && typeof id === 'string') out[id] = c.value;
  }
  return out;
}
