// Test helpers for the event engine: a settable clock, a recording delivery port (a port is the
// boundary to the network, so faking it is allowed), and a desk on a real store.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDesk } from '../../src/core/create-desk.ts';
import { ensureActor } from '../../src/core/actors.ts';
import { createClaim, setStatus } from '../../src/core/claims.ts';
import type { Desk } from '../../src/core/desk.ts';
import type { Clock, DeliveryPort, Outbound } from '../../src/core/ports.ts';
import type { ChannelRef, PlatformName, Status } from '../../src/core/types.ts';
import { MemoryStore } from '../../store/memory.ts';
import { LEDGER_SCHEMA, type Store } from '../../src/core/store-port.ts';

export class FakeClock implements Clock {
  t: number;
  constructor(iso = '2026-03-20T10:00:00Z') {
    this.t = Date.parse(iso);
  }
  now(): Date {
    return new Date(this.t);
  }
  set(iso: string): void {
    this.t = Date.parse(iso);
  }
  advance(ms: number): void {
    this.t += ms;
  }
}

export interface Sent extends Outbound {
  ref: string;
}

/** Records every post; `fail` decides per call whether to throw instead (return an Error to throw it). */
export class RecordingPort implements DeliveryPort {
  sent: Sent[] = [];
  calls = 0;
  fail: (msg: Outbound, call: number) => Error | undefined = () => undefined;
  private n = 0;
  constructor(readonly platform: PlatformName = 'console') {}
  async deliver(msg: Outbound): Promise<{ ref: string }> {
    this.calls++;
    const err = this.fail(msg, this.calls);
    if (err) throw err;
    const ref = `${this.platform}-m${++this.n}`;
    this.sent.push({ ...msg, ref });
    return { ref };
  }
}

export const editor = { key: 'console:editor', name: 'Ed Itor' };

export function chan(channel: string, platform: PlatformName = 'console'): ChannelRef {
  return { platform, workspace: 'local', channel, name: `#${channel}` };
}

export function makeDesk(store: Store = new MemoryStore(LEDGER_SCHEMA), clock = new FakeClock()): Desk & { clock: FakeClock } {
  return createDesk({ store, clock }) as Desk & { clock: FakeClock };
}

export async function tmpDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'claimdesk-events-'));
}

/** Two actors and a claim C1 by Alice about Bob. */
export async function seed(desk: Desk): Promise<void> {
  const now = desk.clock.now().toISOString();
  await desk.store.write((tx) => {
    const alice = ensureActor(tx, 'Alice Adams', now, { aliases: ['Adams'] });
    const bob = ensureActor(tx, 'Bob Brown', now);
    createClaim(tx, { text: 'Crime fell by half last year', claimant: alice.id, subjects: [bob.id] }, editor, now);
  });
}

export async function changeStatus(desk: Desk, id: string, to: Status, opts: { note?: string; source?: string } = {}): Promise<void> {
  const now = desk.clock.now().toISOString();
  await desk.store.write((tx) => setStatus(tx, desk, id, to, editor, now, opts));
}
