// The status select and the Add source / History buttons on claim cards and alerts, and the modals they open
// (and /claim add's): the decoded custom id goes to inbound.act / inbound.submit, which check the editor, the
// claim and its version; the answer follows Discord's rules. A modal must be the first answer within 3 s (it
// cannot follow a deferral); a submission writes, so it is deferred at once, as a slash command that writes.
import { MessageFlags, type Client, type MessageComponentInteraction, type ModalSubmitInteraction } from 'discord.js';
import type { ActionOutcome, SubmitOutcome } from '../../core/forms.ts';
import type { Desk } from '../../core/desk.ts';
import type { Inbound } from '../../core/ports.ts';
import { errorReply, type Reply } from '../../core/reply.ts';
import { formModal, modalId, modalValues, parseCardId, parseModalId } from './components.ts';
import { submitFlag } from './flag-command.ts';
import { answer, answerBody, commandContext, type InteractionOptions } from './interactions.ts';

type Options = InteractionOptions & { inbound: Inbound };

const FAILED = 'Something went wrong on our side; nothing was changed. Please try again.';

export const UNKNOWN_CONTROL =
  'That control is not one claimdesk knows (an old or garbled message); nothing was changed. /claim status <id> shows a current card.';

export const UNKNOWN_FORM = 'That form is not one claimdesk knows (an old or garbled one); nothing was changed.';

const TOO_LATE_FOR_FORM =
  'Discord gives the bot 3 seconds to open a form, and checking your roles took longer this time; nothing was changed. Please try again.';

/** Only the asking user sees it. */
const privately = (reply: Reply) => ({ ...answerBody({ ...reply, ephemeral: true }).body, flags: MessageFlags.Ephemeral as const });

export async function handleComponent(client: Client, desk: Desk, i: MessageComponentInteraction, opts: Options): Promise<void> {
  const card = parseCardId(i.customId);
  if (!card || (card.kind === 'status') !== i.isStringSelectMenu() || (card.kind !== 'status' && !i.isButton())) {
    await i.reply(privately(errorReply(UNKNOWN_CONTROL)));
    return;
  }
  // Deferred only if the answer is late (the member's roles read from a slow API): then no form can open.
  let deferring: Promise<unknown> | undefined;
  const timer = setTimeout(() => {
    deferring = i.deferUpdate().catch((err) => desk.log.warn({ err }, 'defer failed'));
  }, opts.deferAfterMs);
  let outcome: ActionOutcome;
  try {
    const who = await commandContext(client, desk, i, opts.editorRole);
    const status = i.isStringSelectMenu() ? i.values[0] : undefined;
    outcome = await opts.inbound.act({ kind: card.kind, claimId: card.claimId, version: card.version, ...(status !== undefined ? { status } : {}) }, who);
  } catch (err) {
    desk.log.error({ err, customId: i.customId }, 'Discord card action failed');
    outcome = { kind: 'reply', reply: errorReply(FAILED) };
  } finally {
    clearTimeout(timer);
  }
  if (deferring) await deferring;
  const late = i.deferred;
  const tell = (r: Reply) => (late ? i.followUp(privately(r)) : i.reply(privately(r)));

  if (outcome.kind === 'form') {
    const form = outcome.form;
    if (late) await tell(errorReply(TOO_LATE_FOR_FORM));
    else if (form.id === 'flag') await tell(errorReply(UNKNOWN_FORM));
    else await i.showModal(formModal(form, modalId({ form: form.id, context: form.context })));
  } else if (outcome.kind === 'stale') {
    // the card acted on is replaced by the current one, and the user is told why nothing was applied
    const current = answerBody(outcome.card).body;
    if (late) await i.editReply(current);
    else await i.update(current);
    await i.followUp(privately(outcome.reply));
  } else {
    await tell(outcome.reply);
  }
}

export async function handleModalSubmit(client: Client, desk: Desk, i: ModalSubmitInteraction, opts: Options): Promise<void> {
  const target = parseModalId(i.customId);
  if (!target) {
    await i.reply(privately(errorReply(UNKNOWN_FORM)));
    return;
  }
  if (target.form === 'flag') {
    await submitFlag(client, desk, i, target, opts.inbound);
    return;
  }
  // From a card: the card is updated in place (deferUpdate, then editReply edits that message). /claim add's form
  // answers like /claim add: in public once filed.
  const onCard = i.isFromMessage() && target.form !== 'add';
  if (onCard) await i.deferUpdate();
  else await i.deferReply();
  let out: SubmitOutcome;
  try {
    const who = await commandContext(client, desk, i, opts.editorRole);
    out = await opts.inbound.submit({ form: target.form, context: target.context, values: modalValues(i.fields) }, who);
  } catch (err) {
    desk.log.error({ err, customId: i.customId }, 'Discord form submission failed');
    out = { outcome: 'failed', reply: errorReply(FAILED) };
  }
  // a refusal's usage is the typed command's (`/claim set <id> …`): beside a form it only confuses
  if (out.reply.kind === 'error') out = { ...out, reply: { ...out.reply, usage: undefined } };
  if (!onCard) {
    await answer(i, out.outcome === 'done' ? out.reply : { ...out.reply, ephemeral: true }, true);
    return;
  }
  if (out.card && (out.outcome === 'done' || out.outcome === 'stale')) await i.editReply(answerBody(out.card).body);
  // the card in place carries the controls; the confirmation does not repeat them
  await i.followUp(privately(out.outcome === 'done' ? { ...out.reply, actions: undefined } : out.reply));
}
