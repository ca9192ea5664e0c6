// Reading store.json as a stream, one line at a time: it is written one document per line (snapshot.ts),
// so however large the ledger, no string longer than one document is ever made. A file in any other
// layout (edited by hand) is read whole when it is small enough, with the same checks and messages.
import fs from 'node:fs/promises';
import { crc32 } from 'node:zlib';
import type { LazyCollection } from '../engine.ts';
import { idOfLine, RawDocs } from '../raw-docs.ts';
import { StoreCorruptError } from '../types.ts';
import { forEachLine, type Line } from './lines.ts';
import { checkSnapshot, parseSnapshot, verifyChecksum, SNAPSHOT_FILE, type SnapshotData } from './snapshot.ts';

const NOT_LINES = Symbol("not the line layout");
const NL = Buffer.from('\n');

export type ReadSnapshot = SnapshotData & {
  bytes: number;
  /** with `lazy`: per collection, the docs as ids and unparsed lines (the collection in `state` is empty) */
  lazy?: Record<string, LazyCollection>;
};

/**
 * Read and verify a snapshot file; undefined when it does not exist. `lazy`: a doc line that begins with its
 * id is kept unparsed (Engine.loadLazy); only when the file has its checksum, which vouches for every line
 * being what the store wrote. A file without one has every line parsed before it is accepted.
 */
export async function readSnapshot(file: string, maxLine: number, name = SNAPSHOT_FILE, lazy = false): Promise<ReadSnapshot | undefined> {
  const reader = new LineReader(name, lazy);
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
  private lazyDocs: Record<string, LazyCollection> = {};
  /** the collection being read, when lazily */
  private lazyNow: LazyCollection | undefined;
  /** a collection with a doc that has no string id (refused in finish(), after the header's checks) */
  private badId: string | undefined;
  private collName = '';
  private crc = 0;
  /** crc32 of everything before the "," that precedes the checksum line */
  private crcAtMarker: number | undefined;
  private checksum: string | undefined;

  /** the lines not yet in `crc`: runBuf[runStart, runEnd) */
  private runBuf: Buffer | undefined;
  private runStart = 0;
  private runEnd = 0;

  constructor(
    private name: string,
    private lazy: boolean,
  ) {}

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
      const lazy = this.lazyNow;
      let at = start;
      if (lazy) {
        while (at < end && buf[at] === 0x20) at++;
        const id = idOfLine(buf, at, end);
        if (id !== undefined) {
          lazy.ids.push(id);
          lazy.values.push(lazy.raw.add(buf, at, end));
          return;
        }
      }
      let doc: unknown;
      try {
        doc = JSON.parse(buf.toString('utf8', start, end));
      } catch {
        throw NOT_LINES;
      }
      if (!lazy) this.docs.push(doc);
      else this.pushParsed(lazy, doc);
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
        this.collName = JSON.parse(m[1]) as string;
        this.collections[this.collName] = this.docs = [];
        this.lazyNow = undefined;
        if (this.lazy && !m[2]) this.lazyDocs[this.collName] = this.lazyNow = { ids: [], values: [], raw: new RawDocs() };
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

  private pushParsed(lazy: LazyCollection, doc: unknown): void {
    const id = (doc as { id?: unknown } | null)?.id;
    if (typeof id !== 'string') this.badId ??= this.collName;
    lazy.ids.push(id as string);
    lazy.values.push(doc as LazyCollection['values'][number]);
  }

  finish(): SnapshotData & { lazy?: Record<string, LazyCollection> } {
    if (this.where !== 'end') throw NOT_LINES;
    const snap = checkSnapshot({ ...this.header, collections: this.collections }, 'missing', this.name);
    if (this.badId !== undefined) throw new StoreCorruptError(`${this.name}: a document in ${this.badId} has no string id`);
    if (this.checksum !== undefined) {
      verifyChecksum(this.checksum, this.crcAtMarker!, this.name);
      snap.checksum = 'ok';
    }
    if (!this.lazy) return snap;
    // without a checksum nothing vouches for the lines kept unparsed: parse them all now
    if (this.checksum === undefined) for (const [c, lazy] of Object.entries(this.lazyDocs)) this.parseAll(c, lazy);
    return { ...snap, lazy: this.lazyDocs };
  }

  private parseAll(coll: string, lazy: LazyCollection): void {
    const { ids, values, raw } = lazy;
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (typeof v !== 'number') continue;
      let doc: { id?: unknown };
      try {
        doc = JSON.parse(raw.text(v)) as { id?: unknown };
      } catch {
        throw NOT_LINES;
      }
      if (typeof doc?.id !== 'string') throw new StoreCorruptError(`${this.name}: a document in ${coll} has no string id`);
      ids[i] = doc.id;
      values[i] = doc as LazyCollection['values'][number];
      raw.left--;
    }
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
