// A throwaway PostgreSQL server for the tests: initdb + pg_ctl from the binaries on the machine, data and
// socket in a temp dir, listening on a free port on 127.0.0.1, stopped and removed at teardown. Run as the
// `postgres` user when the tests run as root (initdb refuses root). TEST_DATABASE_URL uses an existing
// server instead. Each test file gets its own database (createTestDatabase), so files run in parallel.
import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import pg from 'pg';

/** Set by the global setup for the test workers: the admin URL of the server, or why there is none. */
export const SERVER_ENV = 'CLAIMDESK_TEST_PG_SERVER';
export const NO_SERVER_ENV = 'CLAIMDESK_TEST_PG_MISSING';
/** With this set (by .ci/run) or CI=true, tests that cannot get a PostgreSQL server fail instead of skipping. */
export const REQUIRE_ENV = 'CLAIMDESK_REQUIRE_PG';

export function pgRequired(env = process.env): boolean {
  return env.CI === 'true' || env[REQUIRE_ENV] === '1';
}

/** The directory holding initdb and pg_ctl: PG_BIN, else the newest /usr/lib/postgresql/<n>/bin. */
export function findPgBin(env = process.env): string | undefined {
  const has = (d: string) => existsSync(join(d, 'initdb')) && existsSync(join(d, 'pg_ctl'));
  if (env.PG_BIN) return has(env.PG_BIN) ? env.PG_BIN : undefined;
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a));
  return versions.map((v) => join(root, v, 'bin')).find(has);
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

export interface PgServer {
  url: string;
  stop: () => void;
}

/** Start a server; throws with pg_ctl's log when it does not come up. */
export async function startPgServer(bin: string): Promise<PgServer> {
  const asRoot = process.getuid?.() === 0;
  // Not under TMPDIR: the test run's root is private to root, and the postgres user must enter this one.
  const dir = mkdtempSync(join('/tmp', 'claimdesk-pg-'));
  const data = join(dir, 'data');
  const log = join(dir, 'server.log');
  let uid = -1;
  if (asRoot) {
    uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(dir, uid, gid);
  }
  const run = (cmd: string, args: string[]) => {
    const r = asRoot
      ? spawnSync('runuser', ['-u', 'postgres', '--', join(bin, cmd), ...args], { encoding: 'utf8' })
      : spawnSync(join(bin, cmd), args, { encoding: 'utf8' });
    if (r.status !== 0) {
      let tail = '';
      try {
        tail = execFileSync('tail', ['-n', '30', log], { encoding: 'utf8' });
      } catch {}
      throw new Error(`${cmd} failed (${r.status}): ${r.stderr || r.stdout}\n${tail}`);
    }
  };
  try {
    run('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--locale=C', '--no-instructions']);
    const port = await freePort();
    const conf = [
      `port = ${port}`,
      `listen_addresses = '127.0.0.1'`,
      `unix_socket_directories = '${dir}'`,
      'max_connections = 300',
      'fsync = on',
      'synchronous_commit = on',
      'shared_buffers = 32MB',
      "log_min_messages = 'warning'",
    ].join('\n');
    writeFileSync(join(data, 'postgresql.auto.conf'), conf + '\n');
    if (uid >= 0) chownSync(join(data, 'postgresql.auto.conf'), uid, -1);
    run('pg_ctl', ['-D', data, '-l', log, '-w', '-t', '60', 'start']);
    const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
    const stop = () => {
      try {
        run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } catch {}
      rmSync(dir, { recursive: true, force: true });
    };
    return { url, stop };
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}

/** The admin URL the workers should use, or undefined with the reason in NO_SERVER_ENV. */
export function serverUrl(env = process.env): string | undefined {
  return env.TEST_DATABASE_URL || env[SERVER_ENV] || undefined;
}

/** Why there is no server ("" when there is one). */
export function missingReason(env = process.env): string {
  return env[NO_SERVER_ENV] ?? 'no PostgreSQL server (set TEST_DATABASE_URL or install PostgreSQL)';
}

function withDatabase(url: string, db: string): string {
  const u = new URL(url);
  u.pathname = `/${db}`;
  return u.toString();
}

/** CREATE DATABASE for one test file; returns its URL and a drop() for afterAll. */
export async function createTestDatabase(prefix = 'cd'): Promise<{ url: string; drop: () => Promise<void> }> {
  const admin = serverUrl();
  if (!admin) throw new Error(missingReason());
  const name = `${prefix}_${process.pid}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`.toLowerCase();
  const c = new pg.Client({ connectionString: admin });
  await c.connect();
  try {
    await c.query(`CREATE DATABASE ${name}`);
  } finally {
    await c.end();
  }
  return {
    url: withDatabase(admin, name),
    drop: async () => {
      const d = new pg.Client({ connectionString: admin });
      await d.connect();
      try {
        await d.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await d.end();
      }
    },
  };
}
