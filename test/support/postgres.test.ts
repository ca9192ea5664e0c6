// The throwaway server the tests start: reachable, fsync on, enough connections, a database per file.
import pg from 'pg';
import { expect, it } from 'vitest';
import { describePg } from './pg-test.ts';

describePg('test PostgreSQL server', (db) => {
  it('answers on its own database with fsync on and room for many connections', async () => {
    const c = new pg.Client({ connectionString: db.url });
    await c.connect();
    try {
      const { rows } = await c.query(`SELECT current_database() AS db, current_setting('fsync') AS fsync, current_setting('max_connections')::int AS max`);
      expect(rows[0].db).toBe(new URL(db.url).pathname.slice(1));
      expect(rows[0].fsync).toBe('on');
      expect(rows[0].max).toBeGreaterThanOrEqual(100);
    } finally {
      await c.end();
    }
  });
});
