// Reaction flagging: the flag emoji on a message files it as a claim (inbound.flag queues the answer, sent as
// a reply to the message, and the alerts). Messages, channels and reactions may be uncached partials.
import {
  DiscordAPIError, Routes,
  type Client, type Message, type MessageReaction, type PartialMessage, type PartialMessageReaction, type PartialUser, type User,
} from 'discord.js';
import type { Desk } from '../../core/desk.ts';
import type { FlagEvent, Inbound } from '../../core/ports.ts';
import { isFlagEmoji as isNamedFlagEmoji } from '../flag-emoji.ts';
import { NO_MENTIONS } from './render.ts';

/** Discord refusals that mean "the bot may not read that channel's messages". */
const CANNOT_READ = new Set([50001, 50013]);

/** Tell the flagger privately why nothing happened (they would otherwise hear nothing). */
async function tellReactor(client: Client, desk: Desk, userId: string, channelId: string): Promise<void> {
  const content =
    `I could not file the message you flagged in <#${channelId}>: I may not read that channel's messages. ` +
    'Ask a server admin to give claimdesk the View Channel and Read Message History permissions there, then flag it again.';
  try {
    const dm = (await client.rest.post(Routes.userChannels(), { body: { recipient_id: userId } })) as { id: string };
    await client.rest.post(Routes.channelMessages(dm.id), { body: { content, allowed_mentions: NO_MENTIONS } });
  } catch (err) {
    desk.log.warn({ err, user: userId }, 'could not tell the flagger why the flag failed (DMs closed?)');
  }
}

/** Does the reaction's emoji match the configured flag (unicode, shortcode, custom `name` or `<:name:id>`)? */
export function isFlagEmoji(emoji: { id: string | null; name: string | null }, configured: string): boolean {
  if (emoji.name && isNamedFlagEmoji(emoji.name, configured)) return true;
  const custom = /^<a?:(\w+):(\d+)>$/.exec(configured.trim());
  return !!custom && (emoji.id === custom[2] || emoji.name === custom[1]);
}

/** Discord snowflakes count milliseconds since 2015-01-01T00:00:00Z in their upper bits. */
const EPOCH = 1_420_070_400_000n;

/** When a message was posted, read from its snowflake id (undefined for anything else). */
export function snowflakeTime(id: string): string | undefined {
  if (!/^\d{15,20}$/.test(id)) return undefined;
  const ms = Number((BigInt(id) >> 22n) + EPOCH);
  return Number.isFinite(ms) ? new Date(ms).toISOString() : undefined;
}

export function messageLink(guildId: string | null, channelId: string, messageId: string): string {
  return `https://discord.com/channels/${guildId ?? '@me'}/${channelId}/${messageId}`;
}

/** The FlagEvent of a message (fetched: not partial), flagged by `reactor`. */
export function flagEvent(message: Message | PartialMessage, reactor: FlagEvent['reactor']): FlagEvent {
  const guildId = message.guildId;
  const author = message.author!;
  const authorMember = guildId ? (message.guild?.members.cache.get(author.id) ?? message.member) : undefined;
  const channel = message.channel as { name?: string } | null;
  const channelName = channel && 'name' in channel && channel.name ? `#${channel.name}` : undefined;
  return {
    channel: { platform: 'discord', workspace: guildId ?? 'dm', channel: message.channelId, ...(channelName ? { name: channelName } : {}) },
    messageId: message.id,
    reactor,
    message: {
      text: message.content ?? '',
      authorKey: `discord:${author.id}`,
      authorName: authorMember?.displayName ?? author.globalName ?? author.username,
      link: messageLink(guildId, message.channelId, message.id),
      at: snowflakeTime(message.id),
    },
  };
}

export function onReaction(client: Client, desk: Desk, inbound: Inbound, flagEmoji: string) {
  return async (reaction: MessageReaction | PartialMessageReaction, user: User | PartialUser): Promise<void> => {
    try {
      if (user.id === client.user?.id) return; // the bot's own reactions
      if (!isFlagEmoji(reaction.emoji, flagEmoji)) return;
      let message;
      try {
        message = reaction.message.partial ? await reaction.message.fetch() : reaction.message;
      } catch (err) {
        if (!(err instanceof DiscordAPIError && CANNOT_READ.has(Number(err.code)))) throw err;
        desk.log.warn({ channel: reaction.message.channelId, err: err.message }, 'cannot read the flagged message');
        await tellReactor(client, desk, user.id, reaction.message.channelId);
        return;
      }
      const reactor = user.partial ? await user.fetch() : user;
      const member = message.guildId ? message.guild?.members.cache.get(reactor.id) : undefined;
      const result = await inbound.flag(flagEvent(message, { key: `discord:${reactor.id}`, name: member?.displayName ?? reactor.globalName ?? reactor.username }));
      desk.log.debug({ message: message.id, claim: result.claim?.id, created: result.created }, 'Discord flag handled');
    } catch (err) {
      desk.log.warn({ err, message: reaction.message.id }, 'could not flag a Discord message');
    }
  };
}
