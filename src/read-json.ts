// Reading a JSON file that may be far larger than the longest string V8 can make (~512 M characters): a
// ClaimReview dump of a million reviews, a claimdesk export of a large ledger. The file is read a chunk
// at a time and never becomes one string: the items of the top-level array (or of the arrays directly
// under a top-level object: `@graph`, `claims`, …) are cut out at their byte boundaries and each parsed
// by JSON.parse. The result is the value JSON.parse would have given for the whole file.
//
// Why not stream-json: its tokenizer runs at ~5 MB/s on this machine against JSON.parse's ~40 MB/s
// under the same load (measured on 20,000 reviews), which would make a 100k-review import miss its 3 s
// by far. Only the structure between the items is scanned here, byte by byte; the items themselves
// go through the native parser.
import fsSync from 'node:fs';
import fs from 'node:fs/promises';

/** An item (one review, one claim) larger than this is refused: it would not fit in one string. */
export const DEFAULT_MAX_ITEM_BYTES = 256 * 1024 * 1024;
const DEFAULT_CHUNK_BYTES = 4 * 1024 * 1024;
// Streamed items are dropped as soon as they are used: a smaller chunk keeps them among the young objects
// the garbage collector frees cheaply, instead of a 4 MB chunk's thousands of items outliving a scavenge.
const STREAM_CHUNK_BYTES = 1024 * 1024;
const PEEK_CHUNK_BYTES = 64 * 1024;

export class JsonReadError extends Error {
  override name = 'JsonReadError';
}

type Frame =
  | { kind: 'array'; out: unknown[]; state: 'first' | 'value' | 'comma' }
  | { kind: 'object'; out: Record<string, unknown>; state: 'first' | 'key' | 'colon' | 'value' | 'comma'; key: string };

const WS = new Uint8Array(256);
for (const c of [0x20, 0x0a, 0x0d, 0x09]) WS[c] = 1;

/** Read and parse a JSON file of any size; throws JsonReadError (with the byte offset) when it is not JSON. */
export async function readJsonFile(file: string, opts: ReadOptions = {}): Promise<unknown> {
  const size = opts.chunkBytes ?? DEFAULT_CHUNK_BYTES;
  const scan = scanner(opts);
  const fh = await fs.open(file, 'r');
  try {
    for (let base = 0; ; ) {
      const chunk = Buffer.allocUnsafe(size);
      const { bytesRead } = await fh.read(chunk, 0, size, base);
      if (bytesRead === 0) break;
      scan.push(chunk, bytesRead);
      base += bytesRead;
    }
    return scan.end();
  } finally {
    await fh.close();
  }
}

/**
 * The items of a file whose top-level value is an array, one at a time, read synchronously a chunk at a
 * time (for a caller that must stay synchronous: an import inside one store transaction). Only the items
 * of the chunk being read are alive at once, so a file of a million reviews is never all in memory.
 * Throws JsonReadError, with the same words as readJsonFile, where the file stops being JSON.
 */
export function* readJsonItems(file: string, opts: ReadOptions = {}): Generator<unknown, void, undefined> {
  const size = opts.chunkBytes ?? STREAM_CHUNK_BYTES;
  let ready: unknown[] = [];
  const scan = scanner(opts, (v) => ready.push(v));
  const fd = fsSync.openSync(file, 'r');
  try {
    // one buffer for the whole file: the scanner copies what it keeps of a chunk
    const chunk = Buffer.allocUnsafe(size);
    for (let base = 0; ; ) {
      const n = fsSync.readSync(fd, chunk, 0, size, base);
      if (n === 0) break;
      scan.push(chunk, n);
      base += n;
      const out = ready;
      ready = [];
      yield* out;
    }
    scan.end();
    yield* ready;
  } finally {
    fsSync.closeSync(fd);
  }
}

/** Whether the file's top-level value is an array, and its first item (undefined when it has none). */
export async function peekJsonArray(file: string): Promise<{ array: false } | { array: true; first: unknown }> {
  const STOP = Symbol('stop');
  let first: unknown;
  let seen = false;
  const scan = scanner({}, (v) => {
    first = v;
    seen = true;
    throw STOP;
  });
  const fh = await fs.open(file, 'r');
  try {
    const chunk = Buffer.allocUnsafe(PEEK_CHUNK_BYTES);
    for (let base = 0; ; ) {
      const { bytesRead } = await fh.read(chunk, 0, PEEK_CHUNK_BYTES, base);
      if (bytesRead === 0) break;
      try {
        scan.push(chunk, bytesRead);
      } catch (err) {
        if (err === STOP) return { array: true, first };
        throw err;
      }
      if (!scan.inArray()) return { array: false };
      base += bytesRead;
    }
    scan.end(); // throws where the file is not JSON
    return seen || scan.inArray() ? { array: true, first } : { array: false };
  } finally {
    await fh.close();
  }
}

export interface ReadOptions {
  maxItemBytes?: number;
  chunkBytes?: number;
}

/**
 * The reader itself, fed one chunk at a time. With `onItem`, the items of a top-level array are handed to
 * it as they are parsed instead of being kept (end() then returns nothing useful).
 */
function scanner(opts: ReadOptions, onItem?: (v: unknown) => void) {
  const max = opts.maxItemBytes ?? DEFAULT_MAX_ITEM_BYTES;
  const CHUNK_BYTES = opts.chunkBytes ?? DEFAULT_CHUNK_BYTES;
  const stack: Frame[] = [];
  let root: unknown;
  let done = false;
  let depth = 0; // brackets open inside the item being cut out
  let inStr = false;
  let esc = false;
  // the item being cut out: its bytes so far from earlier chunks, where it starts in this one, its kind
  let pieces: Buffer[] = [];
  let itemBytes = 0;
  let itemStart = -1;
  let itemKind = 0; // 0 none, 1 container/string (ends on its own close), 2 scalar (ends at a delimiter)
  let itemOffset = 0;
  let base = 0;
  let started = false;
  const fail = (at: number, what: string): never => {
    throw new JsonReadError(`not valid JSON at byte ${at}: ${what}`);
  };
  const finishItem = (chunk: Buffer, end: number) => {
    const buf = pieces.length ? Buffer.concat([...pieces, chunk.subarray(itemStart, end)]) : chunk.subarray(itemStart, end);
    if (buf.length > max) fail(itemOffset, `an item of more than ${max} bytes`);
    let v: unknown;
    try {
      v = JSON.parse(buf.toString('utf8'));
    } catch (err) {
      fail(itemOffset, (err as Error).message);
    }
    pieces = [];
    itemBytes = 0;
    itemStart = -1;
    itemKind = 0;
    place(v);
  };
  const place = (v: unknown) => {
    const top = stack[stack.length - 1];
    if (!top) {
      root = v;
      done = true;
    } else if (top.kind === 'array') {
      top.out.push(v);
      top.state = 'comma';
    } else if (top.state === 'key') {
      if (typeof v !== 'string') fail(base, 'an object key must be a string');
      top.key = v as string;
      top.state = 'colon';
    } else {
      // as JSON.parse does: "__proto__" becomes an own property, never the prototype
      Object.defineProperty(top.out, top.key, { value: v, writable: true, enumerable: true, configurable: true });
      top.state = 'comma';
    }
  };
  // runs of whole items are parsed in one JSON.parse (below) unless an item could exceed the limit unseen
  let batchFrom = max >= CHUNK_BYTES ? 0 : Infinity;

  function push(chunk: Buffer, n: number): void {
    let i = !started && chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf ? 3 : 0; // BOM
    started = true;
    for (; i < n; i++) {
      const c = chunk[i];
      if (itemKind) {
        // inside an item: only find where it ends
        if (inStr) {
          if (esc) esc = false;
          else if (c === 0x5c) esc = true;
          else if (c === 0x22) {
            inStr = false;
            if (depth === 0) finishItem(chunk, i + 1);
          }
          continue;
        }
        if (itemKind === 2) {
          if (WS[c] || c === 0x2c || c === 0x5d || c === 0x7d) finishItem(chunk, i); // and handle c below
          else continue;
        } else {
          if (c === 0x22) inStr = true;
          else if (c === 0x7b || c === 0x5b) depth++;
          else if (c === 0x7d || c === 0x5d) {
            if (--depth === 0) finishItem(chunk, i + 1);
          }
          continue;
        }
      }
      if (WS[c]) continue;
      const at = base + i;
      const top = stack[stack.length - 1];
      if (!top) {
        if (done) fail(at, 'more after the end of the document');
        if (c === 0x5b) stack.push({ kind: 'array', out: onItem ? sink(onItem) : [], state: 'first' });
        else if (c === 0x7b) stack.push({ kind: 'object', out: {}, state: 'first', key: '' });
        else startItem(c, i, at);
        continue;
      }
      if (c === 0x2c) {
        if (top.state !== 'comma') fail(at, 'unexpected ","');
        top.state = top.kind === 'array' ? 'value' : 'key';
        continue;
      }
      if (c === 0x5d || c === 0x7d) {
        if ((c === 0x5d) !== (top.kind === 'array') || (top.state !== 'comma' && top.state !== 'first')) fail(at, `unexpected "${String.fromCharCode(c)}"`);
        stack.pop();
        place(top.out);
        continue;
      }
      if (top.kind === 'object') {
        if (top.state === 'colon') {
          if (c !== 0x3a) fail(at, 'expected ":"');
          top.state = 'value';
          continue;
        }
        if (top.state === 'first') top.state = 'key';
        if (top.state === 'key') {
          if (c !== 0x22) fail(at, 'expected a key');
          startItem(c, i, at);
          continue;
        }
        if (top.state === 'comma') fail(at, 'expected "," or "}"');
        // the arrays directly under the top-level object are read item by item too
        if (c === 0x5b && stack.length === 1) {
          stack.push({ kind: 'array', out: [], state: 'first' });
          continue;
        }
        startItem(c, i, at);
        continue;
      }
      if (top.state === 'comma') fail(at, 'expected "," or "]"');
      if (c === 0x7b && batchFrom <= base + i) {
        const end = parseRun(chunk, i, n, top.out);
        if (end > 0) {
          top.state = 'comma';
          i = end - 1;
          continue;
        }
        batchFrom = base + n; // no run here: byte by byte for the rest of this chunk
      }
      startItem(c, i, at);
    }
    if (itemKind) {
      pieces.push(Buffer.from(chunk.subarray(Math.max(itemStart, 0), n)));
      itemBytes += n - Math.max(itemStart, 0);
      if (itemBytes > max) fail(itemOffset, `an item of more than ${max} bytes`);
      itemStart = 0;
    }
    base += n;
  }

  function end(): unknown {
    if (itemKind === 2 && !stack.length) {
      // a bare scalar document
      const buf = Buffer.concat(pieces);
      pieces = [];
      itemStart = 0;
      finishItem(buf, buf.length);
    }
    if (!done || stack.length || itemKind) fail(base, 'unexpected end of the file');
    return root;
  }

  /** Nothing but whitespace read yet, or inside a top-level array. */
  const inArray = () => (!done && stack.length === 0 && !itemKind) || stack[0]?.kind === 'array';

  function startItem(c: number, i: number, at: number): void {
    itemStart = i;
    itemOffset = at;
    if (c === 0x22) {
      itemKind = 1;
      inStr = true;
      depth = 0;
    } else if (c === 0x7b || c === 0x5b) {
      itemKind = 1;
      depth = 1;
    } else itemKind = 2;
  }

  return { push, end, inArray };
}

/** An array that hands each item on instead of keeping it (only push is ever called on a frame's out). */
const sink = (onItem: (v: unknown) => void): unknown[] => ({ push: (v: unknown) => (onItem(v), 0) }) as unknown as unknown[];

/**
 * The byte-by-byte scan costs more than JSON.parse itself (a JS loop per byte), so where an array's items
 * follow each other in this chunk they are parsed in one go: from the item starting at `i` to the last
 * place in the chunk where another item starts the same way (its first key, after `}` and `,`), as
 * JSON.parse(`[` + run + `]`). That parse succeeds only if the cut falls between two items of this array
 * (a cut inside an item leaves a bracket or a string open), and then gives exactly the values the item by
 * item reading would. Returns where the run ends (the `}` + 1), or -1 (nothing to gain, or not JSON: the
 * byte scan then reads it and names the error).
 */
/**
 * `[` + the bytes from..to as text + `]`, decoded once: the bytes just outside the run (the `[` or `,` before
 * it, the `,` after it) are set to the brackets for the decoding and put back. A template string would make a
 * second copy of every megabyte, in memory the garbage collector only gives back in a full collection.
 */
function arrayText(chunk: Buffer, from: number, to: number): string {
  if (from === 0 || to >= chunk.length) return `[${chunk.toString('utf8', from, to)}]`;
  const before = chunk[from - 1];
  const after = chunk[to];
  chunk[from - 1] = 0x5b;
  chunk[to] = 0x5d;
  try {
    return chunk.toString('utf8', from - 1, to + 1);
  } finally {
    chunk[from - 1] = before;
    chunk[to] = after;
  }
}

function parseRun(chunk: Buffer, i: number, n: number, out: unknown[]): number {
  const colon = chunk.indexOf(0x3a, i);
  if (colon === -1 || colon >= n || colon - i > 64) return -1;
  const head = chunk.subarray(i, colon + 1); // e.g. `{"@context":`
  for (let at = chunk.lastIndexOf(head, n - head.length); at > i; ) {
    let j = at - 1;
    while (j > i && WS[chunk[j]]) j--;
    if (chunk[j] === 0x2c) {
      j--;
      while (j > i && WS[chunk[j]]) j--;
      if (chunk[j] === 0x7d) {
        let items: unknown[];
        try {
          items = JSON.parse(arrayText(chunk, i, j + 1)) as unknown[];
        } catch {
          return -1;
        }
        for (let k = 0; k < items.length; k++) out.push(items[k]);
        return j + 1;
      }
    }
    return -1; // the first key did not follow an item's end: not worth guessing further
  }
  return -1;
}
