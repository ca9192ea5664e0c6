// The snapshot `store.json`: the whole store as human-readable JSON (one document per line), with the
// number of the last journal record it contains and a crc32 of everything before the checksum line.
// Written to a temp file, fsynced, renamed over the old one, and the directory fsynced: a crash at any
// moment leaves either the old or the new snapshot, never a mix.
import fs from 'node:fs/promises';
import path from 'node:path';
import { setImmediate } from 'node:timers/promises';
import { crc32 } from 'node:zlib';
import type { EngineState } from '../engine.ts';
import { StoreCorruptError, type CollectionName, type Collections } from '../types.ts';

/** What a checkpoint writes out: the engine's frozen view (store/frozen-view.ts) or any state. */
export interface SnapshotSource {
  seqs: Record<string, number>;
  /** the collections, in the order the snapshot lists them */
  collections: readonly CollectionName[];
  /** docs, or the JSON text of a doc (as a snapshot line had it, not parsed since: written as it is) */
  all(coll: CollectionName): Iterable<Collections[CollectionName] | string>;
}

// The snapshot is serialised a piece of about this many characters at a time, yielding to the event loop
// after each so that writes keep being served (a checkpoint runs beside the writer, from a frozen view).
// Pieces stay small enough to live and die in V8's young generation (large strings would go straight to
// the old one and bring on full garbage collections, which stop everything).
const PIECE_CHARS = 1 << 14;
// pieces go to the file in writes of about this size, synced every SYNC_BYTES: a single sync of the whole
// file at the end would hold up the journal's own fdatasyncs behind it on the same disk
const WRITE_BYTES = 1 << 20;
const SYNC_BYTES = 4 << 20;

export const SNAPSHOT_FILE = 'store.json';
export const SNAPSHOT_TMP = 'store.json.tmp';
export const FORMAT = 'claimdesk-store';

/**
 * Migrations: MIGRATIONS[v] turns a state written at schema v into schema v + 1, and the current schema
 * version is 1 + the number of migrations. A later issue that adds a field registers e.g.
 * `MIGRATIONS[1] = (s) => ({ ...s, collections: { ...s.collections, claims: s.collections.claims.map((c) => ({ ...c, lang: 'en' })) } })`.
 * The store migrates on open (journal records are replayed first, in the old schema) and writes a new
 * snapshot at once.
 */
export const MIGRATIONS: Record<number, (state: EngineState) => EngineState> = {};

export function currentSchemaVersion(): number {
  return 1 + Object.keys(MIGRATIONS).length;
}

export interface SnapshotData {
  schemaVersion: number;
  journalSeq: number;
  state: EngineState;
  checksum: 'ok' | 'missing';
  savedAt?: string;
}

export const CHECKSUM_MARKER = Buffer.from(',\n  "checksum": "crc32:');

/** Verify and decode a snapshot file's bytes; throws StoreCorruptError saying what is wrong. */
export function parseSnapshot(buf: Buffer, file = SNAPSHOT_FILE): SnapshotData {
  if (buf.length === 0) throw new StoreCorruptError(`${file} is empty (0 bytes): it was never fully written`);
  let raw: unknown;
  try {
    raw = JSON.parse(buf.toString('utf8'));
  } catch (err) {
    if (buf.every((b) => b === 0)) {
      throw new StoreCorruptError(`${file} contains only NUL bytes (${buf.length}): its data never reached the disk`);
    }
    throw new StoreCorruptError(`${file} is not valid JSON (truncated or damaged): ${(err as Error).message}`);
  }
  const o = raw as Record<string, unknown>;
  const snap = checkSnapshot(o, 'missing', file);
  const at = buf.lastIndexOf(CHECKSUM_MARKER);
  if (typeof o.checksum === 'string' && at !== -1) {
    verifyChecksum(o.checksum, crc32(buf.subarray(0, at)), file);
    snap.checksum = 'ok';
  }
  return snap;
}

/** The checks every snapshot passes, however it was read. */
export function checkSnapshot(o: Record<string, unknown>, check: SnapshotData['checksum'], file = SNAPSHOT_FILE): SnapshotData {
  if (typeof o !== 'object' || o === null || o.format !== FORMAT) {
    throw new StoreCorruptError(`${file} is not a claimdesk store (expected "format": "${FORMAT}")`);
  }
  const { schemaVersion, journalSeq, seqs, collections } = o;
  if (!Number.isSafeInteger(schemaVersion) || (schemaVersion as number) < 1) {
    throw new StoreCorruptError(`${file}: schemaVersion is missing or invalid`);
  }
  if ((schemaVersion as number) > currentSchemaVersion()) {
    throw new StoreCorruptError(
      `${file} has schemaVersion ${schemaVersion}, newer than this claimdesk understands (${currentSchemaVersion()}); upgrade claimdesk`,
    );
  }
  if (!Number.isSafeInteger(journalSeq) || (journalSeq as number) < 0) {
    throw new StoreCorruptError(`${file}: journalSeq is missing or invalid`);
  }
  if (typeof seqs !== 'object' || seqs === null || Object.values(seqs).some((v) => !Number.isSafeInteger(v))) {
    throw new StoreCorruptError(`${file}: seqs is missing or invalid`);
  }
  if (typeof collections !== 'object' || collections === null) {
    throw new StoreCorruptError(`${file}: collections is missing`);
  }
  const cols = collections as Record<string, unknown>;
  for (const [c, docs] of Object.entries(cols)) {
    if (!Array.isArray(docs)) throw new StoreCorruptError(`${file}: collections.${c} is not an array`);
    for (const d of docs) {
      if (typeof (d as { id?: unknown } | null)?.id !== 'string') {
        throw new StoreCorruptError(`${file}: a document in ${c} has no string id`);
      }
    }
  }
  return {
    schemaVersion: schemaVersion as number,
    journalSeq: journalSeq as number,
    state: { seqs: { ...(seqs as Record<string, number>) }, collections: cols as EngineState['collections'] },
    checksum: check,
    savedAt: typeof o.savedAt === 'string' ? o.savedAt : undefined,
  };
}

export function verifyChecksum(written: string, content: number, file = SNAPSHOT_FILE): void {
  const want = written.replace(/^crc32:/, '');
  const got = (content >>> 0).toString(16).padStart(8, '0');
  if (want !== got) {
    throw new StoreCorruptError(
      `${file}: checksum mismatch (file says ${want}, content is ${got}): damaged on disk or edited by hand ` +
        `(after a deliberate edit, delete the "checksum" line)`,
    );
  }
}

/** Bring an older snapshot's state up to the current schema version. */
export function migrate(state: EngineState, from: number): EngineState {
  let s = state;
  for (let v = from; v < currentSchemaVersion(); v++) {
    const step = MIGRATIONS[v];
    if (!step) throw new StoreCorruptError(`no migration from schemaVersion ${v} to ${v + 1}`);
    s = step(s);
  }
  return s;
}

/**
 * Write `state` as the new snapshot, atomically and durably. The docs are the engine's immutable objects,
 * so the pieces are serialised with awaits in between without blocking the event loop for long.
 */
export async function writeSnapshot(dir: string, state: SnapshotSource, journalSeq: number): Promise<number> {
  const tmp = path.join(dir, SNAPSHOT_TMP);
  const fh = await fs.open(tmp, 'w');
  let crc = 0;
  let bytes = 0;
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let unsynced = 0;
  const flush = async () => {
    let todo = pending;
    pending = [];
    unsynced += pendingBytes;
    pendingBytes = 0;
    while (todo.length) {
      let { bytesWritten } = await fh.writev(todo);
      while (todo.length && bytesWritten >= todo[0].length) bytesWritten -= todo.shift()!.length;
      if (todo.length && bytesWritten > 0) todo[0] = todo[0].subarray(bytesWritten);
    }
    if (unsynced >= SYNC_BYTES) {
      await fh.datasync();
      unsynced = 0;
    }
  };
  const out = async (s: string) => {
    const b = Buffer.from(s, 'utf8');
    crc = crc32(b, crc);
    bytes += b.length;
    pending.push(b);
    pendingBytes += b.length;
    if (pendingBytes >= WRITE_BYTES) await flush();
    else await setImmediate();
  };
  try {
    await out(
      `{\n  "format": "${FORMAT}",\n  "schemaVersion": ${currentSchemaVersion()},\n  "journalSeq": ${journalSeq},\n` +
        `  "savedAt": ${JSON.stringify(new Date().toISOString())},\n  "seqs": ${JSON.stringify(state.seqs)},\n` +
        `  "collections": {`,
    );
    for (let ci = 0; ci < state.collections.length; ci++) {
      const c = state.collections[ci];
      let s = `${ci ? ',' : ''}\n    ${JSON.stringify(c)}: [`;
      let i = 0;
      for (const doc of state.all(c)) {
        s += `${i++ ? ',' : ''}\n      ${typeof doc === 'string' ? doc : JSON.stringify(doc)}`;
        if (s.length > PIECE_CHARS) {
          await out(s);
          s = '';
        }
      }
      await out(s + (i ? '\n    ]' : ']'));
    }
    await out('\n  }');
    await flush();
    const sum = crc.toString(16).padStart(8, '0');
    const tail = Buffer.from(`${CHECKSUM_MARKER.toString()}${sum}"\n}\n`);
    await fh.write(tail);
    bytes += tail.length;
    await fh.sync();
  } finally {
    await fh.close();
  }
  await fs.rename(tmp, path.join(dir, SNAPSHOT_FILE));
  await fsyncDir(dir);
  return bytes;
}

export async function fsyncDir(dir: string): Promise<void> {
  const d = await fs.open(dir, 'r');
  try {
    await d.sync();
  } finally {
    await d.close();
  }
}

export async function truncateDurably(file: string, size: number): Promise<void> {
  const fh = await fs.open(file, 'r+');
  try {
    await fh.truncate(size);
    await fh.sync();
  } finally {
    await fh.close();
  }
}
