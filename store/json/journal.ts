// The append-only journal: one committed mutation per line,
//   {"n":<record number>,"crc":"<crc32 of `${n}:${m}` as 8 hex digits>","m":<mutation JSON>}\n
// Record numbers increase by one across the store's life (a checkpoint does not restart them), so the
// snapshot can say which records it already contains (`journalSeq`) and replay can detect gaps.
import fs, { type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { crc32 } from 'node:zlib';
import type { Mutation } from '../engine.ts';
import { InvalidDocError } from '../types.ts';
import { MAX_DOC_JSON_BYTES } from '../validate.ts';
import { PART_BYTES, PartEncoder, type StreamedRecord } from './journal-parts.ts';

export type { StreamedRecord } from './journal-parts.ts';
import { DEFAULT_MAX_LINE_BYTES } from './lines.ts';
import type { ParsedJournal } from './journal-read.ts';
import { fsyncDir } from './snapshot.ts';

export const JOURNAL_FILE = 'journal.jsonl';
/** a streamed batch syncs what it has written so far every this many bytes, in the background */
const SYNC_BYTES = 32 << 20;

/**
 * A checkpoint first rotates the journal: journal.jsonl is renamed journal.<last record in it>.jsonl and
 * new writes go to a fresh journal.jsonl while the snapshot is written in the background. Once the
 * snapshot is durable the rotated journals it contains are deleted. Recovery = snapshot + the rotated
 * journals (oldest first) + journal.jsonl, records the snapshot already contains skipped.
 */
export const rotatedJournal = (last: number): string => `journal.${last}.jsonl`;
const ROTATED = /^journal\.(\d{1,15})\.jsonl$/;

/** The rotated journals in a directory's listing, oldest first. */
export function rotatedJournals(files: readonly string[]): { file: string; last: number }[] {
  const out: { file: string; last: number }[] = [];
  for (const f of files) {
    const m = ROTATED.exec(f);
    if (m) out.push({ file: f, last: Number(m[1]) });
  }
  return out.sort((a, b) => a.last - b.last);
}

export type { JournalRecord, ParsedJournal } from './journal-read.ts';
export { checksum, parseJournal, readJournal } from './journal-read.ts';



/** A record as the bytes to append: `{"n":…,"crc":"…","m":…}\n` in one or more chunks. */
export interface EncodedRecord {
  chunks: Buffer[];
  bytes: number;
}

// A mutation's JSON is cut into chunks of about this many characters: a 100k-claim import is one record
// of ~100 MB, which as one string would be encoded, checksummed and copied whole several times over.
const CHUNK_CHARS = 1 << 20;
// room for a line's head, tail and seqs around its changes
const LINE_OVERHEAD = 512;

/**
 * Serialise a record once, straight into UTF-8 chunks, with the crc32 computed over those same bytes
 * (incrementally, so it equals checksum(n, JSON.stringify(m))). The head goes in its own small buffer,
 * made once the checksum is known.
 *
 * A record longer than maxLine bytes becomes several lines (parts), each at most maxLine: every part but
 * the last is `{"n":…,"crc":"…","more":1,"m":{"changes":[…],"seqs":{}}}` (crc of `${n}+:${m}`), the last
 * an ordinary record line with the rest of the changes and the seqs. Replay applies the unit only once
 * its last part is read, so a unit of any size is still all-or-nothing and no line is ever longer than
 * the reader accepts. A single change that cannot fit in a line is refused (InvalidDocError) before
 * anything is applied: the store never acknowledges what it could not read back.
 */
export function encodeRecord(n: number, m: Mutation, maxLine = DEFAULT_MAX_LINE_BYTES): EncodedRecord {
  const keys = Object.keys(m);
  const { changes } = m;
  const generic = !(keys.length === 2 && keys[0] === 'changes' && keys[1] === 'seqs' && Array.isArray(changes));
  if (generic || changes.length <= 1) {
    const body = Buffer.from(JSON.stringify(m), 'utf8');
    if (body.length + LINE_OVERHEAD > maxLine) {
      if (!generic && changes.length === 1) tooLarge(changes[0], body.length, maxLine);
      if (generic) throw new InvalidDocError(`a unit of ${body.length} bytes is larger than the store can read back`);
    } else return line(`${n}:`, `{"n":${n},"crc":"`, '","m":', [body]);
  }
  // JSON.stringify of runs of changes (no string per change to join later); the run length adapts so
  // that each run is about CHUNK_CHARS (and at most a line) whatever the documents' size.
  const target = Math.max(1, Math.min(CHUNK_CHARS, maxLine - LINE_OVERHEAD));
  const runs: Buffer[] = [];
  let total = 0;
  let run = 64;
  for (let i = 0; i < changes.length; ) {
    const end = Math.min(changes.length, i + run);
    const json = JSON.stringify(changes.slice(i, end)); // "[a,b,…]"
    const buf = Buffer.from(json, 'utf8');
    if (buf.length + LINE_OVERHEAD > maxLine) {
      if (end - i === 1) tooLarge(changes[i], buf.length, maxLine);
      run = Math.max(1, Math.floor((end - i) / 2));
      continue;
    }
    runs.push(buf);
    total += buf.length;
    run = Math.max(1, Math.min(8192, Math.round(((end - i) * target) / Math.max(buf.length, 1))));
    i = end;
  }
  const seqs = Buffer.from(`,"seqs":${JSON.stringify(m.seqs)}}`, 'utf8');
  if (total + seqs.length + LINE_OVERHEAD <= maxLine) {
    // one line: the runs joined into one array, as JSON.stringify(m) would write it
    const body: Buffer[] = [Buffer.from('{"changes":', 'latin1')];
    runs.forEach((buf, k) => {
      if (k > 0) buf[0] = 0x2c; // "[" → "," continuing the array
      body.push(k < runs.length - 1 ? buf.subarray(0, buf.length - 1) : buf); // keep "]" after the last run only
    });
    body.push(seqs);
    return line(`${n}:`, `{"n":${n},"crc":"`, '","m":', body);
  }
  const chunks: Buffer[] = [];
  let bytes = 0;
  runs.forEach((buf, k) => {
    const last = k === runs.length - 1;
    const part = last
      ? line(`${n}:`, `{"n":${n},"crc":"`, '","m":', [Buffer.from('{"changes":', 'latin1'), buf, seqs])
      : line(`${n}+:`, `{"n":${n},"crc":"`, '","more":1,"m":', [Buffer.from('{"changes":', 'latin1'), buf, EMPTY_SEQS]);
    for (const c of part.chunks) chunks.push(c);
    bytes += part.bytes;
  });
  return { chunks, bytes };
}

const EMPTY_SEQS = Buffer.from(',"seqs":{}}', 'latin1');

/**
 * A large unit (an import of 100k or a million reviews) is not serialised here but by the writer, one part
 * at a time into a buffer it reuses, each part written while the next is serialised (see
 * JournalFile.appendBatch). Holding the whole record (1.4 GB at a million claims) as buffers cost more
 * than the serialising itself: page faults, and the garbage collector marking the whole heap again each time
 * the buffers grew by 64 MB. Only possible when no document can be too large for a line, which a document
 * validateDoc accepted never is with the default limit (MAX_DOC_JSON_BYTES): the refusal before anything
 * is applied (InvalidDocError) needs no serialising then. With a lowered limit, encodeRecord as before.
 * Returns the record encoded now (small units, or a lowered line limit), or left to the writer to stream.
 */
export function prepareRecord(n: number, m: Mutation, maxLine = DEFAULT_MAX_LINE_BYTES): EncodedRecord | StreamedRecord {
  const keys = Object.keys(m);
  const standard = keys.length === 2 && keys[0] === 'changes' && keys[1] === 'seqs' && Array.isArray(m.changes);
  if (standard && m.changes.length >= STREAM_MIN_CHANGES && MAX_DOC_JSON_BYTES + LINE_OVERHEAD + 1024 <= maxLine) return { n, m };
  return encodeRecord(n, m, maxLine);
}

export const isStreamed = (r: EncodedRecord | StreamedRecord): r is StreamedRecord => 'm' in r;

/** Units of at least this many changes are streamed when they may be. */
const STREAM_MIN_CHANGES = 2048;

/** `${head}${crc}${mid}${body}}\n` with the crc32 of `${crcPrefix}${body}`. */
function line(crcPrefix: string, head: string, mid: string, body: Buffer[]): EncodedRecord {
  let crc = crc32(crcPrefix);
  let bodyBytes = 0;
  for (const b of body) {
    crc = crc32(b, crc);
    bodyBytes += b.length;
  }
  const sum = (crc >>> 0).toString(16).padStart(8, '0');
  const start = Buffer.from(`${head}${sum}${mid}`, 'latin1');
  const tail = Buffer.from('}\n', 'latin1');
  const total = bodyBytes + start.length + tail.length;
  // small records (the usual one-change write) as one buffer: group commit hands the disk many of them
  if (total < 1 << 16) return { chunks: [Buffer.concat([start, ...body, tail], total)], bytes: total };
  return { chunks: [start, ...body, tail], bytes: total };
}

function tooLarge(change: Mutation['changes'][number], bytes: number, maxLine: number): never {
  const what = change.op === 'put' ? `${change.coll}/${change.doc.id}` : `${change.coll}/${change.id}`;
  throw new InvalidDocError(
    `${what}: document too large for the store to read back (${bytes} bytes of JSON; a line holds at most ${maxLine - LINE_OVERHEAD})`,
  );
}

/** Bytes cut from the journal's end at a start are kept in files named like this, beside it. */
export const CUT_FILE = /^journal\.cut-.+\.jsonl$/;

export interface CutTail {
  /** where the cut bytes are now */
  file: string;
  /** lines in the cut part (a last line without newline counts) */
  records: number;
  bytes: number;
  /** one sentence for the log and the console */
  message: string;
}

/**
 * Cut a damaged tail off the journal without destroying it: the bytes from `tail.offset` on are first
 * written to journal.cut-<time>.jsonl beside the journal and synced (file and directory), only then is the
 * journal truncated. A crash in between leaves the tail in the journal too, and the next start saves it again.
 */
export async function cutTail(dir: string, tail: NonNullable<ParsedJournal['tail']>): Promise<CutTail> {
  const journal = path.join(dir, JOURNAL_FILE);
  const fh = await fs.open(journal, 'r+');
  try {
    const bytes = Buffer.alloc(tail.bytes);
    const { bytesRead } = await fh.read(bytes, 0, tail.bytes, tail.offset);
    const cut = bytes.subarray(0, bytesRead);
    const stamp = new Date().toISOString().replace(/:/g, '-');
    let file = '';
    for (let i = 0; !file; i++) {
      const name = path.join(dir, `journal.cut-${stamp}${i ? `-${i}` : ''}.jsonl`);
      try {
        await fs.writeFile(name, cut, { flag: 'wx' });
        file = name;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || i > 100) throw err;
      }
    }
    try {
      const out = await fs.open(file, 'r');
      await out.sync().finally(() => out.close());
      await fsyncDir(dir);
    } catch (err) {
      await fs.rm(file, { force: true }); // not durably saved: keep the tail in the journal instead
      throw err;
    }
    await fh.truncate(tail.offset);
    await fh.sync();
    let records = 0;
    for (let i = cut.indexOf(0x0a); i !== -1; i = cut.indexOf(0x0a, i + 1)) records++;
    if (cut.length && cut[cut.length - 1] !== 0x0a) records++;
    const message =
      `${JOURNAL_FILE}: cut ${records} record${records === 1 ? '' : 's'} (${cut.length} bytes) from its end at byte ${tail.offset} ` +
      `(${tail.reason}): a write interrupted by a crash, never confirmed; the bytes are saved in ${file}`;
    return { file, records, bytes: cut.length, message };
  } finally {
    await fh.close();
  }
}

/** The open journal file; appends go to its end (O_APPEND) and are fdatasync'ed before returning. */
export class JournalFile {
  constructor(
    private fh: FileHandle,
    public bytes: number,
    public records: number,
  ) {}

  /** Append the chunks in order (writev, resumed after a short write), then fdatasync. */
  async append(chunks: Buffer[], count: number): Promise<void> {
    const total = await this.writeAll(chunks);
    await this.fh.datasync();
    this.bytes += total;
    this.records += count;
  }

  /**
   * Append a batch holding streamed records: encoded records as they are, streamed ones part by part
   * (each part written while the next is serialised, two buffers in turn), all in order, then one
   * fdatasync. Along the way the data written so far is synced in the background every SYNC_BYTES, so
   * that the disk writes beside the serialising instead of all at the end; every one of those syncs must
   * succeed too (after a failed fsync the kernel may have dropped the pages), or the batch fails.
   */
  async appendBatch(recs: (EncodedRecord | StreamedRecord)[], count: number): Promise<void> {
    let total = 0;
    let unsynced = 0;
    let syncError: unknown;
    const syncs: Promise<void>[] = [];
    const written = (b: number) => {
      total += b;
      unsynced += b;
      if (unsynced >= SYNC_BYTES) {
        unsynced = 0;
        syncs.push(this.fh.datasync().catch((err: unknown) => void (syncError ??= err)));
      }
    };
    let eager: Buffer[] = [];
    for (const rec of recs) {
      if (!isStreamed(rec)) {
        for (const c of rec.chunks) eager.push(c);
        continue;
      }
      if (eager.length) written(await this.writeAll(eager));
      eager = [];
      const parts = new PartEncoder(rec);
      const bufs = [Buffer.allocUnsafe(PART_BYTES), Buffer.allocUnsafe(PART_BYTES)];
      let writing: Promise<number> | undefined;
      for (let k = 0; ; k++) {
        const part = parts.next(bufs[k & 1]); // serialised while the part before is being written
        if (writing) written(await writing);
        if (!part) break;
        writing = this.writeAll(part);
      }
    }
    if (eager.length) written(await this.writeAll(eager));
    await Promise.all(syncs);
    await this.fh.datasync();
    if (syncError) throw syncError;
    this.bytes += total;
    this.records += count;
  }

  /** writev of the chunks in order, at most IOV_MAX at a time, resumed after a short write; bytes written. */
  private async writeAll(chunks: Buffer[]): Promise<number> {
    let todo = chunks.filter((c) => c.length > 0);
    let total = 0;
    while (todo.length) {
      // at most 1024 buffers per call (IOV_MAX)
      const batch = todo.length > 1024 ? todo.slice(0, 1024) : todo;
      let { bytesWritten } = await this.fh.writev(batch);
      total += bytesWritten;
      let i = 0;
      while (i < batch.length && bytesWritten >= batch[i].length) bytesWritten -= batch[i++].length;
      const rest = todo.slice(i);
      if (rest.length && bytesWritten > 0) rest[0] = rest[0].subarray(bytesWritten);
      todo = rest;
    }
    return total;
  }

  close(): Promise<void> {
    return this.fh.close();
  }
}
