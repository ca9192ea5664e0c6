// Reading a store from disk: verify the snapshot, replay the journal records it does not contain yet.
// Pure: it reads and never writes, so `check` can use it on a live store and a refusal leaves every file
// as it was. The caller (JsonFileStore) cuts off a torn tail after this returns.
import fs from 'node:fs/promises';
import path from 'node:path';
import { Engine } from '../engine.ts';
import { COLLECTIONS, StoreCorruptError } from '../types.ts';
import { JOURNAL_FILE, parseJournal, rotatedJournals, type JournalRecord, type ParsedJournal } from './journal.ts';
import { currentSchemaVersion, SNAPSHOT_FILE, migrate, parseSnapshot } from './snapshot.ts';

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

async function readIfExists(file: string): Promise<Buffer | undefined> {
  try {
    return await fs.readFile(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

export async function readDisk(dir: string): Promise<DiskState> {
  // Journal first: if a live store (seen by `check`) checkpoints between the two reads, we get an older
  // journal with a newer snapshot, which is consistent; the other order would look like a gap.
  const journalBuf = await readIfExists(path.join(dir, JOURNAL_FILE));
  const { rotated, records: olderRecords } = await readRotated(dir);
  const snapBuf = await readIfExists(path.join(dir, SNAPSHOT_FILE));

  const engine = new Engine();
  let schemaVersion = currentSchemaVersion();
  let journalSeq = 0;
  const snapshot: DiskState['snapshot'] = { exists: !!snapBuf, bytes: snapBuf?.length ?? 0, checksum: 'none' };
  if (snapBuf) {
    const snap = parseSnapshot(snapBuf);
    schemaVersion = snap.schemaVersion;
    journalSeq = snap.journalSeq;
    snapshot.checksum = snap.checksum;
    snapshot.savedAt = snap.savedAt;
    try {
      engine.load(snap.state);
    } catch (err) {
      throw new StoreCorruptError(`${SNAPSHOT_FILE}: a document does not have the expected shape (${(err as Error).message})`);
    }
    for (const c of COLLECTIONS) {
      if (engine.count(c) !== (snap.state.collections[c]?.length ?? 0)) {
        throw new StoreCorruptError(`${SNAPSHOT_FILE}: collections.${c} lists the same id twice`);
      }
    }
  }

  const parsed = journalBuf ? parseJournal(journalBuf) : undefined;
  const journal: DiskState['journal'] = {
    exists: !!journalBuf,
    bytes: journalBuf?.length ?? 0,
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
        `${JOURNAL_FILE} starts at record ${rec.n} but ${snapBuf ? `${SNAPSHOT_FILE} ends at record ${journalSeq}` : `${SNAPSHOT_FILE} is missing`}: ` +
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
    finalEngine = new Engine();
    finalEngine.load(migrate(engine.snapshot(), schemaVersion));
  }
  return { engine: finalEngine, schemaVersion, journalSeq, lastRecord, snapshot, journal, tail: parsed?.tail, rotated };
}

/** The rotated journals (see journal.ts): fully written and synced before rotation, so any damage is corruption. */
async function readRotated(dir: string): Promise<{ rotated: DiskState['rotated']; records: JournalRecord[] }> {
  const rotated = rotatedJournals(await fs.readdir(dir).catch(() => []));
  const records: JournalRecord[] = [];
  for (const r of rotated) {
    const buf = await readIfExists(path.join(dir, r.file));
    if (!buf) continue; // deleted meanwhile by the live store's checkpoint
    const p = parseJournal(buf);
    const bad = p.corrupt ?? (p.tail && { offset: p.tail.offset, reason: p.tail.reason });
    if (bad) {
      throw new StoreCorruptError(`${r.file} is damaged at byte ${bad.offset}: ${bad.reason}; refusing to start (no file was changed)`);
    }
    for (const rec of p.records) records.push(rec);
  }
  return { rotated, records };
}

export function countDocs(engine: Engine): Record<string, number> {
  return Object.fromEntries(COLLECTIONS.map((c) => [c, engine.count(c)]));
}
