// `/claim add` with nothing after it: instead of a usage error, the add form as a modal (opened with the command's
// trigger_id, after the ack). Its submission is add-submit.ts; the answer goes where the command was typed.
import type { Logger } from 'pino';
import type { webApi } from '@slack/bolt';
import type { Inbound } from '../../core/ports.ts';
import type { SlashCommand } from './commands.ts';
import { formModal } from './modal.ts';
import { EXPIRED_TEXT, openModal } from './open-modal.ts';

type WebClient = InstanceType<typeof webApi.WebClient>;
type Ack = (body?: Record<string, unknown>) => Promise<void>;
type Respond = (body: Record<string, unknown>) => Promise<unknown>;

/** `/claim add` and nothing else (spaces aside). */
export function isBareAdd(cmd: { command?: string; text?: string }): boolean {
  return cmd.command === '/claim' && /^\s*add\s*$/i.test(cmd.text ?? '');
}

export interface AddModalDeps {
  inbound: Inbound;
  client: WebClient;
  log: Logger;
}

export async function openAddModal(deps: AddModalDeps, cmd: SlashCommand & { trigger_id?: string; response_url?: string }, ack: Ack, respond: Respond): Promise<void> {
  await ack();
  // the channel and the command's response_url travel with the modal: the card is posted there, as /claim add answers
  const view = formModal(deps.inbound.addForm(), { channel: cmd.channel_id, ...(cmd.response_url ? { responseUrl: cmd.response_url } : {}) });
  const opened = await openModal(deps.client, cmd.trigger_id, view, deps.log);
  if (opened.result === 'opened') return;
  const why = opened.result === 'expired' ? EXPIRED_TEXT : 'Slack did not open the form; nothing was changed.';
  await respond({ response_type: 'ephemeral', text: `${why} Type /claim add again, or the claim itself: /claim add <text> by: <actor>` }).catch((err: unknown) =>
    deps.log.warn({ err: err instanceof Error ? err.message : String(err) }, 'could not explain why the add form did not open'),
  );
}
