// Starting the rows of the platform table (used by src/main.ts, and by the contract test with a platform of
// its own): pick the configured rows, start each, and run a leased one only where its lease is held.
import type { Leases } from '../../store/types.ts';
import { LeasedPlatform } from '../core/leased-platform.ts';
import type { ConfiguredPlatform, Platform, PlatformHost } from '../core/platform.ts';
import type { DeliveryPort, Logger, PlatformRuntime } from '../core/ports.ts';

export interface Configured {
  platform: Platform;
  ready: ConfiguredPlatform;
}

/** Every row whose variables are set. May throw a ZodError (a malformed value), to be shown as bad configuration. */
export function configuredPlatforms(rows: readonly Platform[], env: NodeJS.ProcessEnv): Configured[] {
  return rows.flatMap((platform) => {
    const ready = platform.configure(env);
    return ready ? [{ platform, ready }] : [];
  });
}

/** Every row's variables set without their partners, in words. */
export function incompletePlatforms(rows: readonly Platform[], env: NodeJS.ProcessEnv): string[] {
  return rows.flatMap((p) => p.incomplete?.(env) ?? []);
}

export interface Started {
  /** running here now */
  runtimes: PlatformRuntime[];
  /** waiting for (or holding) their lease: start() them once the dispatcher is wired */
  leased: { platform: Platform; gateway: LeasedPlatform }[];
}

export async function startPlatforms(
  configured: Configured[],
  host: PlatformHost,
  opts: {
    /** the store's leases, when several instances share it */
    leases?: Leases;
    /** a leased platform started (port) or stopped (undefined) here */
    onPort: (id: string, port: DeliveryPort | undefined) => void;
    log?: Logger;
  },
): Promise<Started> {
  const started: Started = { runtimes: [], leased: [] };
  for (const { platform, ready } of configured) {
    const lease = platform.lease;
    if (lease && opts.leases) {
      const gateway = new LeasedPlatform(opts.leases, () => ready.start(host), (rt) => opts.onPort(platform.id, rt?.delivery), { name: lease, log: opts.log });
      started.leased.push({ platform, gateway });
    } else started.runtimes.push(await ready.start(host));
  }
  return started;
}
