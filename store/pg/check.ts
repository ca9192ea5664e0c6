// `npm run cli -- check` on PostgreSQL: read the ledger's tables in one snapshot, change nothing (safe next
// to running instances), and report whether every row is a document claimdesk would load.
import pg from 'pg';
import type { Schema, Shape } from '../types.ts';
import { MIGRATIONS } from './schema.ts';
import { searchPath } from './errors.ts';

export interface PgCheckReport {
  ok: boolean;
  problems: string[];
  notes: string[];
  where: string;
  schemaVersion?: number;
  lastCommit?: number;
  docs?: Record<string, number>;
  sequences?: Record<string, number>;
}

/** `docs`: the collections the application keeps; `schema`: PostgreSQL's schema holding the ledger. */
export async function checkPgStore<S extends Shape>(url: string, where: string, docs: Schema<S>, schema = 'claimdesk'): Promise<PgCheckReport> {
  const r: PgCheckReport = { ok: true, problems: [], notes: [], where };
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000, options: searchPath(schema) });
  try {
    await client.connect();
  } catch (err) {
    r.ok = false;
    r.problems.push(`cannot connect: ${(err as Error).message}`);
    return r;
  }
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const has = await client.query(`SELECT to_regclass('schema_migrations') IS NOT NULL AS m, to_regclass('docs') IS NOT NULL AS d`);
    if (!has.rows[0].m || !has.rows[0].d) {
      r.notes.push(`no claimdesk tables in schema "${schema}" yet: the first instance will create them and start empty`);
      return r;
    }
    r.schemaVersion = Number((await client.query('SELECT coalesce(max(version), 0) AS v FROM schema_migrations')).rows[0].v);
    if (r.schemaVersion > MIGRATIONS.length) r.problems.push(`schema version ${r.schemaVersion} is newer than this claimdesk (${MIGRATIONS.length})`);
    else if (r.schemaVersion < MIGRATIONS.length) r.notes.push(`schema version ${r.schemaVersion}: the next start migrates it to ${MIGRATIONS.length}`);
    r.lastCommit = Number((await client.query('SELECT seq FROM ledger_head')).rows[0].seq);
    const logged = Number((await client.query('SELECT coalesce(max(seq), 0) AS s FROM changes')).rows[0].s);
    if (logged > r.lastCommit) r.problems.push(`the changes log goes to ${logged}, past the ledger head ${r.lastCommit}`);
    r.sequences = {};
    for (const row of (await client.query('SELECT name, value FROM sequences')).rows) r.sequences[row.name] = Number(row.value);
    r.docs = {};
    const rows = await client.query('SELECT coll, id, version, body FROM docs');
    let maxClaim = 0;
    for (const row of rows.rows) {
      const where = `${row.coll}/${row.id}`;
      if (!(docs.collections as readonly string[]).includes(row.coll)) {
        r.problems.push(`${where}: unknown collection`);
        continue;
      }
      r.docs[row.coll] = (r.docs[row.coll] ?? 0) + 1;
      let doc: { id?: unknown; version?: unknown };
      try {
        doc = JSON.parse(row.body);
      } catch {
        r.problems.push(`${where}: the stored JSON does not parse`);
        continue;
      }
      if (doc.id !== row.id) r.problems.push(`${where}: the document's id is ${JSON.stringify(doc.id)}`);
      if (doc.version !== row.version) r.problems.push(`${where}: version ${String(doc.version)} in the document, ${row.version} in the row`);
      const m = row.coll === 'claims' && /^C(\d+)$/.exec(row.id);
      if (m) maxClaim = Math.max(maxClaim, Number(m[1]));
    }
    if (maxClaim > (r.sequences.claim ?? 0)) r.problems.push(`claim C${maxClaim} exists but the claim sequence is at ${r.sequences.claim ?? 0}: ids could be handed out twice`);
    await client.query('COMMIT');
  } catch (err) {
    r.problems.push(`cannot read the ledger: ${(err as Error).message}`);
  } finally {
    await client.end().catch(() => {});
  }
  r.ok = r.problems.length === 0;
  return r;
}

export function formatPgCheck(r: PgCheckReport): string {
  const lines = [`store ${r.where}: ${r.ok ? 'OK' : 'DAMAGED'}`];
  if (r.schemaVersion !== undefined) lines.push(`  schema version ${r.schemaVersion}, last commit #${r.lastCommit}`);
  if (r.docs) lines.push(`  documents: ${Object.entries(r.docs).map(([k, v]) => `${v} ${k}`).join(', ') || 'none'}`);
  if (r.sequences && Object.keys(r.sequences).length) lines.push(`  sequences: ${Object.entries(r.sequences).map(([k, v]) => `${k} ${v}`).join(', ')}`);
  for (const p of r.problems) lines.push(`  problem: ${p}`);
  for (const n of r.notes) lines.push(`  note: ${n}`);
  return lines.join('\n');
}
