// Flagging a chat message as a new claim by reaction. STUB until the events work lands.
import type { Desk } from './desk.ts';
import type { ChannelRef, Claim } from './types.ts';

export interface FlagEvent {
  channel: ChannelRef;
  /** platform message id (Slack ts, Discord message id, console `N`) */
  messageId: string;
  /** who reacted */
  reactor: { key: string; name: string };
  emoji: string;
  message: { text: string; authorKey: string; authorName: string; link: string };
}

export interface FlagResult {
  /** false when the emoji is not the flag emoji or the message is empty (reply says why when relevant) */
  handled: boolean;
  claim?: Claim;
  /** a new claim was created (false: the message or the same claim was flagged before) */
  created: boolean;
}

/**
 * Files the claim and, in the same durable write, queues the thread answer (outbox kind `reply`, replyTo =
 * messageId) and the alerts to channels watching `all`. The platform only has to fetch the message first.
 */
export async function flagMessage(desk: Desk, ev: FlagEvent): Promise<FlagResult> {
  void desk; void ev;
  return { handled: false, created: false };
}
