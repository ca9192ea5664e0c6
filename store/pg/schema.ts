// The PostgreSQL schema, as versioned migrations run at open in one transaction under an advisory lock
// (instances starting together do not race). See docs/postgres.md.
import type pg from 'pg';

/**
 * Migration n brings the schema from version n-1 to n. Never edit a released one; append.
 * - docs: one row per document, its JSON as text (jsonb would reorder keys and refuses \u0000), its
 *   version, and its rank (the order of all(), the same on every instance).
 * - sequences: named counters (claim ids); a number committed once is never handed out again.
 * - ledger_head: one row, the number of the last committed write; every commit updates it, which
 *   serialises commits so the changes log is in commit order without gaps.
 * - changes: the log other instances follow (LISTEN/NOTIFY wakes them, polling when that drops).
 */
export const MIGRATIONS: string[] = [
  `
  CREATE TABLE docs (
    coll text NOT NULL,
    id text NOT NULL,
    version integer NOT NULL,
    rank bigint NOT NULL,
    body text NOT NULL,
    PRIMARY KEY (coll, id)
  );
  CREATE TABLE sequences (name text PRIMARY KEY, value bigint NOT NULL);
  CREATE TABLE ledger_head (one boolean PRIMARY KEY DEFAULT true CHECK (one), seq bigint NOT NULL);
  INSERT INTO ledger_head (seq) VALUES (0);
  CREATE TABLE changes (
    seq bigint PRIMARY KEY,
    instance text NOT NULL,
    body text NOT NULL,
    at timestamptz NOT NULL DEFAULT now()
  );
  `,
  // One round trip per write: checks the versions the write was based on, applies it, logs it, notifies.
  // Raises SQLSTATE CD001 when another instance changed what the write read (the caller catches up and
  // re-runs the write). The head row is locked first, so commits are serialised and ranks follow them.
  `
  CREATE FUNCTION claimdesk_commit(p_instance text, p_base bigint, p_strict boolean, p_checks json,
                                   p_dels json, p_puts json, p_seqs json, p_log text, p_channel text)
  RETURNS json LANGUAGE plpgsql AS $$
  DECLARE
    head bigint;
    n bigint;
    missed json;
    bad text;
  BEGIN
    UPDATE ledger_head SET seq = seq + 1 RETURNING seq - 1 INTO head;
    IF p_strict AND head <> p_base THEN
      RAISE EXCEPTION 'the ledger moved on (% > %)', head, p_base USING ERRCODE = 'CD001';
    END IF;
    n := head + 1;
    PERFORM 1 FROM docs d JOIN json_to_recordset(p_checks) AS x(c text, i text, v int)
      ON d.coll = x.c AND d.id = x.i FOR UPDATE OF d;
    SELECT x.c || '/' || x.i INTO bad FROM json_to_recordset(p_checks) AS x(c text, i text, v int)
      LEFT JOIN docs d ON d.coll = x.c AND d.id = x.i WHERE coalesce(d.version, 0) <> x.v LIMIT 1;
    IF bad IS NOT NULL THEN
      RAISE EXCEPTION '% changed meanwhile', bad USING ERRCODE = 'CD001';
    END IF;
    SELECT x.n INTO bad FROM json_to_recordset(p_seqs) AS x(n text, b bigint, v bigint)
      LEFT JOIN sequences s ON s.name = x.n WHERE coalesce(s.value, 0) <> x.b LIMIT 1;
    IF bad IS NOT NULL THEN
      RAISE EXCEPTION 'sequence % moved on', bad USING ERRCODE = 'CD001';
    END IF;
    INSERT INTO sequences (name, value) SELECT x.n, x.v FROM json_to_recordset(p_seqs) AS x(n text, b bigint, v bigint)
      ON CONFLICT (name) DO UPDATE SET value = excluded.value;
    DELETE FROM docs d USING json_to_recordset(p_dels) AS x(c text, i text) WHERE d.coll = x.c AND d.id = x.i;
    INSERT INTO docs (coll, id, version, rank, body)
      SELECT x.c, x.i, x.v, n * 10000000 + x.o, x.b FROM json_to_recordset(p_puts) AS x(c text, i text, v int, o bigint, b text)
      ON CONFLICT (coll, id) DO UPDATE SET version = excluded.version, body = excluded.body;
    INSERT INTO changes (seq, instance, body) VALUES (n, p_instance, p_log);
    SELECT json_agg(json_build_array(c.seq, c.body) ORDER BY c.seq) INTO missed
      FROM changes c WHERE c.seq > p_base AND c.seq < n;
    PERFORM pg_notify(p_channel, n::text);
    RETURN json_build_object('seq', n, 'missed', missed);
  END $$;
  `,
  // Leases: one process at a time delivers a channel's alerts (and later: holds the Discord gateway).
  `
  CREATE TABLE leases (name text PRIMARY KEY, holder text NOT NULL, until timestamptz NOT NULL);
  `,
  // Loading reads each collection in rank order: from this index instead of an (on-disk) sort of the bodies.
  `
  CREATE INDEX docs_by_rank ON docs (coll, rank);
  `,
  // Pruning the log: the last commit each instance has applied, and when it said so (store/pg/prune.ts).
  `
  CREATE TABLE instances (id text PRIMARY KEY, seen bigint NOT NULL, at timestamptz NOT NULL);
  `,
];

/** Advisory lock key for migrations, per schema (tests run several ledgers in one database). */
const lockKey = (schema: string) => `claimdesk-migrate:${schema}`;

/** Create or migrate the schema; returns the version it is at. */
export async function migrate(client: pg.PoolClient | pg.Client, schema: string): Promise<number> {
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [lockKey(schema)]);
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${ident(schema)}`);
    await client.query(`SET LOCAL search_path TO ${ident(schema)}`);
    await client.query('CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())');
    const { rows } = await client.query('SELECT coalesce(max(version), 0) AS v FROM schema_migrations');
    const at = Number(rows[0].v);
    if (at > MIGRATIONS.length) {
      throw new Error(`the database schema is at version ${at}, newer than this claimdesk knows (${MIGRATIONS.length}); upgrade claimdesk`);
    }
    for (let v = at + 1; v <= MIGRATIONS.length; v++) {
      await client.query(MIGRATIONS[v - 1]);
      await client.query('INSERT INTO schema_migrations (version) VALUES ($1)', [v]);
    }
    await client.query('COMMIT');
    return MIGRATIONS.length;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    throw err;
  }
}

/** Quote an identifier (schema names come from configuration). */
export function ident(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
