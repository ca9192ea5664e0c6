// The message command Flag as claim (Apps → Flag as claim): a modal prefilled with what the 🚩 reaction would
// file (the text, the claimant the bot would pick, the actors it names); on submit the message is fetched again
// (nothing in the modal is trusted but the typed values) and filed with the same dedupe as the reaction. The
// answer in the channel goes through the outbox as for the reaction; the flagger gets a private confirmation.
import {
  DiscordAPIError, MessageFlags,
  type Client, type MessageContextMenuCommandInteraction, type ModalSubmitInteraction,
} from 'discord.js';
import type { Desk } from '../../core/desk.ts';
import type { FlagResult, Inbound } from '../../core/ports.ts';
import { textReply } from '../../core/reply.ts';
import { formModal, modalId, modalValues } from './components.ts';
import { answerBody, displayName } from './interactions.ts';
import { flagEvent } from './reactions.ts';

const reactorOf = (i: MessageContextMenuCommandInteraction | ModalSubmitInteraction) => ({ key: `discord:${i.user.id}`, name: displayName(i, i.member) });

export async function handleFlagCommand(desk: Desk, i: MessageContextMenuCommandInteraction, inbound: Inbound): Promise<void> {
  const m = i.targetMessage;
  // the bot's own cards, alerts and answers are the ledger talking, not a claim someone made
  if (m.author?.id && m.author.id === i.client.user?.id) {
    await i.reply({ content: 'That is one of my own messages (a card, an alert or an answer); nothing to file. Flag the message that states the claim.', flags: MessageFlags.Ephemeral });
    return;
  }
  const form = inbound.flagForm(flagEvent(m, reactorOf(i)));
  // the modal is the first answer (no deferral can come before it): built from the message Discord sent along
  await i.showModal(formModal(form, modalId({ form: 'flag', channelId: m.channelId, messageId: m.id })));
  desk.log.debug({ message: m.id }, 'Discord flag form opened');
}

/** What the flagger is told, privately. */
export function flagAnswer(r: FlagResult): string {
  const id = r.claim?.id;
  if (r.error) return `Nothing was filed: ${r.error}`;
  if (!r.handled || !id) return 'There is no text in that message to file as a claim; nothing was filed. Write the claim in the form.';
  if (r.repeat) return `You flagged this message before: it is ${id}. Nothing changed.`;
  if (r.created) return `Filed as ${id} (unverified). The answer is posted under the message; /claim status ${id} shows the card.`;
  if (r.linked) return `That matches ${id}, already in the ledger: your flag was added to it.`;
  return `This message was already filed as ${id}; your flag was added to it.`;
}

/** Discord's refusals that mean the message cannot be read any more (deleted, or no access). */
const GONE = new Set([10003, 10008, 50001, 50013]);

export async function submitFlag(client: Client, desk: Desk, i: ModalSubmitInteraction, target: { channelId: string; messageId: string }, inbound: Inbound): Promise<void> {
  // fetching the message and writing the claim may take a while: deferred at once, privately
  await i.deferReply({ flags: MessageFlags.Ephemeral });
  let text: string;
  try {
    const channel = await client.channels.fetch(target.channelId);
    if (!channel || !channel.isTextBased() || !('guildId' in channel) || channel.guildId !== i.guildId) {
      text = 'That message is not in this server any more; nothing was filed.';
    } else {
      const message = await channel.messages.fetch(target.messageId);
      const values = modalValues(i.fields);
      const result = await inbound.flag({ ...flagEvent(message, reactorOf(i)), edits: { text: values.text, by: values.by, about: values.about } });
      text = flagAnswer(result);
    }
  } catch (err) {
    if (err instanceof DiscordAPIError && GONE.has(Number(err.code))) {
      text = 'I could not read that message any more (deleted, or I lack View Channel / Read Message History there); nothing was filed.';
    } else {
      desk.log.error({ err, message: target.messageId }, 'Discord flag form failed');
      text = 'Something went wrong on our side; nothing was filed. Please try again.';
    }
  }
  await i.editReply(answerBody(textReply(text, { ephemeral: true })).body);
}
