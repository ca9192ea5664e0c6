// Configuration from the environment (.env is loaded by the entry points). Empty strings count as unset.
// Each platform reads its own variables (src/platforms/<name>/config.ts).
import { z } from 'zod';

function isTimeZone(tz: string): boolean {
  if (tz === 'UTC') return true; // the default, known without ICU's first Intl object (~15 ms of every start)
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** Zod pieces shared with the platforms' own configuration (src/platforms/<name>/config.ts). */
export const empty = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
export const opt = () => z.preprocess(empty, z.string().optional());
export const portVar = () => z.preprocess(empty, z.coerce.number().int().min(0).max(65535).default(3000));

const EnvSchema = z.object({
  DATA_DIR: z.preprocess(empty, z.string().default('./data')),
  DATABASE_URL: z.preprocess(empty, z.string().regex(/^postgres(ql)?:\/\//, 'DATABASE_URL must be a postgres:// URL').optional()),
  PORT: portVar(),
  EDITORS: opt(),
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
  /** with databaseUrl: how long a channel's alert lease lasts unrenewed (the dispatcher's default when unset) */
  outboxLeaseMs?: number;
  port: number;
  /** user keys (`<platform>:<user id>`) */
  editors: Set<string>;
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
  return {
    dataDir: e.DATA_DIR,
    databaseUrl: e.DATABASE_URL,
    // leases exist only when instances share a database: without one the variable is not read
    outboxLeaseMs: e.DATABASE_URL ? outboxLeaseFromEnv(env) : undefined,
    port: e.PORT,
    editors: new Set((e.EDITORS ?? '').split(',').map((s) => s.trim()).filter(Boolean)),
    digestTz: e.DIGEST_TZ,
    logLevel: e.LOG_LEVEL,
    demo: e.CLAIMDESK_DEMO !== '0',
    publicUrl,
    org: { name: e.CLAIMDESK_ORG_NAME, url: e.CLAIMDESK_ORG_URL, ...(publicUrl ? { publicUrl } : {}) },
  };
}

/** CLAIMDESK_OUTBOX_LEASE_MS, when set: a whole number of milliseconds, at least 500. */
export function outboxLeaseFromEnv(env: NodeJS.ProcessEnv = process.env): number | undefined {
  const raw = env.CLAIMDESK_OUTBOX_LEASE_MS?.trim();
  if (!raw) return undefined;
  const ms = Number(raw);
  if (!Number.isInteger(ms) || ms < 500) throw new Error(`CLAIMDESK_OUTBOX_LEASE_MS must be a whole number of milliseconds, at least 500; got ${JSON.stringify(raw)}`);
  return ms;
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
