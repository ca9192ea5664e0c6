// Reads the whole ledger at an instance's start, in one REPEATABLE READ snapshot. Each collection comes as a
// few JSON-array strings of about CHUNK documents each, in rank order (the order of all()), as the rows of
// one query: the server sends each row as soon as it is built, and this process parses chunk k while the
// server builds chunk k+1 (a 'row' listener, not a result buffered to the end).
import pg from 'pg';
import type { EngineState } from '../engine.ts';
import type { CollectionName } from '../types.ts';

/** documents per string: big enough that the per-row cost vanishes, small enough to overlap well */
const CHUNK = 10_000;
const MIN = '-9223372036854775808';

export interface Snapshot {
  state: EngineState;
  /** the number of the last commit the snapshot contains */
  head: number;
}

/** `collections`: the schema's collections, in order. */
export async function readSnapshot(client: pg.PoolClient, collections: readonly CollectionName[]): Promise<Snapshot> {
  await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
  try {
    const head = await client.query('SELECT seq FROM ledger_head');
    const seqs = await client.query('SELECT name, value FROM sequences');
    // the rank that ends each chunk, read from the (coll, rank) index alone
    const ends = await client.query<{ coll: string; rank: string }>({
      text: `SELECT coll, rank FROM (SELECT coll, rank, row_number() OVER (PARTITION BY coll ORDER BY rank) AS n FROM docs) d
             WHERE n % $1 = 0 ORDER BY coll, rank`,
      values: [CHUNK],
    });
    const ranges: { i: number; c: string; lo: string; hi: string | null }[] = [];
    for (const coll of collections) {
      let lo = MIN;
      for (const hi of [...ends.rows.filter((r) => r.coll === coll).map((r) => r.rank), null]) {
        ranges.push({ i: ranges.length, c: coll, lo, hi });
        if (hi) lo = hi;
      }
    }
    const state: EngineState = { collections: {} as EngineState['collections'], seqs: {} };
    for (const c of collections) state.collections[c] = [];
    await streamRows(
      client,
      `SELECT r.c, (SELECT '[' || coalesce(string_agg(body, ','), '') || ']'
                      FROM (SELECT body FROM docs WHERE coll = r.c AND rank > r.lo AND (r.hi IS NULL OR rank <= r.hi) ORDER BY rank) d) AS docs
         FROM (SELECT * FROM json_to_recordset($1::json) AS x(i int, c text, lo bigint, hi bigint) ORDER BY i) r`,
      [JSON.stringify(ranges)],
      (row: { c: string; docs: string }) => {
        const into = state.collections[row.c as CollectionName] as unknown[];
        for (const d of JSON.parse(row.docs) as unknown[]) into.push(d);
      },
    );
    for (const row of seqs.rows) state.seqs[row.name] = Number(row.value);
    await client.query('COMMIT');
    return { state, head: Number(head.rows[0].seq) };
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    throw err;
  }
}

/** Run a query and hand each row to onRow as it arrives; rejects on the query's error or onRow's. */
function streamRows<R>(client: pg.PoolClient, text: string, values: unknown[], onRow: (row: R) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    let failed: unknown;
    const q = new pg.Query({ text, values });
    q.on('row', (row: R) => {
      if (failed) return;
      try {
        onRow(row);
      } catch (err) {
        failed = err;
      }
    });
    q.on('error', reject);
    q.on('end', () => (failed ? reject(failed) : resolve()));
    void client.query(q);
  });
}
