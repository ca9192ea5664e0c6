// /claim help on Discord: the same commands as everywhere, shown the way Discord users type them
// (`/claim set claim:<id or words> status:<status>`) instead of the text form of Slack and the console.
import { COMMANDS } from '../../../commands/index.ts';
import type { CommandDef } from '../../../commands/types.ts';
import type { Reply } from '../../core/reply.ts';
import { STATUS_WORDS } from '../../core/statuses.ts';
import { discordUsage } from './commands.ts';

const editors = (d: CommandDef) => (d.editorOnly ? ' (editors only)' : '');

export function discordHelp(topic: string | undefined, defs: CommandDef[] = COMMANDS): Reply {
  const asked = topic?.toLowerCase().trim().replace(/^\//, '');
  // `actor` or `claim`: that group's commands
  const group = asked === 'actor' || asked === 'claim' ? defs.filter((d) => d.group === asked) : undefined;
  if (group) return { kind: 'list', title: `/${asked} commands`, items: group.map((d) => ({ text: `${discordUsage(d)} — ${d.description}${editors(d)}` })), ephemeral: true };
  const t = asked?.replace(/^(claim|actor)\s+/, '');
  const one = t ? defs.find((d) => d.name === t || `${d.group} ${d.name}` === t) : undefined;
  if (one) {
    return {
      kind: 'card',
      title: discordUsage(one),
      text: one.description + editors(one),
      fields: one.options.map((o) => ({ name: `${o.name}${o.required ? ' (required)' : ''}`, value: o.description })),
      ephemeral: true,
    };
  }
  return {
    kind: 'list',
    title: 'claimdesk commands',
    ...(t ? { text: `"${t}" is not a command; here are all of them.` } : {}),
    items: defs.map((d) => ({ text: `${discordUsage(d)} — ${d.description}${editors(d)}` })),
    footer: `Statuses: ${STATUS_WORDS}. Claim ids look like C12. /actor <name> is /actor show name:<name> on Discord.`,
    ephemeral: true,
  };
}
