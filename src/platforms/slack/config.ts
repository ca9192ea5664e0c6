// Slack's own variables. Light on purpose: the platform table (src/platforms/index.ts) imports this, and Bolt
// loads only when Slack starts.
import { z } from 'zod';
import { empty, opt, portVar } from '../../config.ts';
import { flagEmojiFrom } from '../flag-emoji.ts';

export interface SlackConfig {
  botToken: string;
  signingSecret?: string;
  appToken?: string;
  apiUrl: string;
  /** PORT: where Bolt listens when no shared server (the public pages) runs */
  port: number;
  /** FLAG_EMOJI as Slack names it (default `triangular_flag_on_post`) */
  flagEmoji?: string;
}

const SlackEnv = z.object({
  SLACK_BOT_TOKEN: opt(),
  SLACK_SIGNING_SECRET: opt(),
  SLACK_APP_TOKEN: opt(),
  SLACK_API_URL: z.preprocess(empty, z.string().url().default('https://slack.com/api/')),
  PORT: portVar(),
});

export const SLACK_DEFAULT_FLAG = 'triangular_flag_on_post';

/** Slack's settings, or undefined without a bot token and a way in (signing secret for HTTP, app token for Socket Mode). */
export function slackConfig(env: NodeJS.ProcessEnv): SlackConfig | undefined {
  const e = SlackEnv.parse(env);
  if (!e.SLACK_BOT_TOKEN || !(e.SLACK_SIGNING_SECRET || e.SLACK_APP_TOKEN)) return undefined;
  return {
    botToken: e.SLACK_BOT_TOKEN,
    signingSecret: e.SLACK_SIGNING_SECRET,
    appToken: e.SLACK_APP_TOKEN,
    apiUrl: e.SLACK_API_URL,
    port: e.PORT,
    flagEmoji: flagEmojiFrom(env, SLACK_DEFAULT_FLAG),
  };
}

/** Slack variables set without their partners. */
export function slackIncomplete(env: NodeJS.ProcessEnv): string[] {
  const set = (k: string) => !!env[k]?.trim(); // an empty string counts as unset
  const out: string[] = [];
  if (set('SLACK_BOT_TOKEN') && !set('SLACK_SIGNING_SECRET') && !set('SLACK_APP_TOKEN')) {
    out.push('SLACK_BOT_TOKEN is set but neither SLACK_SIGNING_SECRET (HTTP) nor SLACK_APP_TOKEN (Socket Mode)');
  }
  for (const k of ['SLACK_SIGNING_SECRET', 'SLACK_APP_TOKEN']) if (set(k) && !set('SLACK_BOT_TOKEN')) out.push(`${k} is set but SLACK_BOT_TOKEN is not`);
  return out;
}
