// Every interaction Discord sends, to its handler: slash commands and autocomplete (interactions.ts), the
// buttons and select on claim cards and the modals they open (card-actions.ts), the message command Flag as
// claim and its modal (flag-command.ts).
import type { Client, Interaction } from 'discord.js';
import { createInbound } from '../../../commands/inbound.ts';
import type { Desk } from '../../core/desk.ts';
import { handleComponent, handleModalSubmit } from './card-actions.ts';
import { handleFlagCommand } from './flag-command.ts';
import { handleAutocomplete, handleChatInput, type InteractionOptions } from './interactions.ts';

export function onInteraction(client: Client, desk: Desk, opts: InteractionOptions) {
  const inbound = opts.inbound ?? createInbound(desk);
  const o = { ...opts, inbound };
  return async (i: Interaction): Promise<void> => {
    try {
      if (i.isAutocomplete()) await handleAutocomplete(inbound, i);
      else if (i.isChatInputCommand()) await handleChatInput(client, desk, i, o);
      else if (i.isMessageContextMenuCommand()) await handleFlagCommand(desk, i, inbound);
      else if (i.isMessageComponent()) await handleComponent(client, desk, i, o);
      else if (i.isModalSubmit()) await handleModalSubmit(client, desk, i, o);
    } catch (err) {
      // The interaction token may have expired or Discord refused the answer; nothing else to do.
      desk.log.warn({ err, interaction: i.id }, 'could not answer a Discord interaction');
    }
  };
}
