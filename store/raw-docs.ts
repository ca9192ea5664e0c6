// Documents kept as the bytes of their snapshot line until first read. Parsing every document of a large
// store at open is most of a cold start (a million claims: ~9 s of JSON.parse and the garbage collection of
// what it makes), while the first answers read a handful. The engine holds, for a doc not read yet, its
// number in this table instead of the doc (store/engine.ts).
import { StoreCorruptError } from './types.ts';

export class RawDocs {
  private bufs: Buffer[] = [];
  private buf: number[] = [];
  private start: number[] = [];
  private end: number[] = [];
  /** how many entries the engine still holds unparsed (the table is dropped at 0) */
  left = 0;

  /** Keep buf[start, end) (one document's JSON); → its number. The buffer is kept, not copied. */
  add(buf: Buffer, start: number, end: number): number {
    if (this.bufs[this.bufs.length - 1] !== buf) this.bufs.push(buf);
    this.buf.push(this.bufs.length - 1);
    this.start.push(start);
    this.end.push(end);
    this.left++;
    return this.start.length - 1;
  }

  /** The document's JSON text, exactly as the snapshot has it. */
  text(n: number): string {
    return this.bufs[this.buf[n]].toString('utf8', this.start[n], this.end[n]);
  }

  /**
   * The doc's version when its line ends with it (`…,"version":7}`, as docs the store versioned itself do),
   * read without parsing; else undefined. In a line that is valid JSON that tail can only be the top-level
   * object's last member (a quote inside a string is escaped), which is the one JSON.parse keeps.
   */
  version(n: number): number | undefined {
    const b = this.bufs[this.buf[n]];
    const start = this.start[n];
    const end = this.end[n];
    if (b[end - 1] !== 0x7d) return undefined;
    let p = end - 2;
    let v = 0;
    for (let mul = 1; p > start && b[p] >= 0x30 && b[p] <= 0x39; p--, mul *= 10) v += (b[p] - 0x30) * mul;
    if (p === end - 2 || end - p > 17) return undefined; // no digits, or more than a safe integer has
    const at = p - VERSION_KEY.length + 1;
    if (at <= start) return undefined;
    for (let k = 0; k < VERSION_KEY.length; k++) if (b[at + k] !== VERSION_KEY[k]) return undefined;
    return v;
  }

  /** The document, parsed (not frozen); its id must be the one the line was filed under. */
  parse(n: number, id: string, coll: string): { id: string; version: number } {
    const doc = JSON.parse(this.text(n)) as { id: string; version: number };
    if (doc?.id !== id) throw new StoreCorruptError(`a document in ${coll} is not what its snapshot line said (id ${id})`);
    return doc;
  }
}

const ID_PREFIX = Buffer.from('{"id":"');
const VERSION_KEY = Buffer.from(',"version":');

/**
 * The id of a snapshot line `{"id":"…",…}` (the way the store writes docs that begin with their id), read
 * without parsing the line; undefined for any other line (another first key, an id with escapes), which is
 * then parsed at once. `start` is the offset of the `{`.
 */
export function idOfLine(buf: Buffer, start: number, end: number): string | undefined {
  if (end - start < 10) return undefined;
  for (let k = 0; k < ID_PREFIX.length; k++) if (buf[start + k] !== ID_PREFIX[k]) return undefined;
  const from = start + ID_PREFIX.length;
  let q = from;
  for (; q < end; q++) {
    const b = buf[q];
    if (b === 0x22) break;
    if (b === 0x5c) return undefined; // an escape: let JSON.parse read it
  }
  if (q === from || q >= end - 1) return undefined;
  const after = buf[q + 1];
  if (after !== 0x2c && after !== 0x7d) return undefined;
  return buf.toString('utf8', from, q);
}
