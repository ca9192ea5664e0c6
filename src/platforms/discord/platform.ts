// Discord's row in the platform table: its config and how to start it (discord.js is imported only then).
// Two instances on one bot token would both answer every interaction and reaction, so with a shared store
// (PostgreSQL) the gateway runs only where the "discord-gateway" lease is held.
import type { Platform } from '../../core/platform.ts';
import { discordConfig, discordIncomplete } from './config.ts';

export const DISCORD_ID = 'discord';

export const discordPlatform: Platform = {
  id: DISCORD_ID,
  label: 'Discord',
  adds:
    'the same status select and Add source / History buttons on claim cards and alerts; Apps → Flag as claim on any ' +
    "message opens a form to correct who said it; /claim add with no options opens a form; a claim's later alerts go in " +
    'a thread under its first alert.',
  incomplete: discordIncomplete,
  lease: 'discord-gateway',
  configure(env) {
    const config = discordConfig(env);
    if (!config) return undefined;
    return {
      async start(host) {
        const { startDiscord } = await import('./index.ts');
        return startDiscord(host.desk, config, { inbound: host.inbound });
      },
    };
  },
};
