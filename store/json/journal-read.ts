// Reading journals back: line by line (a chunk at a time, never the whole file as one buffer or string),
// each line's crc32 checked on its bytes, the parts of a unit that spans several lines put back together.
import { isUtf8 } from 'node:buffer';
import fs from 'node:fs/promises';
import { crc32 } from 'node:zlib';
import type { Mutation } from '../engine.ts';
import { DEFAULT_MAX_LINE_BYTES, forEachLine, type Line } from './lines.ts';

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

/** The crc32 of a record line: over `${n}:${m}` as written (`${n}+:` for the parts of a split unit). */
export function checksum(n: number | string, mJson: string): string {
  return crc32(`${n}:${mJson}`).toString(16).padStart(8, '0');
}

type Decoded = { n: number; m: Mutation; more: boolean };

const LINE = /^\{"n":(\d{1,15}),"crc":"([0-9a-f]{8})",("more":1,)?"m":([\s\S]*)\}$/;

/** Decode one line (without its newline); returns the record (or part) or why it is not one. */
export function decodeLine(line: string): Decoded | { error: string } {
  const match = LINE.exec(line);
  if (!match) return { error: line.length === 0 ? 'empty line' : isNul(line) ? 'NUL bytes' : 'not a journal record' };
  const n = Number(match[1]);
  const more = !!match[3];
  const mJson = match[4];
  if (checksum(more ? `${n}+` : n, mJson) !== match[2]) return { error: `record ${n}: checksum mismatch` };
  let m: unknown;
  try {
    m = JSON.parse(mJson);
  } catch (err) {
    return { error: `record ${n}: invalid JSON (${(err as Error).message})` };
  }
  if (!isMutation(m)) return { error: `record ${n}: not a mutation` };
  return { n, m, more };
}

const HEAD = Buffer.from('{"n":');
const CRC_KEY = Buffer.from(',"crc":"');
const M_KEY = Buffer.from('","m":');
const MORE_M_KEY = Buffer.from('","more":1,"m":');

/**
 * decodeLine for the bytes buf[start, end) (without the newline), without first decoding the line to a
 * string: the crc32 runs over the bytes on disk. Returns undefined whenever anything is off, and the
 * caller asks decodeLine, which says what (so both accept exactly the same lines).
 */
function decodeBytes(buf: Buffer, start: number, end: number): Decoded | undefined {
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
  let more = false;
  if (buf.compare(M_KEY, 0, M_KEY.length, p, p + M_KEY.length) === 0) p += M_KEY.length;
  else if (buf.compare(MORE_M_KEY, 0, MORE_M_KEY.length, p, p + MORE_M_KEY.length) === 0) {
    p += MORE_M_KEY.length;
    more = true;
  } else return undefined;
  if (buf[end - 1] !== 0x7d /* } */) return undefined;
  const mBytes = buf.subarray(p, end - 1);
  const sum = crc32(mBytes, crc32(more ? `${n}+:` : `${n}:`)).toString(16).padStart(8, '0');
  if (sum !== crcText || !isUtf8(mBytes)) return undefined;
  let m: unknown;
  try {
    m = JSON.parse(mBytes.toString('utf8'));
  } catch {
    return undefined;
  }
  return isMutation(m) ? { n, m, more } : undefined;
}

/**
 * Turns lines into records. A damaged line with no good record after it is a tail (a write that was cut
 * short and never acknowledged); a damaged line followed by good records is corruption. A unit's parts
 * count only once its last part is read: a unit cut short is a tail from its first part on.
 */
class JournalParser {
  readonly records: JournalRecord[] = [];
  private firstBad: { offset: number; line: number; reason: string } | undefined;
  private corrupt: ParsedJournal['corrupt'];
  private pending: { n: number; start: number; line: number; changes: Mutation['changes'] } | undefined;
  private lineNo = 0;

  constructor(private maxLine: number) {}

  push(l: Line): void {
    if (this.corrupt) return;
    this.lineNo++;
    const rec: Decoded | { error: string } = l.tooLong
      ? { error: `line longer than ${this.maxLine} bytes` }
      : !l.newline
        ? { error: 'incomplete last line (no newline)' }
        : (decodeBytes(l.buf, l.start, l.end) ?? decodeLine(l.buf.toString('utf8', l.start, l.end)));
    const p = this.pending;
    if ('error' in rec || (p && rec.n !== p.n)) {
      const reason = 'error' in rec ? rec.error : `record ${rec.n} inside the parts of record ${p!.n}`;
      // an unfinished unit is cut from its first part
      this.firstBad ??= p ? { offset: p.start, line: p.line, reason: `record ${p.n} unfinished (${reason})` } : { offset: l.offset, line: this.lineNo, reason };
      this.pending = undefined;
      return;
    }
    if (this.firstBad) {
      const b = this.firstBad;
      this.corrupt = { ...b, reason: `${b.reason}, followed by a good record ${rec.n} (line ${this.lineNo})` };
      return;
    }
    if (rec.more) {
      if (p) for (const c of rec.m.changes) p.changes.push(c);
      else this.pending = { n: rec.n, start: l.offset, line: this.lineNo, changes: rec.m.changes };
      return;
    }
    const end = l.offset + (l.end - l.start) + 1;
    if (p) {
      for (const c of rec.m.changes) p.changes.push(c);
      this.records.push({ n: rec.n, m: { changes: p.changes, seqs: rec.m.seqs }, start: p.start, end });
      this.pending = undefined;
    } else this.records.push({ n: rec.n, m: rec.m, start: l.offset, end });
  }

  finish(totalBytes: number): ParsedJournal {
    if (this.corrupt) {
      return { records: this.records, goodBytes: this.corrupt.offset, totalBytes, corrupt: this.corrupt };
    }
    const p = this.pending;
    if (p) this.firstBad ??= { offset: p.start, line: p.line, reason: `record ${p.n} unfinished (its last part is missing)` };
    const b = this.firstBad;
    const out: ParsedJournal = { records: this.records, goodBytes: b ? b.offset : totalBytes, totalBytes };
    if (b) out.tail = { offset: b.offset, bytes: totalBytes - b.offset, reason: b.reason };
    return out;
  }
}

/** Split a journal held in memory into records (see JournalParser). */
export function parseJournal(buf: Buffer, maxLine = DEFAULT_MAX_LINE_BYTES): ParsedJournal {
  const parser = new JournalParser(maxLine);
  let pos = 0;
  while (pos < buf.length) {
    const nl = buf.indexOf(0x0a, pos);
    const end = nl === -1 ? buf.length : nl;
    parser.push({ buf, start: pos, end, offset: pos, newline: nl !== -1, tooLong: end - pos > maxLine });
    pos = end + 1;
  }
  return parser.finish(buf.length);
}

/** Read a journal file line by line; undefined when it does not exist. */
export async function readJournal(file: string, maxLine = DEFAULT_MAX_LINE_BYTES): Promise<ParsedJournal | undefined> {
  const parser = new JournalParser(maxLine);
  let size: number;
  try {
    size = await forEachLine(file, maxLine, (l) => parser.push(l));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  return parser.finish(size);
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
      typeof c.coll === 'string' && // which collections exist is the schema's: replay refuses an unknown one
      ((c.op === 'put' && typeof c.doc === 'object' && c.doc !== null && typeof c.doc.id === 'string') ||
        (c.op === 'delete' && typeof c.id === 'string')),
  );
}
