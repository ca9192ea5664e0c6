// The DeliveryPort for Discord: alerts, digests and flag answers posted to channels through the client's
// REST manager (which waits out 429s itself). Errors are sorted into "retry later" and "give up".
// A claim's follow-up alerts go into a thread started from its first alert in the channel (Discord gives the
// thread the id of that message); a flag answer replies to the flagged message. edit() replaces a message
// posted before: the dispatcher uses it to show the current status on a thread's first alert.
import { DiscordAPIError, HTTPError, RateLimitError, Routes, type REST } from 'discord.js';
import type { Logger } from 'pino';
import type { ChannelRef } from '../../core/types.ts';
import { PermanentDeliveryError, RetryableDeliveryError, type DeliveryPort, type Outbound } from '../../core/ports.ts';
import type { Reply } from '../../core/reply.ts';
import { renderReply, stripControl } from './render.ts';

/** Discord error codes after which retrying the same post cannot help. */
const PERMANENT_CODES = new Map<number, string>([
  [10003, 'unknown channel'],
  [10004, 'unknown guild'],
  [10008, 'unknown message'],
  [50001, 'missing access to the channel'],
  [50005, 'the message was not posted by the bot'],
  [50013, 'missing permissions to post in the channel'],
  [50035, 'Discord refused the message body'],
  [50007, 'cannot message this user'],
]);

const THREAD_EXISTS = 160004; // "A thread has already been created for this message"
const THREAD_ARCHIVED = 50083; // "Operation cannot be performed on an archived thread"
/** Starting the thread failed for a reason a plain reply avoids: no such message any more, no Create Public Threads, not a text channel. */
const NO_THREAD = new Set([10008, 50001, 50013, 50024, 160005]);

const codeOf = (err: unknown) => (err instanceof DiscordAPIError ? (typeof err.code === 'number' ? err.code : Number(err.code)) : undefined);

export function deliveryError(err: unknown, channelId: string): Error {
  if (err instanceof DiscordAPIError) {
    const code = codeOf(err)!;
    const why = PERMANENT_CODES.get(code);
    if (why || err.status === 403 || err.status === 404) {
      return new PermanentDeliveryError(`Discord channel ${channelId}: ${why ?? err.message} (${err.status}/${err.code})`);
    }
    return new RetryableDeliveryError(`Discord channel ${channelId}: ${err.message} (${err.status}/${err.code})`);
  }
  if (err instanceof RateLimitError) {
    return new RetryableDeliveryError(`Discord rate limit on ${err.route}`, err.retryAfter);
  }
  if (err instanceof HTTPError) return new RetryableDeliveryError(`Discord HTTP ${err.status} on channel ${channelId}`);
  return new RetryableDeliveryError(`Discord unreachable: ${err instanceof Error ? err.message : String(err)}`);
}

/** A thread's name (plain text, ≤ 100 characters): the claim id and its text. */
export function threadName(r: Reply): string {
  const one = (s: string) => stripControl(s).replace(/\s+/g, ' ').trim();
  const name = one(r.actions ? `${r.actions.claimId}: ${r.text ?? r.title ?? ''}` : (r.title ?? r.text ?? 'claimdesk'));
  return [...name].length <= 100 ? name || 'claimdesk' : `${[...name].slice(0, 99).join('')}…`;
}

function body(reply: Reply) {
  const { content, embeds, allowed_mentions, components } = renderReply(reply);
  return { content, embeds, allowed_mentions, components };
}

export function discordDelivery(rest: REST, log?: Logger): DeliveryPort {
  /** first alerts whose thread exists (this process has made or found it): posted into without asking again */
  const threads = new Set<string>();
  const post = async (channelId: string, b: object) => ((await rest.post(Routes.channelMessages(channelId), { body: b })) as { id: string }).id;

  /** Post in the thread of the first alert `root`, starting it the first time; undefined: no thread can be had, reply instead. */
  async function inThread(channel: string, root: string, reply: Reply): Promise<string | undefined> {
    if (!threads.has(root)) {
      try {
        await rest.post(Routes.threads(channel, root), { body: { name: threadName(reply), auto_archive_duration: 10080 } });
      } catch (err) {
        const code = codeOf(err);
        if (code !== THREAD_EXISTS) {
          if (code === undefined || !NO_THREAD.has(code)) throw err;
          log?.warn({ channel, root, code }, 'could not start a thread from the first alert; replying to it instead');
          return undefined;
        }
      }
      threads.add(root);
    }
    try {
      return await post(root, body(reply));
    } catch (err) {
      const code = codeOf(err);
      if (code === THREAD_ARCHIVED) {
        // an archived thread (after a week without messages) is reopened for the new alert; a locked one the bot
        // may not reopen gets a reply in the channel instead
        try {
          await rest.patch(Routes.channel(root), { body: { archived: false } });
        } catch (e) {
          const c = codeOf(e);
          if (c === undefined || (!NO_THREAD.has(c) && c !== THREAD_ARCHIVED)) throw e;
          log?.warn({ channel, root, code: c }, 'could not reopen the thread of the first alert; replying to it instead');
          return undefined;
        }
        return post(root, body(reply));
      }
      if (code === 10003) {
        // the thread was deleted: a reply in the channel still reaches its readers
        threads.delete(root);
        return undefined;
      }
      throw err;
    }
  }

  return {
    platform: 'discord',
    async deliver(msg: Outbound): Promise<{ ref: string }> {
      const channel = msg.channel.channel;
      try {
        if (msg.threadRef && msg.kind === 'alert') {
          const ref = await inThread(channel, msg.threadRef, msg.reply);
          if (ref) return { ref };
        }
        // a flag answer (or a follow-up that could not have its thread) replies; a deleted original must not block the post
        const reference = msg.threadRef ? { message_reference: { message_id: msg.threadRef, channel_id: channel, fail_if_not_exists: false } } : {};
        return { ref: await post(channel, { ...body(msg.reply), ...reference }) };
      } catch (err) {
        throw deliveryError(err, channel);
      }
    },
    async edit(channel: ChannelRef, ref: string, reply: Reply): Promise<void> {
      try {
        await rest.patch(Routes.channelMessage(channel.channel, ref), { body: body(reply) });
      } catch (err) {
        throw deliveryError(err, channel.channel);
      }
    },
  };
}
