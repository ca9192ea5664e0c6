// Native slash commands derived from the command definitions (commands/index.ts): one top-level command per
// group (`/claim`, `/actor`) with one subcommand per definition. Discord cannot mix options on the command
// itself with subcommands, so the default `/actor <name>` is the subcommand `/actor show name:<name>`.
import {
  ApplicationCommandOptionType, ApplicationCommandType, InteractionContextType, REST, Routes,
  type APIApplicationCommandBasicOption, type APIApplicationCommandSubcommandOption,
  type RESTPutAPIApplicationCommandsJSONBody,
} from 'discord.js';
import type { Logger } from 'pino';
import { COMMANDS, GROUP_DESCRIPTIONS } from '../../../commands/registry.ts';
import type { CommandDef, OptionDef } from '../../../commands/types.ts';
import { STATUS_META } from '../../core/statuses.ts';
import { STATUSES } from '../../core/types.ts';
import type { DiscordConfig } from './config.ts';

export type SlashCommand = RESTPutAPIApplicationCommandsJSONBody[number];

const text = (s: string, max = 100) => {
  const one = s.replace(/\s+/g, ' ').trim() || '—';
  return one.length <= max ? one : `${one.slice(0, max - 1)}…`;
};

/** Discord option/subcommand names: lower case, 1–32 of letters, digits, `-` and `_`. */
export function discordName(name: string): string {
  return name.toLowerCase().replace(/[^\p{L}\p{N}_-]+/gu, '_').slice(0, 32);
}

function option(o: OptionDef): APIApplicationCommandBasicOption {
  const base = { type: ApplicationCommandOptionType.String as const, name: discordName(o.name), description: text(o.description), required: !!o.required };
  if (o.kind === 'status') {
    return { ...base, choices: STATUSES.map((s) => ({ name: STATUS_META[s]?.label ?? s, value: s })) };
  }
  if (o.kind === 'claim' || o.kind === 'actor') return { ...base, autocomplete: true };
  return base;
}

/** `/claim add` with no options opens a form (a modal), so on Discord its options are all optional. */
export const opensForm = (def: CommandDef) => def.group === 'claim' && def.name === 'add';

function subcommand(def: CommandDef): APIApplicationCommandSubcommandOption {
  // Discord requires the required options before the optional ones.
  const sorted = [...def.options].sort((a, b) => Number(!!b.required) - Number(!!a.required));
  const opts = (opensForm(def) ? sorted.map((o) => ({ ...o, required: false })) : sorted).map(option);
  return { type: ApplicationCommandOptionType.Subcommand, name: discordName(def.name), description: text(def.description), options: opts };
}

/** The registration body: `/claim …` and `/actor …`, guild-only (watch and digest need a channel). */
export function buildSlashCommands(defs: CommandDef[] = COMMANDS): SlashCommand[] {
  const groups = [...new Set(defs.map((d) => d.group))];
  return groups.map((group) => ({
    type: ApplicationCommandType.ChatInput,
    name: group,
    description: text(GROUP_DESCRIPTIONS[group] ?? `/${group} commands`),
    contexts: [InteractionContextType.Guild],
    options: defs.filter((d) => d.group === group).slice(0, 25).map(subcommand),
  }));
}

/** The message context-menu command (Apps → Flag as claim): type 3, no description or options. */
export const FLAG_COMMAND = 'Flag as claim';

export function flagMessageCommand(): SlashCommand {
  return { type: ApplicationCommandType.Message, name: FLAG_COMMAND, contexts: [InteractionContextType.Guild] };
}

/** Everything registered: the slash commands and the message command. */
export function buildCommands(defs: CommandDef[] = COMMANDS): SlashCommand[] {
  return [...buildSlashCommands(defs), flagMessageCommand()];
}

const PLACEHOLDER: Record<OptionDef['kind'], string> = {
  text: 'text', claim: 'id or words', actor: 'name', status: 'status', statuses: 'a, b', url: 'url', list: 'a, b',
};

/** The usage as Discord users type it: `/claim set claim:<id or words> status:<status> [note:<text>]`. */
export function discordUsage(def: CommandDef): string {
  const opts = [...def.options]
    .sort((a, b) => Number(!!b.required) - Number(!!a.required))
    .map((o) => (o.required ? `${discordName(o.name)}:<${PLACEHOLDER[o.kind]}>` : `[${discordName(o.name)}:<${PLACEHOLDER[o.kind]}>]`));
  return [`/${def.group} ${discordName(def.name)}`, ...opts].join(' ');
}

/** The definition behind a Discord subcommand (`/claim status`, `/actor show`). */
export function findDef(group: string, sub: string | null, defs: CommandDef[] = COMMANDS): CommandDef | undefined {
  const inGroup = defs.filter((d) => d.group === group);
  if (!sub) return inGroup.find((d) => d.isDefault);
  return inGroup.find((d) => discordName(d.name) === sub);
}

/**
 * Register (overwrite) the slash commands: in one guild when `guildId` is set (visible at once), else
 * globally (Discord may take a while to show them). Returns what Discord stored.
 */
export async function registerCommands(config: DiscordConfig, log: Logger, rest?: REST): Promise<unknown[]> {
  const api = rest ?? new REST({ ...(config.apiUrl ? { api: config.apiUrl } : {}) }).setToken(config.token);
  const route = config.guildId
    ? Routes.applicationGuildCommands(config.applicationId, config.guildId)
    : Routes.applicationCommands(config.applicationId);
  const body = buildCommands();
  const stored = (await api.put(route, { body })) as unknown[];
  log.info({ commands: body.map((c) => c.name), guild: config.guildId ?? 'global' }, 'Discord slash commands and the message command registered');
  return stored;
}
