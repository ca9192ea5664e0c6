// Keeps the `changes` log short. Every instance reports, now and then, the last commit it has applied
// (`instances.seen`, with the time). A round deletes the log rows that every live instance (one heard from
// within liveMs) has applied and that are older than keepMs. An instance that was not heard from for longer
// (paused, cut off) may find the rows it still needs gone: it then reloads the whole ledger (PgStore.reload).
import type pg from 'pg';
import type { Engine } from '../engine.ts';
import type { Change } from '../types.ts';

export interface PruneOptions {
  /** a round this often (default 60 s) */
  everyMs: number;
  /** log rows younger than this are kept whatever the instances have applied (default 10 min) */
  keepMs: number;
  /** an instance not heard from for this long no longer holds rows back (default 5 min) */
  liveMs: number;
}

export const PRUNE_DEFAULTS: PruneOptions = { everyMs: 60_000, keepMs: 600_000, liveMs: 300_000 };

/** Report `seen` for this instance, then delete what every live instance has applied; returns rows deleted. */
export async function pruneRound(pool: pg.Pool, instance: string, seen: number, o: PruneOptions): Promise<number> {
  await pool.query(
    `INSERT INTO instances (id, seen, at) VALUES ($1, $2, now()) ON CONFLICT (id) DO UPDATE SET seen = excluded.seen, at = excluded.at`,
    [instance, seen],
  );
  const r = await pool.query(
    `DELETE FROM changes WHERE at < now() - $2 * interval '1 millisecond'
       AND seq <= (SELECT min(seen) FROM instances WHERE at > now() - $1 * interval '1 millisecond')`,
    [o.liveMs, o.keepMs],
  );
  await pool.query(`DELETE FROM instances WHERE at < now() - $1 * interval '1 millisecond'`, [o.liveMs * 10]);
  return r.rowCount ?? 0;
}

/** What changed from `old` to `fresh`, as the changes onCommit listeners get (search index, dispatcher…). */
export function diffEngines(old: Engine, fresh: Engine): Change[] {
  const out: Change[] = [];
  for (const coll of fresh.schema.collections) {
    for (const doc of fresh.all(coll)) {
      const was = old.get(coll, doc.id);
      if (!was || was.version !== doc.version || JSON.stringify(was) !== JSON.stringify(doc)) out.push({ op: 'put', coll, doc } as Change);
    }
    for (const doc of old.all(coll)) if (!fresh.get(coll, doc.id)) out.push({ op: 'delete', coll, id: doc.id });
  }
  return out;
}
