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
  hint:
    'Claim ids look like C12. /actor <name> is /actor show name:<name> on Discord. On a claim card or alert, editors pick a ' +
    'status or press Add source; History shows the changes. Any message: Apps → Flag as claim. /claim add with no options opens a form.',
};

export function discordHelp(topic: string | undefined, defs: CommandDef[] = COMMANDS): Reply {
  return renderHelp(topic, defs, DISCORD_HELP);
}
