// Reading a file line by line, a chunk at a time: the store's files (snapshot, journals) can be far larger
// than the longest string V8 can make (~512 M characters), so no file is ever read whole. Only a single
// line is ever turned into a string, and a line longer than the limit is reported, not read.
import fs from 'node:fs/promises';

/** The longest line the store writes and reads (a journal record part, a snapshot document). */
export const DEFAULT_MAX_LINE_BYTES = 64 * 1024 * 1024;

const CHUNK_BYTES = 4 * 1024 * 1024;

export interface Line {
  /** the line's bytes are buf[start, end), without the newline */
  buf: Buffer;
  start: number;
  end: number;
  /** byte offset of the line in the file */
  offset: number;
  /** false for a last line with no newline after it */
  newline: boolean;
  /** the line is longer than maxLine bytes: its bytes are not given (buf is empty) */
  tooLong: boolean;
}

/**
 * Call `onLine` for each line of the file, in order (synchronously per line, so a million lines cost a
 * million calls, not a million promises). Returns the file's size in bytes.
 */
export async function forEachLine(file: string, maxLine: number, onLine: (line: Line) => void): Promise<number> {
  const fh = await fs.open(file, 'r');
  try {
    let pieces: Buffer[] = []; // the start of the current line, from earlier chunks
    let piecesBytes = 0;
    let lineOffset = 0;
    let skipping = false; // inside a line already known to be too long
    let pos = 0;
    const EMPTY = Buffer.alloc(0);
    for (;;) {
      const chunk = Buffer.allocUnsafe(CHUNK_BYTES);
      const { bytesRead } = await fh.read(chunk, 0, CHUNK_BYTES, pos);
      if (bytesRead === 0) break;
      const data = chunk.subarray(0, bytesRead);
      let s = 0;
      for (let nl = data.indexOf(0x0a, s); nl !== -1; nl = data.indexOf(0x0a, s)) {
        if (skipping || piecesBytes + nl - s > maxLine) {
          onLine({ buf: EMPTY, start: 0, end: 0, offset: lineOffset, newline: true, tooLong: true });
        } else if (piecesBytes) {
          const buf = Buffer.concat([...pieces, data.subarray(s, nl)]);
          onLine({ buf, start: 0, end: buf.length, offset: lineOffset, newline: true, tooLong: false });
        } else {
          onLine({ buf: data, start: s, end: nl, offset: lineOffset, newline: true, tooLong: false });
        }
        pieces = [];
        piecesBytes = 0;
        skipping = false;
        s = nl + 1;
        lineOffset = pos + s;
      }
      if (!skipping && s < data.length) {
        piecesBytes += data.length - s;
        if (piecesBytes > maxLine) {
          skipping = true;
          pieces = [];
        } else pieces.push(data.subarray(s));
      }
      pos += bytesRead;
    }
    if (skipping) onLine({ buf: EMPTY, start: 0, end: 0, offset: lineOffset, newline: false, tooLong: true });
    else if (piecesBytes) {
      const buf = Buffer.concat(pieces);
      onLine({ buf, start: 0, end: buf.length, offset: lineOffset, newline: false, tooLong: false });
    }
    return pos;
  } finally {
    await fh.close();
  }
}
