// /claim help on Discord: the shared help renderer (commands/help.ts) with the commands shown the way Discord
// users type them (`/claim set claim:<id or words> status:<status>`), as a list or a card.
import { renderHelp } from '../../../commands/help.ts';
import { COMMANDS } from '../../../commands/registry.ts';
import type { CommandDef, HelpForm } from '../../../commands/types.ts';
import type { Reply } from '../../core/reply.ts';
import { discordUsage } from './commands.ts';

export const DISCORD_HELP: HelpForm = {
  usage: discordUsage,
  layout: 'cards',
  // what the card controls, Flag as claim and the add form do is said by the platform rows (Platform.adds)
  hint: 'Claim ids look like C12. /actor <name> is /actor show name:<name> on Discord.',
};

/** `notes`: what the platforms add (DeskSettings.helpNotes; the bot passes them through /claim help) */
export function discordHelp(topic: string | undefined, defs: CommandDef[] = COMMANDS, notes: string[] = []): Reply {
  return renderHelp(topic, defs, DISCORD_HELP, notes);
}
