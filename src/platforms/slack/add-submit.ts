// The add modal submitted: the core runs /claim add with its values (same checks, same card). Values it refuses are
// shown beside their fields, and so is a refusal of the whole (the claim is already recorded; the ledger could not
// save), keeping what was typed; the card goes where the command was typed, as a typed /claim add answers (through
// the command's response_url; without one, to the user alone).
import type { App } from '@slack/bolt';
import type { SubmitOutcome } from '../../core/forms.ts';
import { errorReply } from '../../core/reply.ts';
import type { ActionDeps } from './actions.ts';
import { tellUser } from './answer.ts';
import { toResponse } from './commands.ts';
import { inTime, interactionWho, onView, SUBMIT_BUDGET_MS, type Handled } from './listen.ts';
import { callbackId, decodeMetadata, stateValues } from './modal.ts';
import { postToResponseUrl } from './open-modal.ts';
import { isObject } from './payloads.ts';

type Ack = (body?: Record<string, unknown>) => Promise<void>;

/** The ack for an outcome: nothing (close) when done, else errors beside the fields, or beside the text for a refusal of the whole. */
export function addAck(outcome: SubmitOutcome): Record<string, unknown> | undefined {
  if (outcome.outcome === 'done') return undefined;
  const errors = outcome.outcome === 'invalid' && outcome.errors && Object.keys(outcome.errors).length ? outcome.errors : { text: outcome.reply.text ?? 'That did not work; nothing was added.' };
  return { response_action: 'errors', errors: Object.fromEntries(Object.entries(errors).map(([k, v]) => [k, v.slice(0, 2000)])) };
}

export function registerAddSubmit(app: App, handled: Handled, deps: ActionDeps & { teamId: string }): void {
  onView(app, handled, callbackId('add'), async ({ ack, body }) => {
    const done = ack as Ack;
    const b = body as unknown as Record<string, unknown>;
    const view = isObject(b.view) ? b.view : {};
    const user = isObject(b.user) && typeof b.user.id === 'string' ? b.user.id : '';
    const meta = decodeMetadata(view.private_metadata);
    const channel = meta?.place.channel;
    if (!user || !channel || meta?.form !== 'add') {
      deps.log.warn('an add submission without its user or channel');
      return done({ response_action: 'errors', errors: { text: 'This form lost track of where it was opened; nothing was added. Type /claim add again.' } });
    }
    // who and where exactly as for the slash command the form stands for (the editor check included)
    const who = interactionWho(deps.desk, { ...(b as Parameters<typeof interactionWho>[1]), team: { id: (b.team as { id?: string } | null)?.id ?? deps.teamId } }, channel);
    const work = deps.inbound.submit({ form: 'add', context: {}, values: stateValues(view.state) }, who).catch((err: unknown): SubmitOutcome => {
      deps.log.error({ err: err instanceof Error ? err.message : String(err) }, 'add from the modal failed');
      return { outcome: 'failed', reply: errorReply('Something went wrong on our side; nothing was added. Please try again.') };
    });
    // a slow save must not miss Slack's 3 s: past the budget the modal closes and the answer follows
    const quick = await inTime(work, SUBMIT_BUDGET_MS);
    await done(quick ? addAck(quick) : undefined);
    const outcome = quick ?? (await work);
    if (!quick && outcome.outcome !== 'done') return tellUser(deps, { channel }, user, outcome.reply);
    if (outcome.outcome !== 'done') return;
    // after the ack: the modal closes at once, the card follows
    if (await postToResponseUrl(meta.place.responseUrl, toResponse(outcome.reply), deps.apiUrl, deps.log)) return;
    await tellUser(deps, { channel }, user, outcome.reply);
  });
}
