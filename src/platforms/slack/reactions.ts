// Reaction flagging: reaction_added with the flag emoji → fetch the message and its permalink → inbound.flag.
// flagEventOf is shared with the Flag as claim message shortcut (flag-shortcut.ts).
// The core files the claim and queues the thread answer; the dispatcher posts it through SlackDelivery.
import type { Logger } from 'pino';
import type { webApi } from '@slack/bolt';
import type { FlagEvent, Inbound } from '../../core/ports.ts';
import { isFlagEmoji } from '../flag-emoji.ts';
import { mentionedUsers, slackToPlain } from './markup.ts';
import { threadParent, type ThreadRoots } from './threads.ts';
import { slackErrorCode } from './open-modal.ts';

type WebClient = InstanceType<typeof webApi.WebClient>;

export interface ReactionEvent {
  user: string;
  reaction: string;
  item: { type: string; channel?: string; ts?: string };
}

export interface SlackMessage {
  ts?: string;
  text?: string;
  user?: string;
  bot_id?: string;
  username?: string;
  thread_ts?: string;
}

/** What turning a Slack message into a FlagEvent needs (the 🚩 reaction and the Flag as claim shortcut). */
export interface FlagDeps {
  inbound: Inbound;
  client: WebClient;
  log: Logger;
  botUserId: string;
  botId?: string;
  /** the bot's Slack name (auth.test `user`), for the `/invite @…` hint */
  botName?: string;
  /** filled here for flagged thread replies, read by SlackDelivery */
  threadRoots: ThreadRoots;
  /** channel id → `#name`, learned from slash commands */
  channelNames: Map<string, string>;
}

export interface ReactionDeps extends FlagDeps {
  /** FLAG_EMOJI */
  flagEmoji: string;
}

/**
 * The FlagEvent of message `ts` in `channel`, flagged by `flagger`: the permalink (which also tells a thread reply),
 * the message (read from Slack unless `given`, as a message shortcut's payload carries it), names for mentions,
 * author, flagger and channel. `{ why }`: Slack would not let the bot read it (tell the flagger); `{}`: nothing to
 * flag (not found, or the bot's own post).
 */
export async function flagEventOf(
  deps: FlagDeps,
  teamId: string,
  channel: string,
  ts: string,
  flagger: string,
  given?: SlackMessage,
): Promise<{ event?: FlagEvent; why?: string }> {
  const { client, log } = deps;
  let link: { permalink?: string };
  let message: SlackMessage | undefined;
  try {
    // The permalink tells us whether the message is a thread reply (…?thread_ts=<parent>): the event does not.
    link = await client.chat.getPermalink({ channel, message_ts: ts });
    const parent = threadParent(link.permalink);
    message = given ?? (await fetchMessage(client, channel, ts, parent && parent !== ts ? parent : undefined));
  } catch (err) {
    const why = CANNOT_READ[slackErrorCode(err)];
    if (!why) throw err;
    log.warn({ channel, ts, err: (err as Error).message }, 'cannot read the flagged message');
    return { why: why(channel, deps.botName ?? 'claimdesk') };
  }
  if (!message) {
    log.warn({ channel, ts }, 'flagged message not found (is the bot in the channel?)');
    return {};
  }
  if ((deps.botId && message.bot_id === deps.botId) || message.user === deps.botUserId) return {}; // our own posts are not claims
  const raw = message.text ?? '';
  const mentioned = new Map<string, string>();
  for (const id of mentionedUsers(raw)) mentioned.set(id, await userName(client, id));
  // the claim is what readers saw: names for mentions, link labels and urls, no Slack markup or entities
  // (an empty text still goes to the core, which answers that there is nothing to file)
  const text = slackToPlain(raw, (id) => mentioned.get(id)).trim();
  const root = message.thread_ts && message.thread_ts !== ts ? message.thread_ts : undefined;
  if (root) deps.threadRoots.remember(ts, root);

  const authorId = message.user ?? message.bot_id ?? 'unknown';
  const [authorName, flaggerName] = await Promise.all([
    message.user ? userName(client, message.user) : Promise.resolve(message.username ?? authorId),
    userName(client, flagger),
  ]);
  const name = await channelName(deps, channel);
  return {
    event: {
      channel: { platform: 'slack', workspace: teamId, channel, ...(name ? { name } : {}) },
      messageId: ts,
      reactor: { key: `slack:${flagger}`, name: flaggerName },
      message: { text, authorKey: `slack:${authorId}`, authorName, link: link.permalink ?? '', at: tsTime(ts) },
    },
  };
}

export async function handleReaction(deps: ReactionDeps, teamId: string, ev: ReactionEvent): Promise<void> {
  if (!isFlagEmoji(ev.reaction, deps.flagEmoji)) return;
  if (ev.user === deps.botUserId) return; // our own reactions never flag
  const channel = ev.item.channel;
  const ts = ev.item.ts;
  if (ev.item.type !== 'message' || !channel || !ts) return;
  const { event, why } = await flagEventOf(deps, teamId, channel, ts, ev.user);
  // The flagger would otherwise hear nothing: tell them why, and how to fix it.
  if (why) await tellFlagger(deps, ev.user, channel, why);
  if (event) await deps.inbound.flag(event);
}

/** When a message was posted: a Slack ts is seconds.microseconds since 1970 (undefined for anything else). */
export function tsTime(ts: string): string | undefined {
  const m = /^(\d{9,11})\.(\d{1,6})$/.exec(ts);
  if (!m) return undefined;
  const ms = Number(m[1]) * 1000 + Math.floor(Number(m[2].padEnd(6, '0')) / 1000);
  return Number.isFinite(ms) ? new Date(ms).toISOString() : undefined;
}

/** Slack errors that mean "the bot cannot read that channel", with what to tell the person who flagged. */
const CANNOT_READ: Record<string, (channel: string, bot: string) => string> = {
  not_in_channel: (c, bot) => `I could not file the message you flagged in <#${c}>: I am not in that channel. Invite me with \`/invite @${bot}\` there, then flag it again.`,
  channel_not_found: (c, bot) => `I could not file the message you flagged in <#${c}>: I cannot see that channel. Invite me with \`/invite @${bot}\` there, then flag it again.`,
  missing_scope: (c) => `I could not file the message you flagged in <#${c}>: this app may not read that kind of conversation. Ask a workspace admin to reinstall claimdesk from slack/manifest.yml.`,
};

/** An ephemeral note in the channel when Slack lets us post one there, else a direct message from the app. */
export async function tellFlagger(deps: FlagDeps, user: string, channel: string, text: string): Promise<void> {
  try {
    await deps.client.chat.postEphemeral({ channel, user, text });
    return;
  } catch {
    // not_in_channel again, most likely: the app's DM with the user always works with chat:write
  }
  await deps.client.chat.postMessage({ channel: user, text }).catch((err: unknown) => {
    deps.log.warn({ user, err: err instanceof Error ? err.message : String(err) }, 'could not tell the flagger why the flag failed');
  });
}

/** A parent message from the history, a thread reply from its thread. */
async function fetchMessage(client: WebClient, channel: string, ts: string, parent?: string): Promise<SlackMessage | undefined> {
  if (!parent) {
    const h = await client.conversations.history({ channel, latest: ts, inclusive: true, limit: 1 });
    const m = (h.messages as SlackMessage[] | undefined)?.find((x) => x.ts === ts);
    if (m) return m;
  }
  const r = await client.conversations.replies({ channel, ts: parent ?? ts, latest: ts, oldest: ts, inclusive: true, limit: 2 });
  return (r.messages as SlackMessage[] | undefined)?.find((x) => x.ts === ts);
}

/** `#name` of a channel (conversations.info, needs channels:read / groups:read), cached; undefined for DMs or when not allowed. */
async function channelName(deps: FlagDeps, channel: string): Promise<string | undefined> {
  const hit = deps.channelNames.get(channel);
  if (hit) return hit;
  try {
    const res = await deps.client.conversations.info({ channel });
    const c = res.channel as { name?: string; is_im?: boolean } | undefined;
    if (!c?.name || c.is_im) return undefined;
    deps.channelNames.set(channel, `#${c.name}`);
    return `#${c.name}`;
  } catch {
    return undefined;
  }
}

const names = new Map<string, string>();

/** Display name via users.info (needs users:read); the user id when that is not possible. */
async function userName(client: WebClient, id: string): Promise<string> {
  const hit = names.get(id);
  if (hit) return hit;
  try {
    const res = await client.users.info({ user: id });
    const u = res.user as { name?: string; real_name?: string; profile?: { display_name?: string; real_name?: string } } | undefined;
    const name = u?.profile?.display_name || u?.real_name || u?.profile?.real_name || u?.name || id;
    names.set(id, name);
    return name;
  } catch {
    return id;
  }
}
