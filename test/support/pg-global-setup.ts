// Global setup: start one throwaway PostgreSQL server for the run (unless TEST_DATABASE_URL is set) and
// hand its URL to the test workers through the environment. No binaries: the PG tests skip with one line,
// or the run fails when PostgreSQL is required (CI=true, CLAIMDESK_REQUIRE_PG=1 from .ci/run).
import { findPgBin, NO_SERVER_ENV, pgRequired, SERVER_ENV, startPgServer } from './postgres.ts';

export default async function setup(): Promise<(() => void) | undefined> {
  if (process.env.TEST_DATABASE_URL) return undefined;
  const bin = findPgBin();
  if (!bin) {
    const why = 'no PostgreSQL binaries (initdb, pg_ctl) found under /usr/lib/postgresql or PG_BIN, and TEST_DATABASE_URL is not set';
    if (pgRequired()) throw new Error(`PostgreSQL tests are required here but cannot run: ${why}`);
    process.env[NO_SERVER_ENV] = why;
    return undefined;
  }
  const server = await startPgServer(bin);
  process.env[SERVER_ENV] = server.url;
  return () => {
    delete process.env[SERVER_ENV];
    server.stop();
  };
}
