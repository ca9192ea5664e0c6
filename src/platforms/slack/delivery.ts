// DeliveryPort for Slack: chat.postMessage with blocks + fallback text, threaded when asked; edit() is
// chat.update (the dispatcher refreshes a claim's first alert with it after a follow-up).
// Slack's errors are mapped onto the outbox's two kinds: worth retrying later, or never going to work.
import { webApi, type types } from '@slack/bolt';
import type { Logger } from 'pino';
import { PermanentDeliveryError, RetryableDeliveryError, type DeliveryPort, type Outbound } from '../../core/ports.ts';
import type { ChannelRef } from '../../core/types.ts';
import type { Reply } from '../../core/reply.ts';
import { renderSlack } from './render.ts';
import { ThreadRoots } from './threads.ts';

type WebClient = InstanceType<typeof webApi.WebClient>;

/** Platform errors a later retry can get past; every other `ok: false` answer will not change. */
const TRANSIENT = new Set(['ratelimited', 'rate_limited', 'internal_error', 'fatal_error', 'service_unavailable', 'request_timeout', 'team_added_to_org']);

export function mapSlackError(err: unknown): Error {
  const e = err as { code?: string; retryAfter?: number; statusCode?: number; data?: { error?: string }; message?: string };
  const msg = e?.message ?? String(err);
  switch (e?.code) {
    case webApi.ErrorCode.RateLimitedError:
      return new RetryableDeliveryError(`slack rate limited: ${msg}`, typeof e.retryAfter === 'number' ? e.retryAfter * 1000 : undefined);
    case webApi.ErrorCode.RequestError:
      return new RetryableDeliveryError(`slack unreachable: ${msg}`);
    case webApi.ErrorCode.HTTPError: {
      const s = e.statusCode ?? 0;
      return s >= 500 || s === 408 || s === 429 ? new RetryableDeliveryError(`slack http ${s}`) : new PermanentDeliveryError(`slack http ${s}`);
    }
    case webApi.ErrorCode.PlatformError: {
      const code = e.data?.error ?? 'unknown_error';
      return TRANSIENT.has(code) ? new RetryableDeliveryError(`slack: ${code}`) : new PermanentDeliveryError(`slack: ${code}`);
    }
    default:
      // not a Slack answer at all (bug, timeout): let the outbox try again with its backoff
      return new RetryableDeliveryError(`slack delivery failed: ${msg}`);
  }
}

export class SlackDelivery implements DeliveryPort {
  readonly platform = 'slack' as const;

  constructor(
    private client: WebClient,
    private log: Logger,
    /** shared with flagging, which learns the parent of a flagged thread reply (Slack threads under the parent) */
    private threadRoots: ThreadRoots = new ThreadRoots(),
  ) {}

  async deliver(msg: Outbound): Promise<{ ref: string }> {
    const { text, blocks } = renderSlack(msg.reply);
    const thread_ts = msg.threadRef ? await this.threadRoots.rootOf(this.client, msg.channel.channel, msg.threadRef) : undefined;
    try {
      const res = await this.client.chat.postMessage({
        channel: msg.channel.channel,
        text,
        blocks: blocks as unknown as types.KnownBlock[],
        ...(thread_ts ? { thread_ts } : {}),
        unfurl_links: false,
        unfurl_media: false,
      });
      if (!res.ts) throw new PermanentDeliveryError('slack: chat.postMessage answered without a ts');
      return { ref: res.ts };
    } catch (err) {
      if (err instanceof RetryableDeliveryError || err instanceof PermanentDeliveryError) throw err;
      const mapped = mapSlackError(err);
      this.log.warn({ channel: msg.channel.channel, err: mapped.message }, 'slack delivery failed');
      throw mapped;
    }
  }

  async edit(channel: ChannelRef, ref: string, reply: Reply): Promise<void> {
    const { text, blocks } = renderSlack(reply);
    try {
      await this.client.chat.update({ channel: channel.channel, ts: ref, text, blocks: blocks as unknown as types.KnownBlock[] });
    } catch (err) {
      const mapped = mapSlackError(err);
      this.log.warn({ channel: channel.channel, ts: ref, err: mapped.message }, 'slack edit failed');
      throw mapped;
    }
  }
}
