// The command registry: every command definition, in the order help lists them. Adapters derive their
// commands (slash commands, native subcommands, typed lines) and the group names from it.
import { command as actorAdd } from './actor-add.ts';
import { command as actorShow } from './actor-show.ts';
import { command as claimAdd } from './claim-add.ts';
import { command as claimDigest } from './claim-digest.ts';
import { helpCommand } from './claim-help.ts';
import { command as claimHistory } from './claim-history.ts';
import { command as claimList } from './claim-list.ts';
import { command as claimSet } from './claim-set.ts';
import { command as claimSource } from './claim-source.ts';
import { command as claimStatus } from './claim-status.ts';
import { command as claimUnwatch } from './claim-unwatch.ts';
import { command as claimWatch } from './claim-watch.ts';
import type { CommandDef, Group } from './types.ts';

export const claimHelp: CommandDef = helpCommand(() => COMMANDS);

export const COMMANDS: CommandDef[] = [
  claimStatus,
  claimAdd,
  claimSet,
  claimSource,
  claimHistory,
  claimList,
  claimWatch,
  claimUnwatch,
  claimDigest,
  claimHelp,
  actorShow,
  actorAdd,
];

/** What each top-level command is for (platforms with native commands show it next to the command). */
export const GROUP_DESCRIPTIONS: Record<Group, string> = {
  claim: 'Fact-check ledger: look up, file, rate and watch claims',
  actor: 'People and organisations who make claims, and their record',
};

/** The top-level commands (`/claim`, `/actor`), in registry order. */
export const GROUPS: Group[] = [...new Set(COMMANDS.map((d) => d.group))];

export function isGroup(name: string): name is Group {
  return (GROUPS as string[]).includes(name);
}

export function findCommand(group: Group, sub: string): CommandDef | undefined {
  return COMMANDS.find((d) => d.group === group && d.name === sub.toLowerCase());
}

/** The command run when no subcommand word matches (`/actor Stephen Miller`). */
export function defaultCommand(group: Group): CommandDef | undefined {
  return COMMANDS.find((d) => d.group === group && d.isDefault);
}
