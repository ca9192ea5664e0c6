// Slash commands /claim and /actor → the core's inbound port, as text. Slack wants an ack within 3 s: a reply ready in time goes
// back in the ack itself; a slower one is acked empty first and posted later through response_url.
import type { Logger } from 'pino';
import { createInbound } from '../../../commands/inbound.ts';
import { GROUPS } from '../../../commands/registry.ts';
import type { Desk } from '../../core/desk.ts';
import { isListedEditor } from '../../core/permissions.ts';
import type { CommandRequest, Inbound } from '../../core/ports.ts';
import { errorReply, type Reply } from '../../core/reply.ts';
import { slackToPlain } from './markup.ts';
import { renderSlack } from './render.ts';

/** How long we wait for the answer before acking empty (Slack gives 3 s in all, network included). */
export const ACK_BUDGET_MS = 2000;

export interface SlashCommand {
  command: string;
  text: string;
  team_id: string;
  channel_id: string;
  channel_name?: string;
  user_id: string;
  user_name?: string;
}

type Ack = (body?: Record<string, unknown>) => Promise<void>;
type Respond = (body: Record<string, unknown>) => Promise<unknown>;

/** Who runs the command and where: on Slack an editor is whoever EDITORS lists. */
export function slackContext(desk: Desk, cmd: SlashCommand): Pick<CommandRequest, 'user' | 'channel'> {
  const key = `slack:${cmd.user_id}`;
  const name = cmd.channel_name && !['directmessage', 'privategroup'].includes(cmd.channel_name) ? `#${cmd.channel_name}` : undefined;
  return {
    user: { key, name: cmd.user_name || cmd.user_id, isEditor: isListedEditor(desk.settings, key) },
    channel: { platform: 'slack', workspace: cmd.team_id, channel: cmd.channel_id, ...(name ? { name } : {}) },
  };
}

/** The body Slack takes in an ack or on response_url. */
export function toResponse(reply: Reply): Record<string, unknown> {
  const { text, blocks } = renderSlack(reply);
  const ephemeral = reply.ephemeral || reply.kind === 'error';
  return { response_type: ephemeral ? 'ephemeral' : 'in_channel', text, blocks };
}

export async function handleSlash(
  desk: Desk,
  log: Logger,
  cmd: SlashCommand,
  ack: Ack,
  respond: Respond,
  ackBudgetMs = ACK_BUDGET_MS,
  inbound: Inbound = createInbound(desk),
): Promise<void> {
  const group = GROUPS.find((g) => g === cmd.command.replace(/^\//, '')) ?? GROUPS[0];
  const ctx = slackContext(desk, cmd);
  // Slack sends & < > as entities (and mentions/links as <…> when the command escapes them): store what was typed
  const text = slackToPlain(cmd.text ?? '');
  const work: Promise<Reply> = inbound.command({ group, text, ...ctx }).catch((err) => {
    // inbound.command promises never to throw; if it does anyway, the user still gets an answer
    log.error({ err, command: cmd.command, text: cmd.text }, 'slack command failed');
    return errorReply('Something went wrong on our side; nothing was changed. Please try again.');
  });
  let timer: NodeJS.Timeout | undefined;
  // ackBudgetMs 0: always ack at once and answer on response_url
  const quick = ackBudgetMs > 0 ? await Promise.race([work, new Promise<undefined>((r) => (timer = setTimeout(() => r(undefined), ackBudgetMs)))]) : undefined;
  clearTimeout(timer);
  if (quick) {
    await ack(toResponse(quick));
    return;
  }
  await ack();
  void work
    .then((reply) => respond(toResponse(reply)))
    .catch((err) => log.warn({ err, command: cmd.command }, 'could not answer on response_url'));
}
