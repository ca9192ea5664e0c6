// The add modal submitted: the core runs /claim add with its values (same checks, same card). Values it refuses are
// shown beside their fields; the card goes where the command was typed, as a typed /claim add answers (through the
// command's response_url; without one, to the user alone).
import type { App } from '@slack/bolt';
import type { Desk } from '../../core/desk.ts';
import type { Inbound, Who } from '../../core/ports.ts';
import type { SubmitOutcome } from '../../core/forms.ts';
import type { Logger } from 'pino';
import type { webApi } from '@slack/bolt';
import { ADD_VIEW } from './add-modal.ts';
import { slackContext, toResponse } from './commands.ts';
import { postToResponseUrl } from './open-modal.ts';
import { decodeMetadata, stateValues } from './view-state.ts';

type WebClient = InstanceType<typeof webApi.WebClient>;
type Ack = (body?: Record<string, unknown>) => Promise<void>;

export interface AddSubmitDeps {
  desk: Desk;
  inbound: Inbound;
  client: WebClient;
  log: Logger;
  teamId: string;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown, max = 100) => (typeof v === 'string' && v.length > 0 && v.length <= max ? v : undefined);

/** The ack for an outcome: errors beside the fields (invalid), or beside the text for anything else that was not done. */
export function addAck(outcome: SubmitOutcome): Record<string, unknown> | undefined {
  if (outcome.outcome === 'done') return undefined;
  const errors = outcome.outcome === 'invalid' && outcome.errors && Object.keys(outcome.errors).length ? outcome.errors : { text: outcome.reply.text ?? 'That did not work; nothing was added.' };
  return { response_action: 'errors', errors: Object.fromEntries(Object.entries(errors).map(([k, v]) => [k, v.slice(0, 300)])) };
}

export function registerAddSubmit(app: App, deps: AddSubmitDeps): void {
  app.view({ callback_id: ADD_VIEW, type: 'view_submission' }, async ({ ack, body }) => {
    const done = ack as Ack;
    const b = body as unknown as Record<string, unknown>;
    const view = isObject(b.view) ? b.view : {};
    const u = isObject(b.user) ? b.user : {};
    const userId = str(u.id);
    const meta = decodeMetadata(view.private_metadata);
    const channel = str(meta.c);
    if (!userId || !channel) {
      deps.log.warn('an add submission without its user or channel');
      return done({ response_action: 'errors', errors: { text: 'This form lost track of where it was opened; nothing was added. Type /claim add again.' } });
    }
    // who and where exactly as for the slash command the form stands for (the editor check included)
    const who: Who = slackContext(deps.desk, {
      command: '/claim',
      text: '',
      team_id: str(meta.t) ?? deps.teamId,
      channel_id: channel,
      channel_name: str(meta.n),
      user_id: userId,
      user_name: str(u.username) ?? str(u.name),
    });
    const outcome = await deps.inbound.submit({ form: 'add', context: {}, values: stateValues(view.state) }, who).catch((err: unknown): SubmitOutcome => {
      deps.log.error({ err: err instanceof Error ? err.message : String(err) }, 'add from the modal failed');
      return { outcome: 'failed', reply: { kind: 'error', text: 'Something went wrong on our side; nothing was added. Please try again.' } };
    });
    await done(addAck(outcome));
    if (outcome.outcome !== 'done') return;
    // after the ack: the modal closes at once, the card follows
    const body2 = toResponse(outcome.reply);
    if (await postToResponseUrl(meta.r, body2, deps.log)) return;
    await deps.client.chat.postEphemeral({ channel, user: userId, text: String(body2.text), blocks: body2.blocks as never }).catch((err: unknown) =>
      deps.log.warn({ err: err instanceof Error ? err.message : String(err) }, 'could not post the added claim'),
    );
  });
}
