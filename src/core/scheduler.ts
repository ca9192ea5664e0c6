// Arms node-cron jobs for every channel's digest schedule and posts digests through the outbox.
//
// node-cron only says "it may be time"; whether a digest is due is decided by the pure lastDueBefore()
// against the stored lastRunAt, inside the write that posts it. That makes posting idempotent: a cron tick,
// the catch-up at start and a repeated wall time (DST fall-back) cannot post the same slot twice, and a
// digest missed while the bot was down is posted once, not once per missed slot.
import cron, { type ScheduledTask } from 'node-cron';
import type { WriteTx } from './store-port.ts';
import type { Desk } from './desk.ts';
import { buildDigest } from './digests.ts';
import { queueOutbox } from './outbox.ts';
import { lastDueBefore } from './schedule-spec.ts';
import type { DigestSchedule } from './types.ts';

interface Armed {
  cron: string;
  tz: string;
  task: ScheduledTask;
}

const DAY = 86_400_000;

type PeriodFields = Pick<DigestSchedule, 'spec' | 'cron' | 'tz' | 'lastRunAt' | 'createdAt'>;

/** When the period of a digest starts: the last digest, else the period before the schedule was set. */
export function periodStart(s: PeriodFields): Date {
  return s.lastRunAt ? new Date(s.lastRunAt) : firstPeriodStart(s);
}

/**
 * The first digest of a schedule covers the period before the schedule was set (the last day for daily,
 * the last week for weekly, since the previous fire time for cron) as well as everything after it, even
 * when its first slots were missed while the bot was down: flags filed before anyone set up a digest are
 * not lost between "no digest yet" and "changes since the last digest".
 */
export function firstPeriodStart(s: Pick<DigestSchedule, 'spec' | 'cron' | 'tz' | 'createdAt'>): Date {
  const created = Date.parse(s.createdAt);
  const kind = s.spec.split(' ')[0];
  if (kind === 'daily') return new Date(created - DAY);
  if (kind === 'weekly') return new Date(created - 7 * DAY);
  return lastDueBefore(s.cron, s.tz, new Date(created)) ?? new Date(created);
}

/** The slot to post now, or null: the latest slot ≤ now that came after the last digest and the last edit. */
export function dueSlot(s: Pick<DigestSchedule, 'cron' | 'tz' | 'lastRunAt' | 'updatedAt'>, now: Date): Date | null {
  const due = lastDueBefore(s.cron, s.tz, now);
  if (!due) return null;
  const baseline = Math.max(s.lastRunAt ? Date.parse(s.lastRunAt) : 0, Date.parse(s.updatedAt));
  return due.getTime() > baseline ? due : null;
}

export class DigestScheduler {
  private armed = new Map<string, Armed>();
  private unsubscribe?: () => void;
  private running = false;

  /** `cron: false` arms no node-cron jobs (tests drive tick() with a fake clock). */
  constructor(private desk: Desk, private opts: { cron?: boolean } = {}) {}

  /** Arm every stored schedule, post once any digest missed while down, follow schedule changes. */
  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    // node-cron logs with console.info (stdout, which belongs to the console platform): route it to our logs.
    const log = this.desk.log;
    cron.setLogger({
      info: (m) => log.debug({ src: 'node-cron' }, m),
      warn: (m) => log.warn({ src: 'node-cron' }, m),
      error: (m, err) => log.error({ src: 'node-cron', err: err ?? m }, String(m)),
      debug: (m) => log.debug({ src: 'node-cron' }, String(m)),
    });
    this.unsubscribe = this.desk.store.onCommit((changes) => {
      if (changes.some((c) => c.coll === 'digests')) this.rearm();
    });
    this.rearm();
    await this.tick();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    for (const a of this.armed.values()) await a.task.destroy();
    this.armed.clear();
  }

  /** The jobs armed now (for diagnostics and tests). */
  jobs(): Array<{ id: string; cron: string; tz: string }> {
    return [...this.armed].map(([id, a]) => ({ id, cron: a.cron, tz: a.tz }));
  }

  /** Post every digest that is due now. Returns how many were posted. */
  async tick(): Promise<number> {
    let n = 0;
    for (const s of this.desk.store.all('digests')) {
      try {
        if (await this.postIfDue(s.id)) n++;
      } catch (err) {
        this.desk.log.error({ err, id: s.id }, 'could not post a digest');
      }
    }
    return n;
  }

  private rearm(): void {
    if (!this.running || this.opts.cron === false) return;
    const docs = new Map(this.desk.store.all('digests').map((s) => [s.id, s]));
    for (const [id, a] of this.armed) {
      const s = docs.get(id);
      if (s && s.cron === a.cron && s.tz === a.tz) continue;
      void a.task.destroy();
      this.armed.delete(id);
    }
    for (const s of docs.values()) {
      if (this.armed.has(s.id)) continue;
      try {
        const task = cron.schedule(s.cron, () => this.postIfDue(s.id).catch((err) => this.desk.log.error({ err, id: s.id }, 'digest failed')), {
          timezone: s.tz,
          name: `digest ${s.id}`,
          noOverlap: true,
        });
        task.unref?.();
        this.armed.set(s.id, { cron: s.cron, tz: s.tz, task });
      } catch (err) {
        this.desk.log.error({ err, id: s.id, cron: s.cron, tz: s.tz }, 'could not arm a digest schedule');
      }
    }
  }

  /** Post the digest of schedule `id` if a slot passed since its last one; the check and the post are one write. */
  async postIfDue(id: string): Promise<boolean> {
    const now = this.desk.clock.now();
    return this.desk.store.write((tx) => {
      const s = tx.get('digests', id);
      if (!s) return false;
      const due = dueSlot(s, now);
      if (!due) return false;
      postDigest(tx, this.desk, s, now, periodStart(s));
      return true;
    });
  }
}

/** Queue the digest for the schedule's channel and record the run, in the caller's write. */
export function postDigest(tx: WriteTx, desk: Desk, s: DigestSchedule, now: Date, since: Date): void {
  const reply = buildDigest(desk, s.channel, since, now, s.tz);
  queueOutbox(tx, now, { kind: 'digest', channel: s.channel, reply });
  tx.put('digests', { ...s, lastRunAt: now.toISOString() });
}
