// Delivers outbox items through the platform that owns each channel, at least once, in order per channel.
//
// Wake-ups: a commit that puts a pending outbox item, a timer for the next retry, and drain(). Runs are
// serialised, so one process never posts the same item twice; across a crash see docs/events.md (the
// window between the platform accepting a post and the store marking it delivered).
import type { Desk } from './desk.ts';
import { PermanentDeliveryError, RetryableDeliveryError, type DeliveryPort } from './ports.ts';
import { outboxSeq } from './outbox.ts';
import { channelKey, type OutboxItem, type PlatformName } from './types.ts';

export interface DispatcherOptions {
  /** first retry delay; doubles per attempt (default 2 s) */
  baseDelayMs?: number;
  /** longest retry delay (default 15 min) */
  maxDelayMs?: number;
  /** unknown errors (bugs, not the platform saying "later") give up after this many attempts (default 10) */
  maxUnknownAttempts?: number;
  /** delivered items are pruned after this many days (default 7); failed ones after 30 */
  keepDeliveredDays?: number;
  /** 0 ≤ x < 1; injected for tests */
  random?: () => number;
  /** on a store shared by several instances: how long a channel's lease lasts unrenewed (default 30 s) */
  leaseMs?: number;
}

const DAY = 86_400_000;
const PRUNE_EVERY_MS = 3_600_000;
const MAX_TIMER_MS = 60_000;
const CONCURRENCY = 8;
/** another instance holds a channel's lease: look again this soon */
const LEASE_RETRY_MS = 1000;

export class Dispatcher {
  private ports = new Map<PlatformName, DeliveryPort>();
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = true;
  private unsubscribe?: () => void;
  private timer?: NodeJS.Timeout;
  private lastPrune = 0;
  /** posted, but the store did not take the "delivered" mark: never post these again in this process */
  private unmarked = new Map<string, string>();
  /** counts items settled (delivered, rescheduled, failed); drain stops when a pass settles nothing */
  private progress = 0;
  /** a channel was skipped because another instance holds its lease */
  private leaseBusy = false;
  private o: Required<DispatcherOptions>;

  constructor(
    private desk: Desk,
    ports: DeliveryPort[],
    opts: DispatcherOptions = {},
  ) {
    for (const p of ports) this.ports.set(p.platform, p);
    this.o = {
      baseDelayMs: opts.baseDelayMs ?? 2000,
      maxDelayMs: opts.maxDelayMs ?? 15 * 60_000,
      maxUnknownAttempts: opts.maxUnknownAttempts ?? 10,
      keepDeliveredDays: opts.keepDeliveredDays ?? 7,
      random: opts.random ?? Math.random,
      leaseMs: opts.leaseMs ?? 30_000,
    };
  }

  /** Add, replace or (undefined) drop the port of a platform, e.g. when the Discord gateway moves between instances. */
  setPort(platform: PlatformName, port: DeliveryPort | undefined): void {
    if (port) this.ports.set(platform, port);
    else this.ports.delete(platform);
    if (port) this.kick();
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.unsubscribe = this.desk.store.onCommit((changes) => {
      const queued = changes.some((c) => c.op === 'put' && c.coll === 'outbox' && (c.doc as OutboxItem).state === 'pending');
      if (queued) this.kick();
    });
    this.kick();
  }

  /** Deliver everything due now (and retry what failed, honouring backoff); resolves when nothing is due. */
  async drain(): Promise<void> {
    // A bound, not a loop forever: a port that keeps accepting new work could otherwise keep us here.
    for (let i = 0; i < 1000; i++) {
      const before = this.progress;
      await this.run();
      if (!this.dueChannels().length || this.progress === before) return;
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.running?.catch(() => undefined);
  }

  /** The retry delay after `attempts` failed attempts: exponential with jitter, at least Retry-After. */
  retryDelay(attempts: number, retryAfterMs?: number): number {
    if (retryAfterMs !== undefined && retryAfterMs >= 0) {
      // The platform said when; spread channels a little so they do not all come back at the same instant.
      return Math.max(250, Math.ceil(retryAfterMs + this.o.random() * Math.min(1000, retryAfterMs * 0.1)));
    }
    const exp = Math.min(this.o.maxDelayMs, this.o.baseDelayMs * 2 ** Math.max(0, attempts - 1));
    return Math.max(250, Math.ceil(exp / 2 + (this.o.random() * exp) / 2));
  }

  private kick(): void {
    if (this.stopped) return;
    this.run().catch((err) => this.desk.log.error({ err }, 'dispatcher run failed'));
  }

  /** One serialised pass (or joins the current one and asks it to go round again). */
  private run(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      try {
        do {
          this.again = false;
          this.leaseBusy = false;
          await this.deliverDue();
        } while (this.again);
        await this.pruneIfDue();
      } finally {
        this.running = null;
        this.armTimer();
      }
    })();
    return this.running;
  }

  /** Pending items of running platforms, per channel, oldest first. */
  private queues(): Map<string, OutboxItem[]> {
    const out = new Map<string, OutboxItem[]>();
    for (const item of this.desk.store.byIndex('outbox', 'byState', 'pending')) {
      if (!this.ports.has(item.channel.platform)) continue; // a platform that is down gets them later
      const k = channelKey(item.channel);
      let q = out.get(k);
      if (!q) out.set(k, (q = []));
      q.push(item);
    }
    for (const q of out.values()) q.sort((a, b) => outboxSeq(a.id) - outboxSeq(b.id));
    return out;
  }

  /** Channels whose oldest pending item is due now (later items wait behind it to keep the order). */
  private dueChannels(): OutboxItem[][] {
    const now = this.desk.clock.now().getTime();
    return [...this.queues().values()].filter((q) => Date.parse(q[0]!.nextAttemptAt) <= now);
  }

  private async deliverDue(): Promise<void> {
    // Channels in parallel (each keeps its own order), a few at a time so a burst does not flood a platform.
    const queues = this.dueChannels();
    const worker = async () => {
      for (let q = queues.shift(); q; q = queues.shift()) await this.deliverQueue(q);
    };
    await Promise.all(Array.from({ length: Math.min(CONCURRENCY, queues.length) }, worker));
  }

  private async deliverQueue(queue: OutboxItem[]): Promise<void> {
    // Several instances on one store (PostgreSQL): one at a time delivers a channel, under a lease renewed
    // per item; one that dies holding it is replaced once it expires (docs/postgres.md).
    const leases = this.desk.store.leases;
    const lease = `outbox:${channelKey(queue[0]!.channel)}`;
    if (!leases) return this.deliverItems(queue);
    if (!(await leases.acquire(lease, this.o.leaseMs))) {
      this.leaseBusy = true;
      return;
    }
    try {
      await this.deliverItems(queue, () => leases.acquire(lease, this.o.leaseMs));
    } finally {
      await leases.release(lease);
    }
  }

  private async deliverItems(queue: OutboxItem[], renew?: () => Promise<boolean>): Promise<void> {
    for (const [i, queued] of queue.entries()) {
      if (renew && i > 0 && !(await renew())) return; // the lease was just taken for the first item
      const item = this.desk.store.get('outbox', queued.id);
      if (!item || item.state !== 'pending') continue;
      if (Date.parse(item.nextAttemptAt) > this.desk.clock.now().getTime()) return;
      const ok = await this.deliverOne(item);
      if (!ok) return; // waiting for a retry: keep the channel's order
    }
  }

  /** true when the channel may go on with its next item (delivered, or failed for good). */
  private async deliverOne(item: OutboxItem): Promise<boolean> {
    const port = this.ports.get(item.channel.platform)!;
    const store = this.desk.store;
    const thread = item.threadKey && !item.replyTo ? store.get('threads', item.threadKey) : undefined;
    const threadRef = item.replyTo ?? thread?.ref;
    let ref = this.unmarked.get(item.id);
    if (ref === undefined) {
      try {
        ({ ref } = await port.deliver({ channel: item.channel, reply: item.reply, kind: item.kind, ...(threadRef ? { threadRef } : {}) }));
      } catch (err) {
        await this.recordFailure(item, err);
        return err instanceof PermanentDeliveryError || (!(err instanceof RetryableDeliveryError) && this.gaveUp(item));
      }
    }
    const posted = ref;
    const at = this.desk.clock.now().toISOString();
    try {
      await store.write((tx) => {
        const cur = tx.get('outbox', item.id);
        if (cur && cur.state === 'pending') {
          tx.put('outbox', { ...cur, state: 'delivered', attempts: cur.attempts + 1, deliveredRef: posted, deliveredAt: at, lastError: undefined });
        }
        // The first delivered alert of a claim in a channel becomes the thread of the later ones.
        if (item.threadKey && !item.replyTo && posted && !tx.get('threads', item.threadKey)) {
          tx.put('threads', { id: item.threadKey, ref: posted, createdAt: at });
        }
      });
    } catch (err) {
      // Posted but not marked. This process will only retry the mark; after a restart the item is posted
      // again (the at-least-once window, docs/events.md).
      this.unmarked.set(item.id, posted);
      this.desk.log.error({ err, id: item.id }, 'delivered but could not mark the outbox item');
      return false;
    }
    this.unmarked.delete(item.id);
    this.progress++;
    if (thread && item.kind === 'alert') await this.refreshRoot(port, item, thread.ref);
    this.desk.log.debug({ id: item.id, kind: item.kind, channel: channelKey(item.channel), ref }, 'delivered');
    return true;
  }

  /**
   * A follow-up alert went into the thread of the claim's first alert: that first message is edited to show the
   * claim as it is now, so a channel reading the top level sees the current status. Best effort: a failed edit
   * is logged, the alert itself is delivered.
   */
  private async refreshRoot(port: DeliveryPort, item: OutboxItem, root: string): Promise<void> {
    if (!port.edit) return;
    const reply = { ...item.reply, footer: `${item.reply.footer ? `${item.reply.footer} · ` : ''}earlier changes in the thread` };
    try {
      await port.edit(item.channel, root, reply);
    } catch (err) {
      this.desk.log.warn({ err, id: item.id, channel: channelKey(item.channel) }, 'could not update the first alert of the thread');
    }
  }

  private gaveUp(item: OutboxItem): boolean {
    return item.attempts + 1 >= this.o.maxUnknownAttempts;
  }

  private async recordFailure(item: OutboxItem, err: unknown): Promise<void> {
    const message = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
    const attempts = item.attempts + 1;
    const now = this.desk.clock.now().getTime();
    let patch: Partial<OutboxItem>;
    if (err instanceof PermanentDeliveryError || (!(err instanceof RetryableDeliveryError) && this.gaveUp(item))) {
      patch = { state: 'failed', attempts, lastError: message };
      this.desk.log.warn({ id: item.id, channel: channelKey(item.channel), err: message }, 'outbox item failed for good');
    } else {
      const retryAfter = err instanceof RetryableDeliveryError ? err.retryAfterMs : undefined;
      const next = new Date(now + this.retryDelay(attempts, retryAfter)).toISOString();
      patch = { attempts, lastError: message, nextAttemptAt: next };
      this.desk.log.info({ id: item.id, channel: channelKey(item.channel), err: message, next }, 'delivery failed, will retry');
    }
    await this.desk.store
      .write((tx) => {
        const cur = tx.get('outbox', item.id);
        if (cur && cur.state === 'pending') tx.put('outbox', { ...cur, ...patch });
      })
      .then(() => void this.progress++)
      .catch((e) => this.desk.log.error({ err: e, id: item.id }, 'could not record a delivery failure'));
  }

  private armTimer(): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    const now = this.desk.clock.now().getTime();
    let next = now + MAX_TIMER_MS; // also the pruning heartbeat
    for (const q of this.queues().values()) next = Math.min(next, Date.parse(q[0]!.nextAttemptAt));
    if (this.leaseBusy) next = Math.max(next, now + LEASE_RETRY_MS);
    this.timer = setTimeout(() => this.kick(), Math.max(10, next - now));
    this.timer.unref?.();
  }

  /** Delivered items are history, not state: drop them after some days (failed ones after 30). */
  async prune(): Promise<number> {
    const now = this.desk.clock.now().getTime();
    const store = this.desk.store;
    const old = [
      ...store.byIndex('outbox', 'byState', 'delivered').filter((o) => Date.parse(o.deliveredAt ?? o.createdAt) < now - this.o.keepDeliveredDays * DAY),
      ...store.byIndex('outbox', 'byState', 'failed').filter((o) => Date.parse(o.createdAt) < now - 30 * DAY),
    ].slice(0, 1000);
    if (!old.length) return 0;
    await store.write((tx) => {
      for (const o of old) tx.delete('outbox', o.id);
    });
    return old.length;
  }

  private async pruneIfDue(): Promise<void> {
    const now = this.desk.clock.now().getTime();
    if (now - this.lastPrune < PRUNE_EVERY_MS) return;
    this.lastPrune = now;
    await this.prune().catch((err) => this.desk.log.warn({ err }, 'outbox pruning failed'));
  }
}
