// Queueing messages into the store's outbox. Everything the bot posts on its own (alerts, digests, flag
// answers) goes through here, inside the same write as the change it reports, so nothing is lost on a crash.
import type { WriteTx } from './store-port.ts';
import type { Reply } from './reply.ts';
import type { ChannelRef, OutboxItem } from './types.ts';

export interface NewOutboxItem {
  kind: OutboxItem['kind'];
  channel: ChannelRef;
  reply: Reply;
  threadKey?: string;
  replyTo?: string;
}

export function queueOutbox(tx: WriteTx, now: Date, item: NewOutboxItem): OutboxItem {
  const at = now.toISOString();
  return tx.put('outbox', {
    id: `o${tx.nextId('outbox')}`,
    kind: item.kind,
    channel: item.channel,
    reply: item.reply,
    ...(item.threadKey ? { threadKey: item.threadKey } : {}),
    ...(item.replyTo ? { replyTo: item.replyTo } : {}),
    state: 'pending',
    attempts: 0,
    nextAttemptAt: at,
    createdAt: at,
  });
}

/** `o17` → 17, for ordering items by creation (ids are allocated in commit order). */
export function outboxSeq(id: string): number {
  const n = Number(id.slice(1));
  return Number.isFinite(n) ? n : 0;
}
