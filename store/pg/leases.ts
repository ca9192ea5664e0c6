// Leases in the database: who delivers a channel's alerts right now (`outbox:<channel>`), who runs the
// Discord gateway (`discord-gateway`). docs/postgres.md.
import type pg from 'pg';

/**
 * Take or renew the lease; returns the ledger head read in the same statement, or undefined when another
 * instance holds it. The row is claimed FOR UPDATE SKIP LOCKED: an instance never waits behind another's
 * claim, it just does not get the lease this time. `known` remembers which rows exist already.
 */
export async function takeLease(pool: pg.Pool, instance: string, name: string, ttlMs: number, known: Set<string>): Promise<number | undefined> {
  if (!known.has(name)) {
    await pool.query(`INSERT INTO leases (name, holder, until) VALUES ($1, '', '-infinity') ON CONFLICT DO NOTHING`, [name]);
    known.add(name);
  }
  const { rows } = await pool.query({
    name: 'claimdesk_lease',
    text: `WITH cur AS (SELECT name FROM leases WHERE name = $1 AND (holder = $2 OR until < now()) FOR UPDATE SKIP LOCKED),
           got AS (UPDATE leases l SET holder = $2, until = now() + $3 * interval '1 millisecond' FROM cur WHERE l.name = cur.name RETURNING 1)
           SELECT (SELECT count(*) FROM got)::int AS got, (SELECT seq FROM ledger_head) AS head`,
    values: [name, instance, ttlMs],
  });
  return rows[0].got ? Number(rows[0].head) : undefined;
}

export async function releaseLease(pool: pg.Pool, instance: string, name: string): Promise<void> {
  await pool.query(`UPDATE leases SET until = '-infinity' WHERE name = $1 AND holder = $2`, [name, instance]).catch(() => {});
}
