// Delivers outbox items through the platform that owns each channel. STUB until the events work lands.
import type { Desk } from './desk.ts';
import type { DeliveryPort } from './ports.ts';

export class Dispatcher {
  constructor(private desk: Desk, private ports: DeliveryPort[]) {}
  start(): void {}
  /** Deliver everything due now (and retry what failed, honouring backoff); resolves when nothing is due. */
  async drain(): Promise<void> {}
  async stop(): Promise<void> {}
}
