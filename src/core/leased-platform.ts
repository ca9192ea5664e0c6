// A platform that must run on one instance at a time when several share a store (the Discord gateway: two
// instances on one bot token would both answer every interaction and reaction). It runs only while this
// instance holds its lease in the store; another instance takes over within ttl + renew after it dies.
import type { Leases } from './store-port.ts';
import type { PlatformRuntime } from './ports.ts';
import type { Logger } from './ports.ts';

export interface LeasedPlatformOptions {
  /** lease name, e.g. "discord-gateway" */
  name: string;
  /** how long the lease lasts unrenewed (default 10 s) */
  ttlMs?: number;
  /** renew (or try to take) it this often (default 2.5 s) */
  renewMs?: number;
  log?: Logger;
}

export class LeasedPlatform {
  private runtime: PlatformRuntime | undefined;
  private timer: NodeJS.Timeout | undefined;
  /** until when, by this process's clock, the lease is surely ours (measured from before asking) */
  private heldUntil = 0;
  private ticking: Promise<void> | undefined;
  private stopped = false;
  private readonly ttl: number;
  private readonly every: number;

  constructor(
    private leases: Leases,
    private startPlatform: () => Promise<PlatformRuntime>,
    /** the runtime now running here, or undefined when it stopped (to add or drop its delivery port) */
    private onChange: (rt: PlatformRuntime | undefined) => void,
    private o: LeasedPlatformOptions,
  ) {
    this.ttl = o.ttlMs ?? 10_000;
    this.every = o.renewMs ?? 2500;
  }

  get running(): boolean {
    return this.runtime !== undefined;
  }

  async start(): Promise<void> {
    this.stopped = false;
    await this.tick();
    this.timer = setInterval(() => void this.tick(), this.every);
    this.timer.unref();
  }

  /** One renewal round; runs one at a time. */
  tick(): Promise<void> {
    // a renewal stuck on an unreachable database must not keep the platform running past the lease
    if (this.ticking && this.runtime && this.expiring()) void this.drop('lease renewal hangs: platform stopped here');
    this.ticking ??= this.round().finally(() => (this.ticking = undefined));
    return this.ticking;
  }

  private async round(): Promise<void> {
    if (this.stopped) return;
    const asked = Date.now();
    const got = await this.leases.acquire(this.o.name, this.ttl);
    if (got) this.heldUntil = asked + this.ttl;
    if (this.stopped) return;
    if (got && !this.runtime) {
      try {
        this.runtime = await this.startPlatform();
        this.o.log?.info({ lease: this.o.name }, 'took the lease: platform started here');
        this.onChange(this.runtime);
      } catch (err) {
        this.o.log?.error({ err, lease: this.o.name }, 'could not start the platform; letting the lease go');
        await this.leases.release(this.o.name);
      }
    } else if (!got && this.runtime && this.expiring()) {
      // renewal failed and the lease may be someone else's before the next round: stop before they start
      await this.drop('lost the lease: platform stopped here');
    }
  }

  /**
   * The lease runs out before the next round could renew it. Stopping only once it has run out left a window as
   * long as a round in which another instance, taking it at expiry, ran the platform too (seen under load).
   */
  private expiring(): boolean {
    return Date.now() + this.every >= this.heldUntil;
  }

  private async drop(msg: string): Promise<void> {
    const rt = this.runtime;
    this.runtime = undefined;
    this.onChange(undefined);
    this.o.log?.warn({ lease: this.o.name }, msg);
    await rt?.stop().catch((err) => this.o.log?.warn({ err }, 'platform stop failed'));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.ticking;
    if (this.runtime) {
      const rt = this.runtime;
      this.runtime = undefined;
      this.onChange(undefined);
      await rt.stop();
    }
    await this.leases.release(this.o.name);
  }
}
