// The interaction payloads claimdesk serves (buttons and selects on cards, modals, the message shortcut,
// external-select suggestions), checked before Bolt reads them: Bolt dereferences `user.id`, `team.id`,
// `actions[0]`, `view.callback_id`, `channel.id` and `response_urls.length` without looking, so a signed but
// malformed payload must never reach it. Used by guard.ts (HTTP) and socket-guard.ts (Socket Mode).
import { z } from 'zod';

/** A JSON object (not null, not an array): how the handlers read a payload's parts without trusting its shape. */
export const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
/** A Slack id or similar short string of a payload (1–100 characters), else undefined. */
export const payloadId = (v: unknown): string | undefined => (typeof v === 'string' && v.length > 0 && v.length <= 100 ? v : undefined);

const id = z.string().min(1).max(255);
const user = z.looseObject({ id: z.string().min(1).max(100) });
const team = z.looseObject({ id: z.string().max(100) }).nullable().optional();
const enterprise = z.looseObject({ id: z.string().max(100).optional() }).nullable().optional();
const common = { user, team, enterprise, is_enterprise_install: z.boolean().optional(), api_app_id: z.string().max(100).optional() };
const view = z.looseObject({
  id: z.string().max(100),
  callback_id: z.string().max(255),
  private_metadata: z.string().max(3000).optional(),
  app_installed_team_id: z.string().max(100).optional(),
  state: z.looseObject({ values: z.record(z.string(), z.record(z.string(), z.looseObject({ type: z.string() }))) }).optional(),
});

const blockActions = z.looseObject({
  type: z.literal('block_actions'),
  ...common,
  actions: z.array(z.looseObject({ action_id: id, block_id: z.string().max(255).optional(), type: z.string().max(100) })).min(1).max(10),
  channel: z.looseObject({ id: z.string().max(100) }).optional(),
  container: z.looseObject({ type: z.string().max(100) }).optional(),
  message: z.looseObject({ ts: z.string().max(100) }).optional(),
  view: view.optional(),
  response_url: z.string().max(2000).optional(),
  trigger_id: z.string().max(255).optional(),
});

const viewAction = z.looseObject({
  type: z.enum(['view_submission', 'view_closed']),
  ...common,
  view,
  response_urls: z.array(z.looseObject({ response_url: z.string().max(2000) })).optional(),
});

const shortcut = z.looseObject({
  type: z.enum(['shortcut', 'message_action']),
  ...common,
  callback_id: id,
  trigger_id: z.string().max(255),
  channel: z.looseObject({ id: z.string().max(100) }).optional(),
  message: z.looseObject({ ts: z.string().max(100), text: z.string().max(100_000).optional() }).optional(),
  response_url: z.string().max(2000).optional(),
});

const suggestion = z.looseObject({
  type: z.literal('block_suggestion'),
  ...common,
  action_id: id,
  block_id: z.string().max(255),
  value: z.string().max(2000),
  view: view.optional(),
});

const interaction = z.discriminatedUnion('type', [blockActions, viewAction, shortcut, suggestion]);

/** An interaction payload of a type claimdesk serves, with every field Bolt and claimdesk read of the right type. */
export function isServedInteraction(payload: unknown): boolean {
  return interaction.safeParse(payload).success;
}

/** Why an interactive `payload=` form field is not served, or undefined when it is. */
export function interactionProblem(raw: unknown): string | undefined {
  if (typeof raw !== 'string') return 'a payload field given more than once';
  let payload: unknown;
  try {
    payload = JSON.parse(raw);
  } catch {
    return 'a payload that is not JSON';
  }
  return isServedInteraction(payload) ? undefined : 'an interaction payload claimdesk does not serve';
}
