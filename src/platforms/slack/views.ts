// The status and source forms, submitted (view_submission). The core checks everything again (editor,
// claim, version, each field) and makes the change through /claim set or /claim source. Invalid fields go
// back beside the field (response_action errors) with the modal still open; a done change closes it, the
// card or alert acted on is updated in place and the user gets a confirmation only they see; a refusal, a
// stale card or a failure closes it and says why (a stale card is replaced by the current one).
import type { App } from '@slack/bolt';
import type { FormId, SubmitOutcome } from '../../core/forms.ts';
import { errorReply, type Reply } from '../../core/reply.ts';
import type { ActionDeps } from './actions.ts';
import { isSlackResponseUrl, replaceCard, tellUser } from './answer.ts';
import { inTime, interactionWho, onView, SUBMIT_BUDGET_MS, type Handled } from './listen.ts';

export { SUBMIT_BUDGET_MS };
import { callbackId, decodeMetadata, noticeModal, stateValues, type ModalMetadata } from './modal.ts';

/** Wait this long for the change before acking (Slack gives 3 s for the ack, network included). */

type Ack = (body?: Record<string, unknown>) => Promise<void>;

interface ViewBody {
  user?: { id?: string; username?: string; name?: string; team_id?: string };
  team?: { id?: string } | null;
}

interface ViewPayload {
  callback_id?: string;
  private_metadata?: string;
  state?: unknown;
  blocks?: { type?: string; block_id?: string }[];
}

const unreadable = () =>
  noticeModal('Nothing was changed', 'This form could not be read, so nothing was changed. Open it again from the claim card (or use /claim set / /claim source).');

/** The core's errors by field name, as Slack shows them: keyed by input block ids of this modal. */
function fieldErrors(view: ViewPayload, outcome: SubmitOutcome): Record<string, string> {
  const inputs = (view.blocks ?? []).filter((b) => b.type === 'input' && b.block_id).map((b) => b.block_id!);
  const errors: Record<string, string> = {};
  const rest: string[] = [];
  for (const [name, msg] of Object.entries(outcome.errors ?? {})) {
    if (inputs.includes(name)) errors[name] = msg.slice(0, 2000);
    else rest.push(msg);
  }
  // an error about no field of this form: beside the first field (Slack shows errors only beside input blocks)
  const first = inputs[0];
  if (first && rest.length) errors[first] = [errors[first], ...rest].filter(Boolean).join(' ').slice(0, 2000);
  if (first && !Object.keys(errors).length) errors[first] = (outcome.reply.text ?? 'Please check this field.').slice(0, 2000);
  return errors;
}

async function afterwards(deps: ActionDeps, meta: ModalMetadata, user: string, outcome: SubmitOutcome): Promise<void> {
  if (outcome.card && (outcome.outcome === 'done' || outcome.outcome === 'stale')) await replaceCard(deps, meta.place, outcome.card);
  // the confirmation is the answer /claim set or /claim source gives, shown to this user only, without the
  // buttons (they are on the card itself)
  const reply: Reply = { ...outcome.reply, ephemeral: true, actions: undefined };
  await tellUser(deps, meta.place, user, outcome.outcome === 'invalid' ? errorReply(reply.text ?? 'That did not work; nothing was changed.') : reply);
}

export async function handleSubmission(deps: ActionDeps, form: FormId, ack: Ack, body: ViewBody, view: ViewPayload, budgetMs = SUBMIT_BUDGET_MS): Promise<void> {
  const meta = decodeMetadata(view.private_metadata);
  if (!meta || meta.form !== form) {
    deps.log.warn({ callback: view.callback_id }, 'a slack form whose private_metadata is not ours');
    return ack({ response_action: 'update', view: unreadable() });
  }
  // a response_url that is not Slack's is dropped (a forged payload must not make the bot post elsewhere)
  if (meta.place.responseUrl && !isSlackResponseUrl(meta.place.responseUrl, deps.apiUrl)) delete meta.place.responseUrl;
  const user = String(body.user?.id ?? '');
  const who = interactionWho(deps.desk, body, meta.place.channel);
  const work = deps.inbound.submit({ form, context: meta.context, values: stateValues(view.state) }, who).catch((err: unknown): SubmitOutcome => {
    deps.log.error({ err: (err as Error).message, form }, 'slack form failed');
    return { outcome: 'failed', reply: errorReply('Something went wrong on our side; nothing was changed. Please try again.') };
  });
  const quick = await inTime(work, budgetMs);
  if (quick?.outcome === 'invalid') {
    const errors = fieldErrors(view, quick);
    if (Object.keys(errors).length) return ack({ response_action: 'errors', errors });
    return ack({ response_action: 'update', view: noticeModal('Nothing was changed', quick.reply.text ?? 'That did not work.') });
  }
  // done, refused, stale, failed — or not ready in time: close the modal now and answer after
  await ack();
  const outcome = quick ?? (await work);
  await afterwards(deps, meta, user, outcome);
}

/** The status modal closed without submitting: the card's select still shows the status picked, so put the current card back. */
export async function handleClosed(deps: ActionDeps, body: ViewBody, view: ViewPayload): Promise<void> {
  const meta = decodeMetadata(view.private_metadata);
  const claimId = meta?.context.claimId;
  if (!meta || meta.form !== 'status' || !claimId || !/^[A-Za-z]{1,4}\d{1,12}$/.test(claimId)) return;
  if (meta.place.responseUrl && !isSlackResponseUrl(meta.place.responseUrl, deps.apiUrl)) delete meta.place.responseUrl;
  const who = interactionWho(deps.desk, body, meta.place.channel);
  const card = await deps.inbound.command({ group: 'claim', text: `status ${claimId}`, ...who });
  if (card.actions?.claimId === claimId) await replaceCard(deps, meta.place, card);
}

/** The modals the card's actions open. */
export function registerCardForms(app: App, handled: Handled, deps: ActionDeps): void {
  for (const form of ['status', 'source'] as const) {
    onView(app, handled, callbackId(form), async ({ ack, body, view }) => {
      await handleSubmission(deps, form, ack as Ack, body as ViewBody, view as ViewPayload).catch((err: unknown) => {
        deps.log.warn({ err: (err as Error).message, form }, 'slack form failed');
      });
    });
  }
  onView(
    app,
    handled,
    callbackId('status'),
    async ({ ack, body, view }) => {
      await ack();
      await handleClosed(deps, body as ViewBody, view as ViewPayload).catch((err: unknown) => {
        deps.log.warn({ err: (err as Error).message }, 'could not put the card back after a closed form');
      });
    },
    true,
  );
}
