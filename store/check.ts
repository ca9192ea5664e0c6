// `npm run cli -- check`: verify the store files in DATA_DIR without taking the lock and without changing
// anything (safe on a running bot's directory).
import fs from 'node:fs/promises';
import path from 'node:path';
import { StoreCorruptError, type Schema, type Shape } from './types.ts';
import { usabilityProblems } from './json/access.ts';
import { CUT_FILE, JOURNAL_FILE } from './json/journal.ts';
import { LOCK_FILE, lockHolder, readLockInfo } from './json/lock.ts';
import { countDocs, readDisk } from './json/recovery.ts';
import { currentSchemaVersion, SNAPSHOT_FILE, SNAPSHOT_TMP } from './json/snapshot.ts';

export interface CheckReport {
  /** false when the store would refuse to start (damaged files, files it may not use, a full disk); problems say why */
  ok: boolean;
  /** those problems that are not damage: claimdesk may not use the files (permissions, immutable files, a full disk) */
  access: string[];
  /** damage that makes the store refuse to start */
  problems: string[];
  /** things worth knowing that the store handles by itself (torn tail it will cut off, stale lock…) */
  notes: string[];
  stats: {
    dataDir: string;
    schemaVersion?: number;
    snapshotBytes?: number;
    snapshotSavedAt?: string;
    journalBytes?: number;
    journalRecords?: number;
    /** last record number contained in the snapshot */
    journalSeq?: number;
    /** last record number overall */
    lastRecord?: number;
    /** documents per collection after replay */
    docs?: Record<string, number>;
    lockedBy?: number;
  };
}

/** `schema`: the collections and indexes the store keeps (the application's). */
export async function checkStore<S extends Shape>(dataDir: string, schema: Schema<S>): Promise<CheckReport> {
  const report: CheckReport = { ok: true, problems: [], access: [], notes: [], stats: { dataDir } };
  try {
    await fs.access(dataDir);
  } catch {
    report.notes.push(`${dataDir} does not exist: the store would start empty`);
    return report;
  }
  // the same words as a refused start (store/json/access.ts)
  const access = await usabilityProblems(dataDir);
  if (access.length) {
    report.ok = false;
    report.access = access;
    report.problems.push(...access);
  }
  try {
    await inspect(dataDir, schema, report);
  } catch (err) {
    // what could not be read is named among the problems already; anything else is the check's own failure
    if (!access.length) throw err;
  }
  return report;
}

async function inspect<S extends Shape>(dataDir: string, schema: Schema<S>, report: CheckReport): Promise<void> {
  const files = await fs.readdir(dataDir);
  if (!files.includes(SNAPSHOT_FILE) && !files.includes(JOURNAL_FILE)) {
    report.notes.push(`${dataDir} holds no store files (${SNAPSHOT_FILE}, ${JOURNAL_FILE}): the store would start empty`);
  }
  if (files.includes(SNAPSHOT_TMP)) report.notes.push(`${SNAPSHOT_TMP}: an unfinished checkpoint, removed at the next start`);
  for (const f of files.filter((name) => CUT_FILE.test(name)).sort()) {
    const { size } = await fs.stat(path.join(dataDir, f));
    report.notes.push(`${f}: ${size} bytes cut from the end of ${JOURNAL_FILE} at an earlier start (never confirmed); kept for inspection, safe to delete`);
  }
  const holder = lockHolder(dataDir);
  const stale = holder ? undefined : readLockInfo(dataDir);
  if (holder) {
    report.stats.lockedBy = holder.pid;
    report.notes.push(`in use by ${holder.pid ? `process ${holder.pid}` : 'another process'} (${LOCK_FILE}); the check reads the files as they are now`);
  } else if (stale) {
    report.notes.push(`${LOCK_FILE} left by process ${stale.pid}, which is gone: taken over at the next start`);
  }
  try {
    // A running store may checkpoint between our reads of store.json and journal.jsonl, which looks like
    // a gap: read again before calling it damage.
    let disk = await readDisk(dataDir, schema).catch((err: unknown) => err as Error);
    for (let i = 0; i < 3 && disk instanceof StoreCorruptError && report.stats.lockedBy !== undefined; i++) {
      await new Promise((r) => setTimeout(r, 200));
      disk = await readDisk(dataDir, schema).catch((err: unknown) => err as Error);
    }
    if (disk instanceof Error) throw disk;
    Object.assign(report.stats, {
      schemaVersion: disk.schemaVersion,
      snapshotBytes: disk.snapshot.bytes,
      snapshotSavedAt: disk.snapshot.savedAt,
      journalBytes: disk.journal.bytes,
      journalRecords: disk.journal.records,
      journalSeq: disk.journalSeq,
      lastRecord: disk.lastRecord,
      docs: countDocs(disk.engine),
    });
    if (disk.snapshot.exists && disk.snapshot.checksum === 'missing') {
      report.notes.push(`${SNAPSHOT_FILE} has no checksum line (edited by hand?); its JSON is valid`);
    }
    if (disk.schemaVersion < currentSchemaVersion()) {
      report.notes.push(`schemaVersion ${disk.schemaVersion}: migrated to ${currentSchemaVersion()} at the next start`);
    }
    if (disk.tail) {
      report.notes.push(
        `${JOURNAL_FILE}: ${disk.tail.bytes} bytes at offset ${disk.tail.offset} are a torn or damaged tail ` +
          `(${disk.tail.reason}); a write interrupted by a crash, never acknowledged; cut off at the next start and saved beside the journal`,
      );
    }
  } catch (err) {
    if (!(err instanceof StoreCorruptError)) throw err;
    report.ok = false;
    report.problems.push(err.message);
  }
}

/** The report as text lines for the CLI. */
export function formatCheck(r: CheckReport): string {
  const damaged = r.problems.some((p) => !r.access.includes(p));
  const verdict = r.ok ? 'OK' : damaged ? 'DAMAGED — claimdesk will refuse to start on it' : 'CANNOT BE OPENED — claimdesk will refuse to start on it';
  const lines = [`store ${r.stats.dataDir}: ${verdict}`];
  for (const p of r.problems) lines.push(`  problem: ${p}`);
  for (const n of r.notes) lines.push(`  note: ${n}`);
  const s = r.stats;
  if (s.docs) {
    lines.push(`  ${Object.entries(s.docs).map(([k, v]) => `${k} ${v}`).join(', ')}`);
    lines.push(
      `  ${SNAPSHOT_FILE} ${s.snapshotBytes} bytes (up to record ${s.journalSeq}), ${JOURNAL_FILE} ${s.journalBytes} bytes ` +
        `(${s.journalRecords} records, last ${s.lastRecord}), schema ${s.schemaVersion}`,
    );
  }
  if (!r.ok && !damaged) {
    lines.push('  Nothing was changed. Fix what is named above (owner, mode, attributes or free space), then run check again.');
  } else if (!r.ok) {
    lines.push(
      `  Nothing was changed. Restore ${path.join(s.dataDir, SNAPSHOT_FILE)} / ${JOURNAL_FILE} from a backup, ` +
        `or move the damaged file aside deliberately (see docs/store.md).`,
    );
  }
  return lines.join('\n');
}

