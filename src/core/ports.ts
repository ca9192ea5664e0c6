// Ports: what the core needs from the outside world. No platform imports here.
import type { Logger } from 'pino';
import type { ChannelRef, PlatformName } from './types.ts';
import type { Reply } from './reply.ts';

export type { Logger };

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A message to post in a channel, optionally threaded. */
export interface Outbound {
  channel: ChannelRef;
  reply: Reply;
  /** platform message ref to thread under / reply to */
  threadRef?: string;
}

/** What a platform gives the alert dispatcher. */
export interface DeliveryPort {
  readonly platform: PlatformName;
  /** Post and return the platform's message ref (Slack ts, Discord message id, console `#N`). */
  deliver(msg: Outbound): Promise<{ ref: string }>;
}

/** Thrown by deliver() when trying again later may work (429, 5xx, network down). */
export class RetryableDeliveryError extends Error {
  constructor(
    message: string,
    /** the platform's Retry-After, when it gave one */
    public readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'RetryableDeliveryError';
  }
}

/** Thrown by deliver() when retrying cannot help (channel gone, bot removed, forbidden). */
export class PermanentDeliveryError extends Error {
  override name = 'PermanentDeliveryError';
}
