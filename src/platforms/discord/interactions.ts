// Slash commands and autocomplete: turn a discord.js interaction into inbound.command()/suggest() calls and
// answer within Discord's 3-second deadline (deferring writes, which wait for the store to be durable).
import {
  MessageFlags, Routes,
  type AutocompleteInteraction, type BaseInteraction, type ChatInputCommandInteraction, type Client,
  type APIInteractionGuildMember, type GuildMember, type RepliableInteraction,
} from 'discord.js';
import { isGroup } from '../../../commands/index.ts';
import { createInbound } from '../../../commands/inbound.ts';
import type { Input } from '../../../commands/types.ts';
import type { Desk } from '../../core/desk.ts';
import { isListedEditor } from '../../core/permissions.ts';
import type { CommandRequest, Inbound } from '../../core/ports.ts';
import { errorReply, type Reply } from '../../core/reply.ts';
import { discordUsage, findDef, opensForm } from './commands.ts';
import { formModal, modalId } from './components.ts';
import { DISCORD_HELP } from './help.ts';
import { renderReply } from './render.ts';

export interface InteractionOptions {
  /** a quick command still running after this long is deferred (Discord allows 3 s) */
  deferAfterMs: number;
  /** DISCORD_EDITOR_ROLE (default `Editor`; empty: EDITORS only) */
  editorRole?: string;
  /** the core's way in (default: built for the desk) */
  inbound?: Inbound;
}

export type DiscordCaller = Pick<CommandRequest, 'user' | 'channel' | 'helpForm'>;

/** Editor on Discord: listed in EDITORS, or holding the editor role (by name, any case). */
export function hasEditorRole(roles: string[], editorRole: string): boolean {
  const role = editorRole.trim().toLowerCase();
  return !!role && roles.some((r) => r.toLowerCase() === role);
}

type Member = GuildMember | APIInteractionGuildMember | null;

export function displayName(i: { user: { username: string; globalName: string | null } }, member: Member): string {
  if (member && 'displayName' in member) return member.displayName;
  return (member as APIInteractionGuildMember | null)?.nick ?? i.user.globalName ?? i.user.username;
}

/** Role names of the member: from the guild cache, or from the API when the guild is not cached. */
async function roleNames(client: Client, guildId: string | null, member: Member): Promise<string[]> {
  if (!member || !guildId) return [];
  if ('displayName' in member) return member.roles.cache.map((r) => r.name);
  const ids = member.roles;
  const cached = client.guilds.cache.get(guildId)?.roles.cache;
  if (cached && ids.every((id) => cached.has(id))) return ids.map((id) => cached.get(id)!.name);
  const roles = (await client.rest.get(Routes.guildRoles(guildId))) as { id: string; name: string }[];
  return roles.filter((r) => ids.includes(r.id)).map((r) => r.name);
}

/** Who asks and where, for any interaction (commands, buttons, modals): the editor check is the same for all. */
export async function commandContext(client: Client, desk: Desk, i: BaseInteraction, editorRole = 'Editor'): Promise<DiscordCaller> {
  const key = `discord:${i.user.id}`;
  let editor = isListedEditor(desk.settings, key);
  if (!editor && editorRole.trim()) {
    const roles = await roleNames(client, i.guildId, i.member).catch((err) => {
      desk.log.warn({ err, guild: i.guildId }, 'could not read the member roles; treating as non-editor');
      return [] as string[];
    });
    editor = hasEditorRole(roles, editorRole);
  }
  const channelName = i.channel && 'name' in i.channel && i.channel.name ? `#${i.channel.name}` : undefined;
  return {
    user: { key, name: displayName(i, i.member), isEditor: editor },
    channel: { platform: 'discord', workspace: i.guildId ?? 'dm', channel: i.channelId ?? '', ...(channelName ? { name: channelName } : {}) },
    helpForm: DISCORD_HELP,
  };
}

/** The subcommand's options as the command definitions name them (all our options are strings). */
function inputOf(i: ChatInputCommandInteraction | AutocompleteInteraction): { sub: string | null; input: Input; focused?: string } {
  const top = i.options.data[0];
  const isSub = top?.type === 1;
  const opts = isSub ? (top.options ?? []) : i.options.data;
  const input: Input = {};
  let focused: string | undefined;
  for (const o of opts) {
    if (o.value !== undefined && o.value !== null) input[o.name] = String(o.value);
    if (o.focused) focused = o.name;
  }
  return { sub: isSub ? top.name : null, input, focused };
}

/** A rendered reply as discord.js takes it for interaction answers (no pings; components: the card's controls). */
export function answerBody(reply: Reply) {
  const msg = renderReply(reply, { interaction: true });
  return { body: { content: msg.content, embeds: msg.embeds, components: msg.components, allowedMentions: { parse: [], repliedUser: false } }, ephemeral: !!msg.flags };
}

/** Answer once: directly, or after a deferral (public edit, or a private follow-up in place of the placeholder). */
export async function answer(i: RepliableInteraction, reply: Reply, deferred: boolean): Promise<void> {
  const { body, ephemeral } = answerBody(reply);
  if (!deferred) {
    await i.reply({ ...body, ...(ephemeral ? { flags: MessageFlags.Ephemeral } : {}) });
  } else if (ephemeral) {
    // A deferred answer cannot become ephemeral: drop the placeholder and answer privately.
    await i.deleteReply().catch(() => undefined);
    await i.followUp({ ...body, flags: MessageFlags.Ephemeral });
  } else {
    await i.editReply(body);
  }
}

export async function handleChatInput(client: Client, desk: Desk, i: ChatInputCommandInteraction, opts: InteractionOptions): Promise<void> {
  const group = i.commandName;
  const { sub, input } = inputOf(i);
  const def = isGroup(group) ? findDef(group, sub) : undefined;
  if (!def || !isGroup(group)) {
    await answer(i, errorReply(`Unknown command /${group}${sub ? ` ${sub}` : ''}. Try /claim help.`), false);
    return;
  }
  // `/claim add` with nothing filled in opens the add form: a modal must be the first answer, so it goes at once
  // (the form's submission is checked like the command: commands/actions.ts).
  if (opensForm(def) && Object.keys(input).length === 0) {
    await i.showModal(formModal((opts.inbound ?? createInbound(desk)).addForm(), modalId({ form: 'add', context: {} })));
    return;
  }
  // Discord's 3 s run from receipt, and building the context may ask the API for the member's roles (guild not
  // cached): the deferral timer starts now, not after that lookup.
  let deferring: Promise<unknown> | undefined;
  const defer = () => (deferring ??= i.deferReply());
  const timer = setTimeout(() => void defer().catch((err) => desk.log.warn({ err }, 'defer failed')), opts.deferAfterMs);
  let reply: Reply;
  try {
    let ctx: DiscordCaller | undefined;
    try {
      ctx = await commandContext(client, desk, i, opts.editorRole);
    } catch (err) {
      desk.log.error({ err, group, sub }, 'could not build the Discord command context');
    }
    if (!ctx) {
      reply = errorReply('Something went wrong on our side; nothing was changed. Please try again.');
    } else {
      // A command that only reads memory is answered directly; one that writes waits for fsync: deferred.
      // A refusal is immediate and private: do not show a public "thinking…" first.
      const quick = !!def.readOnly || (!!def.editorOnly && !ctx.user.isEditor);
      if (!quick) await defer();
      reply = await (opts.inbound ?? createInbound(desk)).command({ group, sub: def.name, options: input, ...ctx });
    }
  } catch (err) {
    desk.log.error({ err, group, sub }, 'Discord command failed');
    reply = errorReply('Something went wrong on our side; nothing was changed. Please try again.');
  } finally {
    clearTimeout(timer);
  }
  // The shared usage is the text form (`/claim set <id> <status>`); Discord users fill in named options.
  if (reply.kind === 'error' && reply.usage) reply = { ...reply, usage: discordUsage(def) };
  if (deferring) await deferring.catch(() => undefined);
  await answer(i, reply, i.deferred);
}

export async function handleAutocomplete(inbound: Inbound, i: AutocompleteInteraction): Promise<void> {
  const group = i.commandName;
  const { sub, input, focused } = inputOf(i);
  const def = findDef(group, sub);
  const opt = def?.options.find((o) => o.name === focused);
  const kind = opt?.kind === 'claim' || opt?.kind === 'actor' ? opt.kind : undefined;
  const choices = kind ? inbound.suggest(kind, input[focused!] ?? '') : [];
  await i.respond(
    choices.slice(0, 25).map((c) => ({
      name: c.name.length > 100 ? `${c.name.slice(0, 99)}…` : c.name || c.value,
      value: c.value.slice(0, 100),
    })),
  );
}
