// The Discord platform: a discord.js 14 Client over the core. Slash commands (registered at start),
// autocomplete, reaction flagging and a DeliveryPort for alerts and digests. See docs/discord.md.
import { Client, Events, GatewayIntentBits, Options, Partials } from 'discord.js';
import { createInbound } from '../../../commands/inbound.ts';
import type { Desk } from '../../core/desk.ts';
import type { Inbound, PlatformRuntime } from '../../core/ports.ts';
import { DISCORD_DEFAULT_FLAG, type DiscordConfig } from './config.ts';
import { registerCommands } from './commands.ts';
import { discordDelivery } from './delivery.ts';
import { onInteraction } from './router.ts';
import { onReaction } from './reactions.ts';

export { registerCommands, buildSlashCommands } from './commands.ts';
export { renderReply } from './render.ts';

export interface DiscordOptions {
  /** register the slash commands at start (default true) */
  register?: boolean;
  /** a quick command still running after this long is deferred (default 1,500 ms; Discord allows 3 s) */
  deferAfterMs?: number;
  /** the core's way in (default: built for the desk) */
  inbound?: Inbound;
}

export function createClient(config: DiscordConfig): Client {
  return new Client({
    intents: [
      GatewayIntentBits.Guilds,
      GatewayIntentBits.GuildMessages,
      GatewayIntentBits.GuildMessageReactions,
      // privileged: needed to read the text of a flagged message
      GatewayIntentBits.MessageContent,
    ],
    partials: [Partials.Message, Partials.Channel, Partials.Reaction],
    // discord.js waits out rate limits itself; only very long waits are handed back to the outbox
    rest: { ...(config.apiUrl ? { api: config.apiUrl } : {}), rejectOnRateLimit: (info) => info.retryAfter > 60_000 },
    allowedMentions: { parse: [], repliedUser: false },
    // Flagging fetches uncached messages anyway (partials), so a small message cache keeps a busy server's
    // memory flat; presences are never used.
    makeCache: Options.cacheWithLimits({ ...Options.DefaultMakeCacheSettings, MessageManager: 50, PresenceManager: 0 }),
  });
}

/** Login failures in words an operator can act on (the raw error stays as `cause`). */
export function explainLoginError(err: unknown): Error {
  const code = (err as { code?: unknown })?.code;
  const message = err instanceof Error ? err.message : String(err);
  if (code === 'DisallowedIntents' || /disallowed intents/i.test(message)) {
    return new Error(
      'Discord refused the Message Content intent. Enable it in the Discord Developer Portal → your app → Bot → ' +
        'Privileged Gateway Intents → Message Content Intent (see docs/discord.md).',
      { cause: err },
    );
  }
  if (code === 'TokenInvalid' || (err as { status?: number })?.status === 401) {
    return new Error('Discord rejected DISCORD_TOKEN (401 Unauthorized): copy the bot token again from the Developer Portal → Bot.', { cause: err });
  }
  return new Error(`could not connect to Discord: ${message}`, { cause: err });
}

export async function startDiscord(desk: Desk, config: DiscordConfig, opts: DiscordOptions = {}): Promise<PlatformRuntime> {
  const client = createClient(config);
  const log = desk.log.child({ platform: 'discord' });
  const inbound = opts.inbound ?? createInbound(desk);
  client.on(Events.InteractionCreate, onInteraction(client, desk, { deferAfterMs: opts.deferAfterMs ?? 1500, editorRole: config.editorRole, inbound }));
  client.on(Events.MessageReactionAdd, onReaction(client, desk, inbound, config.flagEmoji ?? DISCORD_DEFAULT_FLAG));
  client.on(Events.Error, (err) => log.error({ err }, 'Discord client error'));
  client.on(Events.ShardDisconnect, (ev, shard) => log.warn({ code: ev.code, shard }, 'Discord gateway disconnected'));

  const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
  try {
    await client.login(config.token);
    await ready;
  } catch (err) {
    await client.destroy().catch(() => undefined);
    throw explainLoginError(err);
  }
  log.info({ user: client.user?.tag, guilds: client.guilds.cache.size }, 'Discord connected');

  if (opts.register ?? true) {
    // Commands usually exist from an earlier start; a failure here must not stop the bot.
    await registerCommands(config, log, client.rest).catch((err) => log.warn({ err }, 'could not register the Discord slash commands'));
  }

  return {
    delivery: discordDelivery(client.rest, log),
    async stop() {
      await client.destroy();
    },
  };
}
