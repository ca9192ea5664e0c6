// The append-only journal: one committed mutation per line,
//   {"n":<record number>,"crc":"<crc32 of `${n}:${m}` as 8 hex digits>","m":<mutation JSON>}\n
// Record numbers increase by one across the store's life (a checkpoint does not restart them), so the
// snapshot can say which records it already contains (`journalSeq`) and replay can detect gaps.
import type { FileHandle } from 'node:fs/promises';
import { isUtf8 } from 'node:buffer';
import { crc32 } from 'node:zlib';
import type { Mutation } from '../engine.ts';
import { COLLECTIONS, type CollectionName } from '../types.ts';

export const JOURNAL_FILE = 'journal.jsonl';

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

export interface JournalRecord {
  n: number;
  m: Mutation;
  /** byte offsets of the line in the file (end = just after its newline) */
  start: number;
  end: number;
}

export interface ParsedJournal {
  records: JournalRecord[];
  /** byte length of the good prefix (everything up to the last good record's newline) */
  goodBytes: number;
  totalBytes: number;
  /** damage after the last good record: a torn or bad-checksum tail, safe to cut off */
  tail?: { offset: number; bytes: number; reason: string };
  /** damage with good records after it: the journal cannot be trusted, refuse to start */
  corrupt?: { offset: number; line: number; reason: string };
}

export function checksum(n: number, mJson: string): string {
  return crc32(`${n}:${mJson}`).toString(16).padStart(8, '0');
}

/** A record as the bytes to append: `{"n":…,"crc":"…","m":…}\n` in one or more chunks. */
export interface EncodedRecord {
  chunks: Buffer[];
  bytes: number;
}

// A mutation's JSON is cut into chunks of about this many characters: a 100k-claim import is one record
// of ~100 MB, which as one string would be encoded, checksummed and copied whole several times over.
const CHUNK_CHARS = 1 << 20;

/**
 * Serialise a record once, straight into UTF-8 chunks, with the crc32 computed over those same bytes
 * (incrementally, so it equals checksum(n, JSON.stringify(m))). The head goes in its own small buffer,
 * made once the checksum is known.
 */
export function encodeRecord(n: number, m: Mutation): EncodedRecord {
  const body: Buffer[] = [];
  let crc = crc32(`${n}:`);
  let bytes = 0;
  const flush = (buf: Buffer) => {
    crc = crc32(buf, crc);
    body.push(buf);
    bytes += buf.length;
  };
  // JSON.stringify(m), written out piecewise for the shape Tx.mutation() builds; anything else whole.
  const keys = Object.keys(m);
  const { changes } = m;
  if (keys.length === 2 && keys[0] === 'changes' && keys[1] === 'seqs' && Array.isArray(changes) && changes.length > 1) {
    flush(Buffer.from('{"changes":', 'latin1'));
    // One JSON.stringify per run of changes (no string per change to join later); the run length adapts
    // so that each chunk is about CHUNK_CHARS whatever the documents' size.
    let run = 64;
    for (let i = 0; i < changes.length; ) {
      const end = Math.min(changes.length, i + run);
      const json = JSON.stringify(changes.slice(i, end)); // "[a,b,…]"
      const buf = Buffer.from(json, 'utf8');
      if (i > 0) buf[0] = 0x2c; // "[" → "," continuing the array
      flush(end < changes.length ? buf.subarray(0, buf.length - 1) : buf); // keep "]" after the last run only
      run = Math.max(1, Math.min(8192, Math.round(((end - i) * CHUNK_CHARS) / Math.max(json.length, 1))));
      i = end;
    }
    flush(Buffer.from(`,"seqs":${JSON.stringify(m.seqs)}}`, 'utf8'));
  } else {
    flush(Buffer.from(JSON.stringify(m), 'utf8'));
  }
  const sum = (crc >>> 0).toString(16).padStart(8, '0');
  const head = Buffer.from(`{"n":${n},"crc":"${sum}","m":`, 'latin1');
  const tail = Buffer.from('}\n', 'latin1');
  const total = bytes + head.length + tail.length;
  // small records (the usual one-change write) as one buffer: group commit hands the disk many of them
  if (total < 1 << 16) return { chunks: [Buffer.concat([head, ...body, tail], total)], bytes: total };
  return { chunks: [head, ...body, tail], bytes: total };
}

const LINE = /^\{"n":(\d{1,15}),"crc":"([0-9a-f]{8})","m":([\s\S]*)\}$/;

/** Decode one line (without its newline); returns the record or why it is not one. */
export function decodeLine(line: string): { n: number; m: Mutation } | { error: string } {
  const match = LINE.exec(line);
  if (!match) return { error: line.length === 0 ? 'empty line' : isNul(line) ? 'NUL bytes' : 'not a journal record' };
  const n = Number(match[1]);
  const mJson = match[3];
  if (checksum(n, mJson) !== match[2]) return { error: `record ${n}: checksum mismatch` };
  let m: unknown;
  try {
    m = JSON.parse(mJson);
  } catch (err) {
    return { error: `record ${n}: invalid JSON (${(err as Error).message})` };
  }
  if (!isMutation(m)) return { error: `record ${n}: not a mutation` };
  return { n, m };
}

const HEAD = Buffer.from('{"n":');
const CRC_KEY = Buffer.from(',"crc":"');
const M_KEY = Buffer.from('","m":');

/**
 * decodeLine for the bytes buf[start, end) (without the newline), without first decoding the line to a
 * string: the crc32 runs over the bytes on disk. Returns undefined whenever anything is off, and the
 * caller asks decodeLine, which says what (so both accept exactly the same lines).
 */
function decodeBytes(buf: Buffer, start: number, end: number): { n: number; m: Mutation } | undefined {
  if (end - start < 40 || buf.compare(HEAD, 0, HEAD.length, start, start + HEAD.length) !== 0) return undefined;
  let p = start + HEAD.length;
  let n = 0;
  const digits = p;
  while (p < end && p - digits < 16 && buf[p] >= 0x30 && buf[p] <= 0x39) n = n * 10 + (buf[p++] - 0x30);
  if (p === digits || p - digits > 15) return undefined;
  if (buf.compare(CRC_KEY, 0, CRC_KEY.length, p, p + CRC_KEY.length) !== 0) return undefined;
  p += CRC_KEY.length;
  const crcText = buf.toString('latin1', p, p + 8);
  if (!/^[0-9a-f]{8}$/.test(crcText)) return undefined;
  p += 8;
  if (buf.compare(M_KEY, 0, M_KEY.length, p, p + M_KEY.length) !== 0) return undefined;
  p += M_KEY.length;
  if (buf[end - 1] !== 0x7d /* } */) return undefined;
  const mBytes = buf.subarray(p, end - 1);
  const sum = crc32(mBytes, crc32(`${n}:`)).toString(16).padStart(8, '0');
  if (sum !== crcText || !isUtf8(mBytes)) return undefined;
  let m: unknown;
  try {
    m = JSON.parse(mBytes.toString('utf8'));
  } catch {
    return undefined;
  }
  return isMutation(m) ? { n, m } : undefined;
}

/**
 * Split a journal file into records. A damaged line with no good record after it is a tail (a write that
 * was cut short and never acknowledged); a damaged line followed by good records is corruption.
 */
export function parseJournal(buf: Buffer): ParsedJournal {
  const records: JournalRecord[] = [];
  let firstBad: { offset: number; line: number; reason: string } | undefined;
  let pos = 0;
  let lineNo = 0;
  while (pos < buf.length) {
    lineNo++;
    const nl = buf.indexOf(0x0a, pos);
    const end = nl === -1 ? buf.length : nl + 1;
    const rec =
      nl === -1
        ? { error: 'incomplete last line (no newline)' }
        : (decodeBytes(buf, pos, nl) ?? decodeLine(buf.toString('utf8', pos, nl)));
    if ('error' in rec) {
      firstBad ??= { offset: pos, line: lineNo, reason: rec.error };
    } else if (firstBad) {
      return {
        records,
        goodBytes: firstBad.offset,
        totalBytes: buf.length,
        corrupt: { ...firstBad, reason: `${firstBad.reason}, followed by a good record ${rec.n} (line ${lineNo})` },
      };
    } else {
      records.push({ n: rec.n, m: rec.m, start: pos, end });
    }
    pos = end;
  }
  const goodBytes = firstBad ? firstBad.offset : buf.length;
  const out: ParsedJournal = { records, goodBytes, totalBytes: buf.length };
  if (firstBad) out.tail = { offset: firstBad.offset, bytes: buf.length - firstBad.offset, reason: firstBad.reason };
  return out;
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
    await this.fh.datasync();
    this.bytes += total;
    this.records += count;
  }

  /** Empty the journal after a checkpoint made its records part of the snapshot. */
  async reset(): Promise<void> {
    await this.fh.truncate(0);
    await this.fh.datasync();
    this.bytes = 0;
    this.records = 0;
  }

  close(): Promise<void> {
    return this.fh.close();
  }
}

function isNul(s: string): boolean {
  return /^\0+$/.test(s);
}

function isMutation(m: unknown): m is Mutation {
  if (typeof m !== 'object' || m === null) return false;
  const { changes, seqs } = m as Partial<Mutation>;
  if (!Array.isArray(changes) || typeof seqs !== 'object' || seqs === null) return false;
  return changes.every(
    (c) =>
      typeof c === 'object' &&
      c !== null &&
      COLLECTIONS.includes(c.coll as CollectionName) &&
      ((c.op === 'put' && typeof c.doc === 'object' && c.doc !== null && typeof c.doc.id === 'string') ||
        (c.op === 'delete' && typeof c.id === 'string')),
  );
}
