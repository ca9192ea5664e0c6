// The parts of a large journal record, serialised one at a time by the writer (see prepareRecord in
// journal.ts): the same lines encodeRecord writes for a unit split into parts.
import { crc32 } from 'node:zlib';
import type { Mutation } from '../engine.ts';

/** A unit left to the writer to serialise as it writes it. */
export interface StreamedRecord {
  n: number;
  m: Mutation;
}

// the ~64 K characters of each JSON.stringify stay among the young objects (a 1 MB string would be allocated
// in the old generation, and 140 MB of them bring on full collections); parts of ~4 MB
const RUN_CHARS = 1 << 16;
export const PART_BYTES = 4 << 20;

/**
 * Encodes a streamed record part by part: every part but the last is `{"n":…,"crc":"…","more":1,"m":
 * {"changes":[…],"seqs":{}}}`, the last an ordinary record line with the seqs, exactly the lines
 * encodeRecord writes for a unit split into parts (and replay reads them the same way).
 */
export class PartEncoder {
  private i = 0;
  private run = 64;
  private readonly seqs: string;
  /** room kept at the end of a part for its seqs and closing braces */
  private readonly reserve: number;

  constructor(private rec: StreamedRecord) {
    this.seqs = `,"seqs":${JSON.stringify(rec.m.seqs)}}`;
    this.reserve = Buffer.byteLength(this.seqs) + 64;
  }

  /** The next part's line as buffers (its body inside `buf`, reused by the caller), or null when done. */
  next(buf: Buffer): Buffer[] | null {
    const { changes } = this.rec.m;
    if (this.i >= changes.length) return null;
    const n = this.rec.n;
    let body = buf;
    let off = body.write('{"changes":', 0, 'latin1');
    let first = true;
    while (this.i < changes.length) {
      const end = Math.min(changes.length, this.i + this.run);
      const json = JSON.stringify(changes.slice(this.i, end)); // "[a,b,…]"
      // at most 3 UTF-8 bytes per UTF-16 unit
      if (off + json.length * 3 + this.reserve > body.length) {
        if (!first) break; // the part is full: this run starts the next one
        // one run larger than the whole buffer (a very large document): a buffer of its own for this part
        const own = Buffer.allocUnsafe(off + json.length * 3 + this.reserve);
        body.copy(own, 0, 0, off);
        body = own;
      }
      if (!first) off--; // over the "]" of the run before
      const at = off;
      off += body.write(json, off, 'utf8');
      if (!first) body[at] = 0x2c; // its "[" → "," continuing the array
      first = false;
      this.run = Math.max(1, Math.min(8192, Math.round(((end - this.i) * RUN_CHARS) / Math.max(json.length, 1))));
      this.i = end;
    }
    const last = this.i >= changes.length;
    off += last ? body.write(this.seqs, off, 'utf8') : body.write(',"seqs":{}}', off, 'latin1');
    const bytes = body.subarray(0, off);
    const sum = (crc32(bytes, crc32(last ? `${n}:` : `${n}+:`)) >>> 0).toString(16).padStart(8, '0');
    const head = Buffer.from(`{"n":${n},"crc":"${sum}",${last ? '' : '"more":1,'}"m":`, 'latin1');
    return [head, bytes, TAIL];
  }
}

const TAIL = Buffer.from('}\n', 'latin1');
