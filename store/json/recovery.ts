// Reading a store from disk: verify the snapshot, replay the journal records it does not contain yet.
// Pure: it reads and never writes, so `check` can use it on a live store and a refusal leaves every file
// as it was. The caller (JsonFileStore) cuts off a torn tail after this returns.
import fs from 'node:fs/promises';
import path from 'node:path';
import { Engine } from '../engine.ts';
import { StoreCorruptError, untyped, type Schema, type Shape } from '../types.ts';
import type { Logger } from 'pino';
import { cutTail, JOURNAL_FILE, readJournal, rotatedJournals, type JournalRecord, type ParsedJournal } from './journal.ts';
import { DEFAULT_MAX_LINE_BYTES } from './lines.ts';
import { currentSchemaVersion, SNAPSHOT_FILE, SNAPSHOT_TMP, migrate, truncateDurably } from './snapshot.ts';
import { readSnapshot } from './snapshot-read.ts';

export interface DiskState {
  engine: Engine;
  /** schema version of the files (the engine holds migrated data when lower than currentSchemaVersion()) */
  schemaVersion: number;
  /** last record number contained in the snapshot */
  journalSeq: number;
  /** last record number in memory (snapshot or journal) */
  lastRecord: number;
  snapshot: { exists: boolean; bytes: number; checksum: 'ok' | 'missing' | 'none'; savedAt?: string };
  journal: { exists: boolean; bytes: number; records: number; replayed: number; goodBytes: number; lastN: number };
  /** a torn/bad tail to cut off (bytes after `offset`), never acknowledged */
  tail?: ParsedJournal['tail'];
  /** journals rotated by a checkpoint that had not finished (read before journal.jsonl), oldest first */
  rotated: { file: string; last: number }[];
}

export interface ReadOptions {
  /** the longest line read (see lines.ts); lowered in tests to check that nothing longer is ever needed */
  maxLineBytes?: number;
  /** keep snapshot docs unparsed until first read (the store's open; see store/raw-docs.ts) */
  lazy?: boolean;
}

/** `schema`: the collections and indexes the store keeps (the application's, handed in at open). */
export async function readDisk<S extends Shape>(dir: string, schema: Schema<S>, opts: ReadOptions = {}): Promise<DiskState> {
  const maxLine = opts.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
  // Journal first: if a live store (seen by `check`) checkpoints between the two reads, we get an older
  // journal with a newer snapshot, which is consistent; the other order would look like a gap.
  const parsed = await readJournal(path.join(dir, JOURNAL_FILE), maxLine);
  const { rotated, records: olderRecords } = await readRotated(dir, maxLine);
  const snap = await readSnapshot(path.join(dir, SNAPSHOT_FILE), maxLine, SNAPSHOT_FILE, opts.lazy);

  const engine = new Engine(untyped(schema));
  let schemaVersion = currentSchemaVersion();
  let journalSeq = 0;
  const snapshot: DiskState['snapshot'] = { exists: !!snap, bytes: snap?.bytes ?? 0, checksum: 'none' };
  if (snap) {
    schemaVersion = snap.schemaVersion;
    journalSeq = snap.journalSeq;
    snapshot.checksum = snap.checksum;
    snapshot.savedAt = snap.savedAt;
    try {
      engine.load(snap.state);
      for (const c of schema.collections) {
        const lazy = snap.lazy?.[c];
        if (lazy) engine.loadLazy(c, lazy);
      }
    } catch (err) {
      throw new StoreCorruptError(`${SNAPSHOT_FILE}: a document does not have the expected shape (${(err as Error).message})`);
    }
    for (const c of schema.collections) {
      if (engine.count(c) !== (snap.state.collections[c]?.length ?? 0) + (snap.lazy?.[c]?.ids.length ?? 0)) {
        throw new StoreCorruptError(`${SNAPSHOT_FILE}: collections.${c} lists the same id twice`);
      }
    }
  }

  const journal: DiskState['journal'] = {
    exists: !!parsed,
    bytes: parsed?.totalBytes ?? 0,
    records: parsed?.records.length ?? 0,
    replayed: 0,
    goodBytes: parsed?.goodBytes ?? 0,
    lastN: parsed?.records.at(-1)?.n ?? 0,
  };
  if (parsed?.corrupt) {
    const c = parsed.corrupt;
    throw new StoreCorruptError(
      `${JOURNAL_FILE} is damaged at line ${c.line} (byte ${c.offset}): ${c.reason}. ` +
        `Acknowledged changes after it would be lost, so the store refuses to start; no file was changed.`,
    );
  }
  let lastRecord = journalSeq;
  let prev: number | undefined;
  for (const rec of olderRecords.length ? [...olderRecords, ...(parsed?.records ?? [])] : (parsed?.records ?? [])) {
    if (prev === undefined && rec.n > journalSeq + 1) {
      throw new StoreCorruptError(
        `${JOURNAL_FILE} starts at record ${rec.n} but ${snap ? `${SNAPSHOT_FILE} ends at record ${journalSeq}` : `${SNAPSHOT_FILE} is missing`}: ` +
          `records ${journalSeq + 1}–${rec.n - 1} are lost; refusing to start (no file was changed)`,
      );
    }
    if (prev !== undefined && rec.n !== prev + 1) {
      throw new StoreCorruptError(
        `${JOURNAL_FILE}: record ${rec.n} follows record ${prev} (byte ${rec.start}); records are missing or repeated; refusing to start`,
      );
    }
    prev = rec.n;
    if (rec.n <= journalSeq) continue; // already in the snapshot (crash between checkpoint and journal reset)
    try {
      engine.apply(rec.m);
    } catch (err) {
      throw new StoreCorruptError(`${JOURNAL_FILE}: record ${rec.n} cannot be applied (${(err as Error).message})`);
    }
    journal.replayed++;
    lastRecord = rec.n;
  }

  let finalEngine = engine;
  if (schemaVersion < currentSchemaVersion()) {
    finalEngine = new Engine(engine.schema);
    finalEngine.load(migrate(engine.snapshot(), schemaVersion));
  }
  return { engine: finalEngine, schemaVersion, journalSeq, lastRecord, snapshot, journal, tail: parsed?.tail, rotated };
}

/** The rotated journals (see journal.ts): fully written and synced before rotation, so any damage is corruption. */
async function readRotated(dir: string, maxLine: number): Promise<{ rotated: DiskState['rotated']; records: JournalRecord[] }> {
  const rotated = rotatedJournals(await fs.readdir(dir).catch(() => []));
  const records: JournalRecord[] = [];
  for (const r of rotated) {
    const p = await readJournal(path.join(dir, r.file), maxLine);
    if (!p) continue; // deleted meanwhile by the live store's checkpoint
    const bad = p.corrupt ?? (p.tail && { offset: p.tail.offset, reason: p.tail.reason });
    if (bad) {
      throw new StoreCorruptError(`${r.file} is damaged at byte ${bad.offset}: ${bad.reason}; refusing to start (no file was changed)`);
    }
    for (const rec of p.records) records.push(rec);
  }
  return { rotated, records };
}

export function countDocs(engine: Engine): Record<string, number> {
  return Object.fromEntries(engine.schema.collections.map((c) => [c, engine.count(c)]));
}

/**
 * What a start removes or cuts before it writes: a torn journal tail (saved beside the journal first, and
 * reported), a journal the snapshot already holds, an unfinished checkpoint, and rotated journals a finished
 * checkpoint left. → the journal's good length and records, and the rotated journals still needed.
 */
export async function tidyAfterCrash(
  dataDir: string,
  disk: DiskState,
  opts: { log?: Logger; onNotice?: (message: string) => void },
): Promise<{ journalBytes: number; journalRecords: number; rotated: DiskState['rotated'] }> {
  const journalPath = path.join(dataDir, JOURNAL_FILE);
  let journalBytes = disk.journal.goodBytes;
  let journalRecords = disk.journal.records;
  if (disk.tail) {
    // Only reached when no good record follows: a write cut short by a crash, never acknowledged.
    const cut = await cutTail(dataDir, disk.tail);
    opts.log?.warn({ file: journalPath, offset: disk.tail.offset, bytes: cut.bytes, records: cut.records, savedIn: cut.file }, cut.message);
    opts.onNotice?.(cut.message);
  }
  if (journalRecords > 0 && disk.journal.lastN <= disk.journalSeq) {
    // every record is already in the snapshot (crash between checkpoint and journal reset)
    await truncateDurably(journalPath, 0);
    journalBytes = 0;
    journalRecords = 0;
  }
  await fs.rm(path.join(dataDir, SNAPSHOT_TMP), { force: true }); // an unfinished checkpoint
  // journals rotated by a checkpoint that did finish (a crash before they were deleted)
  const rotated = disk.rotated.filter((r) => r.last > disk.journalSeq);
  for (const r of disk.rotated) if (r.last <= disk.journalSeq) await fs.rm(path.join(dataDir, r.file), { force: true });
  return { journalBytes, journalRecords, rotated };
}
