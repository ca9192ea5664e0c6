// Discord's own variables. Light on purpose: the platform table (src/platforms/index.ts) imports this, and
// discord.js loads only when Discord starts (or `cli register-commands` runs).
import { z } from 'zod';
import { empty, opt } from '../../config.ts';
import { flagEmojiFrom } from '../flag-emoji.ts';

export interface DiscordConfig {
  token: string;
  applicationId: string;
  apiUrl?: string;
  guildId?: string;
  /** DISCORD_EDITOR_ROLE: members holding a role of this name are editors (default `Editor`) */
  editorRole: string;
  /** FLAG_EMOJI: a character, a name or a custom `<:name:id>` (default 🚩) */
  flagEmoji?: string;
}

const DiscordEnv = z.object({
  DISCORD_TOKEN: opt(),
  DISCORD_APPLICATION_ID: opt(),
  DISCORD_API_URL: opt(),
  DISCORD_GUILD_ID: opt(),
  DISCORD_EDITOR_ROLE: z.preprocess(empty, z.string().default('Editor')),
});

export const DISCORD_DEFAULT_FLAG = '🚩';

/** Discord's settings, or undefined without both the bot token and the application id. */
export function discordConfig(env: NodeJS.ProcessEnv): DiscordConfig | undefined {
  const e = DiscordEnv.parse(env);
  if (!e.DISCORD_TOKEN || !e.DISCORD_APPLICATION_ID) return undefined;
  return {
    token: e.DISCORD_TOKEN,
    applicationId: e.DISCORD_APPLICATION_ID,
    apiUrl: e.DISCORD_API_URL,
    guildId: e.DISCORD_GUILD_ID,
    editorRole: e.DISCORD_EDITOR_ROLE,
    flagEmoji: flagEmojiFrom(env, DISCORD_DEFAULT_FLAG),
  };
}

/** Discord variables set without their partner. */
export function discordIncomplete(env: NodeJS.ProcessEnv): string[] {
  const set = (k: string) => !!env[k]?.trim();
  if (set('DISCORD_TOKEN') === set('DISCORD_APPLICATION_ID')) return [];
  return [set('DISCORD_TOKEN') ? 'DISCORD_TOKEN is set but DISCORD_APPLICATION_ID is not' : 'DISCORD_APPLICATION_ID is set but DISCORD_TOKEN is not'];
}
