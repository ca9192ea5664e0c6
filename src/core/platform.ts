// The platform contract, lifecycle half: how the composition root (src/main.ts) finds, configures and starts a
// chat platform. Inbound (commands, flags) and outbound (deliver, edit) are in ports.ts. A platform is one
// folder under src/platforms/ plus one row in src/platforms/index.ts; see docs/platforms.md.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Desk } from './desk.ts';
import type { Inbound, PlatformRuntime } from './ports.ts';
import type { PlatformId } from './types.ts';

/** The HTTP server on PORT when it already runs (the public pages, src/web): a webhook platform may mount there. */
export interface SharedHttp {
  mount(listener: (req: IncomingMessage, res: ServerResponse) => void): void;
}

/** What a starting platform is given. */
export interface PlatformHost {
  /** the log, the clock, the settings (EDITORS through core/permissions.ts) */
  desk: Desk;
  /** the one way in: commands, flags, suggestions */
  inbound: Inbound;
  http?: SharedHttp;
}

/** A platform read from the environment, ready to start. */
export interface ConfiguredPlatform {
  start(host: PlatformHost): Promise<PlatformRuntime>;
}

/** One row of the platform table. Keep the module that defines it light: import the SDK only inside start. */
export interface Platform {
  /** ChannelRef.platform, the first part of its user keys (`<id>:<user id>`) and of EDITORS entries */
  readonly id: PlatformId;
  /** how logs and the start line name it */
  readonly label: string;
  /** Its own variables from the environment; undefined when it is not configured. May throw a ZodError. */
  configure(env: NodeJS.ProcessEnv): ConfiguredPlatform | undefined;
  /** its variables set without their partners, in words (a deployment slip: the bot stops instead of starting without it) */
  incomplete?(env: NodeJS.ProcessEnv): string[];
  /** set when several instances sharing a store must not all run it: it runs only where this lease is held */
  readonly lease?: string;
  /** what it offers beyond the typed commands (buttons, forms, menus), one sentence: /claim help says it on every platform */
  readonly adds?: string;
}
