// The card's actions (card-actions.ts): the status select, "Add source", "History". Acked at once (Slack's
// 3 s), then decoded and handed to the core, which checks editor, claim and version against the store: a
// form opens as a modal (views.open with the interaction's trigger_id), an answer shows to the user only,
// and a stale card is said to be stale and replaced by the current one.
import type { App } from '@slack/bolt';
import type { Desk } from '../../core/desk.ts';
import type { ActionKind, ActionOutcome } from '../../core/forms.ts';
import type { Inbound } from '../../core/ports.ts';
import { errorReply } from '../../core/reply.ts';
import { replaceCard, tellUser, type AnswerDeps } from './answer.ts';
import { ACTION, decodeRef } from './card-actions.ts';
import { interactionWho, onAction, type Handled } from './listen.ts';
import { formModal, type CardPlace } from './modal.ts';
import { openModal } from './open-modal.ts';

export interface ActionDeps extends AnswerDeps {
  desk: Desk;
  inbound: Inbound;
}

interface ActionBody {
  user?: { id?: string; username?: string; name?: string; team_id?: string };
  team?: { id?: string } | null;
  channel?: { id?: string; name?: string };
  container?: { type?: string; message_ts?: string; channel_id?: string; is_ephemeral?: boolean };
  response_url?: string;
  trigger_id?: string;
}

interface ElementAction {
  action_id?: string;
  block_id?: string;
  value?: string;
  selected_option?: { value?: string } | null;
}

/** Where the card acted on is (a channel message, or an ephemeral one), from the payload's container. */
export function placeOf(body: ActionBody): CardPlace {
  const c = body.container ?? {};
  const channel = c.channel_id ?? body.channel?.id;
  return {
    ...(channel ? { channel } : {}),
    ...(c.type === 'message' && c.message_ts ? { ts: c.message_ts } : {}),
    ...(c.is_ephemeral ? { ephemeral: true } : {}),
    ...(body.response_url ? { responseUrl: body.response_url } : {}),
  };
}

const KIND: Record<string, ActionKind> = { [ACTION.status]: 'status', [ACTION.source]: 'source', [ACTION.history]: 'history' };

export async function handleCardAction(deps: ActionDeps, body: ActionBody, action: ElementAction): Promise<void> {
  const place = placeOf(body);
  const user = String(body.user?.id ?? '');
  const kind = KIND[String(action.action_id)];
  const ref = decodeRef(action.block_id) ?? decodeRef(action.value);
  if (!kind || !ref) {
    return tellUser(deps, place, user, errorReply('That button could not be read; nothing was changed. Look the claim up with /claim status <id>.'));
  }
  const who = interactionWho(deps.desk, body, place.channel);
  let outcome: ActionOutcome;
  try {
    const status = kind === 'status' ? action.selected_option?.value : undefined;
    outcome = await deps.inbound.act({ kind, claimId: ref.claimId, version: ref.version, ...(status !== undefined ? { status } : {}) }, who);
  } catch (err) {
    deps.log.error({ err: (err as Error).message, kind }, 'slack card action failed');
    return tellUser(deps, place, user, errorReply('Something went wrong on our side; nothing was changed. Please try again.'));
  }
  if (outcome.kind === 'reply') return tellUser(deps, place, user, { ...outcome.reply, ephemeral: true });
  if (outcome.kind === 'stale') {
    await replaceCard(deps, place, outcome.card);
    return tellUser(deps, place, user, outcome.reply);
  }
  const opened = await openModal(deps.client, body.trigger_id, formModal(outcome.form, place), deps.log);
  if (opened.result === 'opened') return;
  const again = kind === 'status' ? 'pick the status again' : 'press Add source again';
  const why =
    opened.result === 'expired'
      ? `The form took too long to open (Slack allows 3 seconds); nothing was changed. Please ${again}.`
      : `The form could not be opened (${opened.code || 'Slack did not answer'}); nothing was changed. Please ${again}, or use /claim ${kind === 'status' ? 'set' : 'source'} ${ref.claimId} …`;
  return tellUser(deps, place, user, errorReply(why));
}

/** The status select, Add source and History on every claim card and alert. */
export function registerCardActions(app: App, handled: Handled, deps: ActionDeps): void {
  for (const id of Object.values(ACTION)) {
    onAction(app, handled, id, async ({ ack, body, action }) => {
      await ack();
      await handleCardAction(deps, body as ActionBody, action as ElementAction).catch((err: unknown) => {
        deps.log.warn({ err: (err as Error).message }, 'slack card action failed');
      });
    });
  }
}
