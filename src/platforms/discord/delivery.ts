// The DeliveryPort for Discord: alerts, digests and flag answers posted to channels through the client's
// REST manager (which waits out 429s itself). Errors are sorted into "retry later" and "give up".
import { DiscordAPIError, HTTPError, RateLimitError, Routes, type REST } from 'discord.js';
import { PermanentDeliveryError, RetryableDeliveryError, type DeliveryPort, type Outbound } from '../../core/ports.ts';
import { renderReply } from './render.ts';

/** Discord error codes after which retrying the same post cannot help. */
const PERMANENT_CODES = new Map<number, string>([
  [10003, 'unknown channel'],
  [10004, 'unknown guild'],
  [50001, 'missing access to the channel'],
  [50013, 'missing permissions to post in the channel'],
  [50035, 'Discord refused the message body'],
  [50007, 'cannot message this user'],
]);

export function deliveryError(err: unknown, channelId: string): Error {
  if (err instanceof DiscordAPIError) {
    const code = typeof err.code === 'number' ? err.code : Number(err.code);
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

export function discordDelivery(rest: REST): DeliveryPort {
  return {
    platform: 'discord',
    async deliver(msg: Outbound): Promise<{ ref: string }> {
      const { content, embeds, allowed_mentions } = renderReply(msg.reply);
      const body = {
        content,
        embeds,
        allowed_mentions,
        // follow-ups reply to the first alert; a deleted original must not block the post
        ...(msg.threadRef ? { message_reference: { message_id: msg.threadRef, channel_id: msg.channel.channel, fail_if_not_exists: false } } : {}),
      };
      try {
        const res = (await rest.post(Routes.channelMessages(msg.channel.channel), { body })) as { id: string };
        return { ref: res.id };
      } catch (err) {
        throw deliveryError(err, msg.channel.channel);
      }
    },
  };
}
