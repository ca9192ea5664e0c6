// Reading store.json as a stream, one line at a time: it is written one document per line (snapshot.ts),
// so however large the ledger, no string longer than one document is ever made. A file in any other
// layout (edited by hand) is read whole when it is small enough, with the same checks and messages.
import fs from 'node:fs/promises';
import { crc32 } from 'node:zlib';
import { StoreCorruptError } from '../types.ts';
import { forEachLine, type Line } from './lines.ts';
import { checkSnapshot, parseSnapshot, verifyChecksum, SNAPSHOT_FILE, type SnapshotData } from './snapshot.ts';

const NOT_LINES = Symbol("not the line layout");
const NL = Buffer.from('\n');

/** Read and verify a snapshot file; undefined when it does not exist. */
export async function readSnapshot(file: string, maxLine: number, name = SNAPSHOT_FILE): Promise<(SnapshotData & { bytes: number }) | undefined> {
  const reader = new LineReader(name);
  let bytes: number;
  try {
    bytes = await forEachLine(file, maxLine, (l) => reader.push(l));
    return { ...reader.finish(), bytes };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    if (err !== NOT_LINES) throw err;
  }
  // not as claimdesk writes it: read whole if that is possible, else say so
  const size = (await fs.stat(file)).size;
  if (size > maxLine) {
    throw new StoreCorruptError(
      `${name} is not valid JSON in the layout claimdesk writes (truncated or damaged, or edited into another layout), ` +
        `and at ${size} bytes it is too large to read whole`,
    );
  }
  return { ...parseSnapshot(await fs.readFile(file), name), bytes: size };
}

type Where = 'start' | 'header' | 'collections' | 'docs' | 'after' | 'end';

class LineReader {
  private where: Where = 'start';
  private header: Record<string, unknown> = {};
  private collections: Record<string, unknown[]> = {};
  private docs: unknown[] = [];
  private crc = 0;
  /** crc32 of everything before the "," that precedes the checksum line */
  private crcAtMarker: number | undefined;
  private checksum: string | undefined;

  /** the lines not yet in `crc`: runBuf[runStart, runEnd) */
  private runBuf: Buffer | undefined;
  private runStart = 0;
  private runEnd = 0;

  constructor(private name: string) {}

  private flushCrc(): void {
    if (this.runBuf && this.runEnd > this.runStart) this.crc = crc32(this.runBuf.subarray(this.runStart, this.runEnd), this.crc);
    this.runBuf = undefined;
  }

  push(l: Line): void {
    if (l.tooLong) throw NOT_LINES;
    const { buf, start } = l;
    let end = l.end;
    if (!l.newline) throw NOT_LINES; // the writer ends its last line too
    // the crc32 is taken over runs of lines that follow each other in one chunk, not line by line (a
    // million calls at 1M docs); it is only needed up to the end of the collections (see crcAtMarker)
    let before: number | undefined; // crc32 before this line, when it is already counted
    if (buf[end] === 0x0a) {
      if (buf !== this.runBuf || start !== this.runEnd) {
        this.flushCrc();
        this.runBuf = buf;
        this.runStart = start;
      }
      this.runEnd = end + 1;
    } else {
      // a line that spanned two chunks comes in its own buffer, without its newline
      this.flushCrc();
      before = this.crc;
      this.crc = crc32(NL, crc32(buf.subarray(start, end), before));
    }
    const comma = end > start && buf[end - 1] === 0x2c;
    if (comma) end--;
    if (this.where === 'docs') {
      // `      {…},` or the collection's end `    ]` / `    ],`
      if (end - start === 5 && buf[start + 4] === 0x5d) {
        this.where = 'collections';
        return;
      }
      let doc: unknown;
      try {
        doc = JSON.parse(buf.toString('utf8', start, end));
      } catch {
        throw NOT_LINES;
      }
      this.docs.push(doc);
      return;
    }
    const text = buf.toString('utf8', start, end);
    switch (this.where) {
      case 'start':
        if (text !== '{') throw NOT_LINES;
        this.where = 'header';
        return;
      case 'header':
        if (text === '  "collections": {') {
          this.where = 'collections';
          return;
        }
        Object.assign(this.header, parseMember(text));
        return;
      case 'collections': {
        if (text === '  }') {
          if (before === undefined) {
            this.runEnd = start; // everything before this line
            this.flushCrc();
            before = this.crc;
          }
          if (comma) this.crcAtMarker = crc32(buf.subarray(start, end), before);
          this.where = 'after';
          return;
        }
        const m = /^ {4}("[A-Za-z]+"): \[(\])?$/.exec(text);
        if (!m) throw NOT_LINES;
        this.collections[JSON.parse(m[1])] = this.docs = [];
        if (!m[2]) this.where = 'docs';
        return;
      }
      case 'after': {
        if (text === '}') {
          this.where = 'end';
          return;
        }
        const member = parseMember(text);
        if (typeof member.checksum !== 'string' || this.crcAtMarker === undefined || this.checksum !== undefined) throw NOT_LINES;
        this.checksum = member.checksum;
        return;
      }
      default:
        throw NOT_LINES; // anything after the closing brace
    }
  }

  finish(): SnapshotData {
    if (this.where !== 'end') throw NOT_LINES;
    const snap = checkSnapshot({ ...this.header, collections: this.collections }, 'missing', this.name);
    if (this.checksum !== undefined) {
      verifyChecksum(this.checksum, this.crcAtMarker!, this.name);
      snap.checksum = 'ok';
    }
    return snap;
  }
}

/** `  "key": value` (its comma already cut) as { key: value }. */
function parseMember(text: string): Record<string, unknown> {
  try {
    const o = JSON.parse(`{${text}}`) as Record<string, unknown>;
    if (Object.hasOwn(o, '__proto__') || Object.hasOwn(o, 'collections')) throw NOT_LINES;
    return o;
  } catch {
    throw NOT_LINES;
  }
}
