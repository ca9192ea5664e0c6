// Turns what a write did in memory into the arguments of claimdesk_commit(): the versions it was based on,
// the rows to delete and upsert, the sequences it used, and the log record other instances apply.
import type { Engine, Mutation } from '../engine.ts';
import type { CollectionName, WriteTx } from '../types.ts';

/** What fn looked at: single docs by id, and whether it scanned (all, count, byIndex). */
export interface ReadSet {
  docs: Map<string, [CollectionName, string]>;
  scanned: boolean;
}

/** A WriteTx that records what fn reads, so the commit can check nobody changed it meanwhile. */
export function recordingTx(tx: WriteTx, reads: ReadSet): WriteTx {
  const saw = (coll: CollectionName, id: string) => reads.docs.set(`${coll}\u0000${id}`, [coll, id]);
  return {
    get: (coll, id) => (saw(coll, id), tx.get(coll, id)),
    all: (coll) => ((reads.scanned = true), tx.all(coll)),
    count: (coll) => ((reads.scanned = true), tx.count(coll)),
    byIndex: (coll, index, key) => ((reads.scanned = true), tx.byIndex(coll, index, key)),
    put: (coll, doc, opts) => tx.put(coll, doc, opts),
    delete: (coll, id, opts) => (saw(coll, id), tx.delete(coll, id, opts)),
    nextId: (seq) => tx.nextId(seq),
  };
}

export interface CommitArgs {
  /** a scan cannot be checked doc by doc: such a write needs the ledger not to have moved at all */
  strict: boolean;
  checks: string;
  dels: string;
  puts: string;
  seqs: string;
  log: string;
}

/** The log record: what engine.apply() needs on another instance. */
export interface LogRecord {
  c: Mutation['changes'];
  s: Mutation['seqs'];
}

export function commitArgs(engine: Engine, m: Mutation, reads: ReadSet): CommitArgs {
  const checks = new Map<string, { c: string; i: string; v: number }>();
  const check = (c: CollectionName, i: string) => {
    const k = `${c}\u0000${i}`;
    if (!checks.has(k)) checks.set(k, { c, i, v: engine.get(c, i)?.version ?? 0 });
  };
  for (const [c, i] of reads.docs.values()) check(c, i);
  // the final state of each doc the write touched; `o` is where a doc new to the collection stands among
  // the write's changes, so its rank (the order of all()) matches the one memory gives it
  const state = new Map<string, { c: CollectionName; i: string; present: boolean; deleted: boolean; body?: string; v?: number; o: number }>();
  m.changes.forEach((ch, o) => {
    const i = ch.op === 'put' ? ch.doc.id : ch.id;
    const k = `${ch.coll}\u0000${i}`;
    check(ch.coll, i);
    let s = state.get(k);
    if (!s) state.set(k, (s = { c: ch.coll, i, present: engine.get(ch.coll, i) !== undefined, deleted: false, o: 0 }));
    if (ch.op === 'put') {
      if (!s.present) s.o = o;
      s.present = true;
      s.body = JSON.stringify(ch.doc);
      s.v = ch.doc.version;
    } else {
      s.present = false;
      s.deleted = true;
    }
  });
  const dels: { c: string; i: string }[] = [];
  const puts: { c: string; i: string; v: number; o: number; b: string }[] = [];
  for (const s of state.values()) {
    // deleted then put again: delete first so the row gets a new rank, as the doc does in memory
    if (s.deleted) dels.push({ c: s.c, i: s.i });
    if (s.present) puts.push({ c: s.c, i: s.i, v: s.v!, o: s.o, b: s.body! });
  }
  const seqs = Object.entries(m.seqs).map(([n, v]) => ({ n, b: engine.seqs[n] ?? 0, v }));
  const log: LogRecord = { c: m.changes, s: m.seqs };
  return {
    strict: reads.scanned,
    checks: JSON.stringify([...checks.values()]),
    dels: JSON.stringify(dels),
    puts: JSON.stringify(puts),
    seqs: JSON.stringify(seqs),
    log: JSON.stringify(log),
  };
}
