// Arms node-cron jobs for every channel's digest schedule. STUB until the events work lands.
import type { Desk } from './desk.ts';

export class DigestScheduler {
  constructor(private desk: Desk) {}
  /** Arm every stored schedule, post once any digest missed while down, follow schedule changes. */
  async start(): Promise<void> {}
  async stop(): Promise<void> {}
}
