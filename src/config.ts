// Configuration from the environment (.env is loaded by the entry points). Empty strings count as unset.
import { z } from 'zod';

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

const empty = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const opt = () => z.preprocess(empty, z.string().optional());

const EnvSchema = z.object({
  DATA_DIR: z.preprocess(empty, z.string().default('./data')),
  DATABASE_URL: z.preprocess(empty, z.string().regex(/^postgres(ql)?:\/\//, 'DATABASE_URL must be a postgres:// URL').optional()),
  SLACK_BOT_TOKEN: opt(),
  SLACK_SIGNING_SECRET: opt(),
  SLACK_APP_TOKEN: opt(),
  SLACK_API_URL: z.preprocess(empty, z.string().url().default('https://slack.com/api/')),
  PORT: z.preprocess(empty, z.coerce.number().int().min(0).max(65535).default(3000)),
  DISCORD_TOKEN: opt(),
  DISCORD_APPLICATION_ID: opt(),
  DISCORD_API_URL: opt(),
  DISCORD_GUILD_ID: opt(),
  EDITORS: opt(),
  DISCORD_EDITOR_ROLE: z.preprocess(empty, z.string().default('Editor')),
  FLAG_EMOJI: opt(),
  DIGEST_TZ: z.preprocess(
    empty,
    z
      .string()
      .default('UTC')
      .refine(isTimeZone, { message: 'DIGEST_TZ must be an IANA time zone such as UTC or Europe/Berlin' }),
  ),
  LOG_LEVEL: z.preprocess(empty, z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info')),
  CLAIMDESK_DEMO: opt(),
  CLAIMDESK_ORG_NAME: z.preprocess(empty, z.string().default('claimdesk')),
  CLAIMDESK_ORG_URL: opt(),
  PUBLIC_URL: z.preprocess(
    empty,
    z
      .string()
      .refine((u) => /^https?:\/\/[^/]/i.test(u) && URL.canParse(u), { message: 'PUBLIC_URL must be an http(s) URL such as https://factcheck.example.org' })
      .optional(),
  ),
});

export interface Config {
  dataDir: string;
  /** postgres://…: the ledger in PostgreSQL (several instances may share it) instead of DATA_DIR */
  databaseUrl?: string;
  slack?: { botToken: string; signingSecret?: string; appToken?: string; apiUrl: string; port: number };
  discord?: { token: string; applicationId: string; apiUrl?: string; guildId?: string; editorRole: string };
  port: number;
  /** user keys (`slack:U123`, `discord:42`) */
  editors: Set<string>;
  discordEditorRole: string;
  flagEmoji: { slack: string; discord: string; console: string };
  digestTz: string;
  logLevel: string;
  demo: boolean;
  /** PUBLIC_URL without trailing slashes: serve the verdict pages (src/web) on PORT */
  publicUrl?: string;
  org: { name: string; url?: string; publicUrl?: string };
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const e = EnvSchema.parse(env);
  const publicUrl = e.PUBLIC_URL?.trim().replace(/\/+$/, '');
  const flag = e.FLAG_EMOJI?.replace(/^:|:$/g, '');
  const slack =
    e.SLACK_BOT_TOKEN && (e.SLACK_SIGNING_SECRET || e.SLACK_APP_TOKEN)
      ? { botToken: e.SLACK_BOT_TOKEN, signingSecret: e.SLACK_SIGNING_SECRET, appToken: e.SLACK_APP_TOKEN, apiUrl: e.SLACK_API_URL, port: e.PORT }
      : undefined;
  const discord =
    e.DISCORD_TOKEN && e.DISCORD_APPLICATION_ID
      ? { token: e.DISCORD_TOKEN, applicationId: e.DISCORD_APPLICATION_ID, apiUrl: e.DISCORD_API_URL, guildId: e.DISCORD_GUILD_ID, editorRole: e.DISCORD_EDITOR_ROLE }
      : undefined;
  return {
    dataDir: e.DATA_DIR,
    databaseUrl: e.DATABASE_URL,
    slack,
    discord,
    port: e.PORT,
    editors: new Set((e.EDITORS ?? '').split(',').map((s) => s.trim()).filter(Boolean)),
    discordEditorRole: e.DISCORD_EDITOR_ROLE,
    flagEmoji: { slack: flag ?? 'triangular_flag_on_post', discord: flag ?? '🚩', console: flag ?? 'triangular_flag_on_post' },
    digestTz: e.DIGEST_TZ,
    logLevel: e.LOG_LEVEL,
    demo: e.CLAIMDESK_DEMO !== '0',
    publicUrl,
    org: { name: e.CLAIMDESK_ORG_NAME, url: e.CLAIMDESK_ORG_URL, ...(publicUrl ? { publicUrl } : {}) },
  };
}

/** Where the ledger lives, for messages: DATA_DIR, or the PostgreSQL host and database (no password). */
export function storeLabel(config: Pick<Config, 'dataDir' | 'databaseUrl'>): string {
  if (!config.databaseUrl) return config.dataDir;
  try {
    const u = new URL(config.databaseUrl);
    return `PostgreSQL ${u.host}${u.pathname}`;
  } catch {
    return 'PostgreSQL (DATABASE_URL)';
  }
}
