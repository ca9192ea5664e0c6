// The claim index saved beside the store in DATA_DIR, so a restart answers from its first command instead of
// rebuilding. A cache, never the truth: the store's docs are. The file is binary (typed arrays, mapped back
// without parsing), checksummed, versioned, and tags every doc with the store version and content hash it
// was indexed from, so the loader can tell exactly which docs changed since (search.ts re-indexes those).
// Anything odd — missing, torn, damaged, another format — reads as "no saved index": it is rebuilt.
import { closeSync, fsyncSync, openSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { crc32 } from 'node:zlib';
import type { Segment } from './search-index.ts';

export const INDEX_FILE = 'search-index.bin';
const MAGIC = 'CDSEARCH';
/** Bump with any change to the layout, the tokenizer (search-text.ts) or the weights (search-index.ts). */
export const FORMAT = 3; // 2: the top lists of long terms (search-top.ts), claim ids as numbers; 3: lists from 100 postings
const FIXED = 20; // magic (8), format (4), header length (4), crc32 of everything after these 20 bytes (4)

/** What is saved: the claim index, and the actors its claims were indexed with (id → hash of their names). */
export interface SavedIndex {
  claims: Segment;
  /** the actor index (id, name, aliases, role) */
  actors: Segment;
  actorIds: string[];
  actorHashes: Uint32Array;
}

type Part = Uint8Array | Uint16Array | Uint32Array | Float64Array;

// The sections of one index (the claims'; the actors' are the same names after `actor.`), then the actors the
// claims were indexed with.
const SEGMENT = [
  'terms', 'termStart', 'docs', 'weights', 'ids', 'versions', 'hashes', 'ranks', 'ranks2', 'alive',
  'typoStart', 'typoEntries', 'sortedTerms', 'tailTerms', 'tailDocs', 'tailWeights',
  'topStart', 'topDocs', 'topWeights', 'termMax', 'idNums',
] as const;
const SECTIONS = [...SEGMENT, ...SEGMENT.map((n) => `actor.${n}`), 'actorIds', 'actorHashes'];
type Section = string;

export class IndexFileError extends Error {
  override name = 'IndexFileError';
}

const turn = () => new Promise<void>((r) => setImmediate(r));

/** The list as lines of UTF-8, joined a slice at a time (a million ids would hold the event loop for a while). */
async function lines(list: readonly string[]): Promise<Uint8Array> {
  const parts: Buffer[] = [];
  const STEP = 50_000;
  for (let i = 0; i < list.length; i += STEP) {
    const slice = list.slice(i, i + STEP);
    for (const s of slice) if (s.includes('\n')) throw new IndexFileError(`cannot save a term or id with a line break: ${JSON.stringify(s)}`);
    parts.push(Buffer.from((i ? '\n' : '') + slice.join('\n'), 'utf8'));
    await turn();
  }
  return Buffer.concat(parts);
}

async function segmentParts(c: Segment, prefix: string, parts: Record<Section, Part>, counts: Record<Section, number>): Promise<void> {
  const all: Record<(typeof SEGMENT)[number], Part> = {
    terms: await lines(c.terms),
    termStart: c.termStart,
    docs: c.docs,
    weights: c.weights,
    ids: await lines(c.ids.other),
    idNums: c.ids.nums,
    versions: c.versions,
    hashes: c.hashes,
    ranks: c.ranks,
    ranks2: c.ranks2,
    alive: c.alive,
    typoStart: c.typos.start,
    typoEntries: c.typos.entries,
    sortedTerms: c.sorted,
    tailTerms: c.tail.terms,
    tailDocs: c.tail.docs,
    tailWeights: c.tail.weights,
    topStart: c.top.start,
    topDocs: c.top.docs,
    topWeights: c.top.weights,
    termMax: c.top.max,
  };
  for (const [name, part] of Object.entries(all)) parts[prefix + name] = part;
  counts[`${prefix}terms`] = c.terms.length;
  counts[`${prefix}ids`] = c.ids.other.length;
}

async function encode(s: SavedIndex): Promise<Buffer[]> {
  const parts: Record<Section, Part> = {};
  const counts: Record<Section, number> = { actorIds: s.actorIds.length };
  await segmentParts(s.claims, '', parts, counts);
  await segmentParts(s.actors, 'actor.', parts, counts);
  parts.actorIds = await lines(s.actorIds);
  parts.actorHashes = s.actorHashes;
  const table: [string, number, number, number][] = []; // name, offset from the body's start, bytes, count
  const body: Buffer[] = [];
  let at = 0;
  for (const name of SECTIONS) {
    const p = parts[name];
    const bytes = Buffer.from(p.buffer, p.byteOffset, p.byteLength);
    table.push([name, at, bytes.length, counts[name] ?? p.length]);
    body.push(bytes);
    at += bytes.length;
    const pad = (8 - (at % 8)) % 8; // every typed array starts 8-aligned
    if (pad) body.push(Buffer.alloc(pad));
    at += pad;
  }
  let header = Buffer.from(JSON.stringify({ sections: table, savedAt: new Date().toISOString() }), 'utf8');
  const hpad = (8 - ((FIXED + header.length) % 8)) % 8;
  header = Buffer.concat([header, Buffer.alloc(hpad, 0x20)]);
  const fixed = Buffer.alloc(FIXED);
  fixed.write(MAGIC, 0, 'latin1');
  fixed.writeUInt32LE(FORMAT, 8);
  fixed.writeUInt32LE(header.length, 12);
  // 4 MB at a time between event-loop turns (Node 20's crc32 of an empty buffer forgets the running value)
  let crc = crc32(header);
  const PIECE = 1 << 22;
  for (const b of body) {
    for (let o = 0; o < b.length; o += PIECE) {
      crc = crc32(b.subarray(o, o + PIECE), crc);
      if (b.length > PIECE) await turn();
    }
  }
  fixed.writeUInt32LE(crc, 16);
  return [fixed, header, ...body];
}

/**
 * Writes the file atomically: a temp file, fsynced, renamed over the old one, the directory fsynced. The
 * writes run on libuv's threads; the caller's event loop only pays for the checksum.
 */
export async function saveIndex(dir: string, s: SavedIndex): Promise<number> {
  const chunks = await encode(s);
  const file = path.join(dir, INDEX_FILE);
  const tmp = `${file}.${process.pid}.tmp`;
  const fh = await fs.open(tmp, 'w');
  let bytes = 0;
  try {
    for (const c of chunks) {
      await fh.write(c);
      bytes += c.length;
    }
    await fh.sync();
  } catch (err) {
    await fh.close().catch(() => {});
    await fs.rm(tmp, { force: true });
    throw err;
  }
  await fh.close();
  await fs.rename(tmp, file);
  try {
    const d = openSync(dir, 'r');
    try {
      fsyncSync(d);
    } finally {
      closeSync(d);
    }
  } catch {
    // some file systems refuse to fsync a directory; the rename is still atomic
  }
  return bytes;
}

/** Temp files of saves that never finished (the process died): only the store's lock holder saves, so any is left over. */
export function removeLeftovers(dir: string): void {
  try {
    for (const f of readdirSync(dir)) if (f.startsWith(`${INDEX_FILE}.`) && f.endsWith('.tmp')) rmSync(path.join(dir, f), { force: true });
  } catch {
    // no DATA_DIR yet, or unreadable: the load that follows says what matters
  }
}

/** The saved index, or undefined when there is none; IndexFileError when there is one that cannot be used. */
export function loadIndex(dir: string): SavedIndex | undefined {
  let buf: Buffer;
  try {
    buf = readFileSync(path.join(dir, INDEX_FILE));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new IndexFileError(`cannot read ${INDEX_FILE}: ${(err as Error).message}`);
  }
  if (buf.length < FIXED || buf.toString('latin1', 0, 8) !== MAGIC) throw new IndexFileError(`${INDEX_FILE} is not a claimdesk search index`);
  const format = buf.readUInt32LE(8);
  if (format !== FORMAT) throw new IndexFileError(`${INDEX_FILE} has format ${format}, this version reads ${FORMAT}`);
  const hlen = buf.readUInt32LE(12);
  if (FIXED + hlen > buf.length || crc32(buf.subarray(FIXED)) !== buf.readUInt32LE(16)) throw new IndexFileError(`${INDEX_FILE} is damaged (checksum)`);
  if (buf.byteOffset % 8) buf = Buffer.from(buf); // typed-array views need aligned offsets
  let header: { sections: [string, number, number, number][] };
  try {
    header = JSON.parse(buf.toString('utf8', FIXED, FIXED + hlen));
  } catch {
    throw new IndexFileError(`${INDEX_FILE} has a damaged header`);
  }
  const base = FIXED + hlen;
  const get = <T extends Part>(name: Section, Type: { new (b: ArrayBufferLike, off: number, n: number): T; BYTES_PER_ELEMENT: number }): T => {
    const e = header.sections.find((x) => x[0] === name);
    if (!e || base + e[1] + e[2] > buf.length || e[2] % Type.BYTES_PER_ELEMENT) throw new IndexFileError(`${INDEX_FILE}: section ${name} is missing`);
    return new Type(buf.buffer, buf.byteOffset + base + e[1], e[2] / Type.BYTES_PER_ELEMENT);
  };
  const text = (name: Section): string[] => {
    const e = header.sections.find((x) => x[0] === name)!;
    const bytes = get(name, Uint8Array);
    if (e[3] === 0) return [];
    const list = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8').split('\n');
    if (list.length !== e[3]) throw new IndexFileError(`${INDEX_FILE}: section ${name} has ${list.length} entries, not ${e[3]}`);
    return list;
  };
  const segment = (p: string): Segment => {
    const terms = text(p + 'terms');
    const ids = { nums: get(p + 'idNums', Uint32Array), other: text(p + 'ids') };
    const seg: Segment = {
      terms,
      termStart: get(p + 'termStart', Uint32Array),
      docs: get(p + 'docs', Uint32Array),
      weights: get(p + 'weights', Uint16Array),
      ids,
      versions: get(p + 'versions', Uint32Array),
      hashes: get(p + 'hashes', Uint32Array),
      ranks: get(p + 'ranks', Float64Array),
      ranks2: get(p + 'ranks2', Float64Array),
      alive: get(p + 'alive', Uint8Array),
      typos: { start: get(p + 'typoStart', Uint32Array), entries: get(p + 'typoEntries', Uint32Array) },
      tail: { terms: get(p + 'tailTerms', Uint32Array), docs: get(p + 'tailDocs', Uint32Array), weights: get(p + 'tailWeights', Uint16Array) },
      sorted: get(p + 'sortedTerms', Uint32Array),
      top: { start: get(p + 'topStart', Uint32Array), docs: get(p + 'topDocs', Uint32Array), weights: get(p + 'topWeights', Uint16Array), max: get(p + 'termMax', Uint16Array) },
    };
    const n = ids.nums.length;
    let unnumbered = 0;
    for (let d = 0; d < n; d++) if (ids.nums[d] === 0) unnumbered++;
    const T = terms.length;
    const { tail, typos, top } = seg;
    if (
      seg.termStart.length < 1 ||
      seg.termStart.length > T + 1 || // terms added after the segment have postings in the tail only
      seg.termStart[seg.termStart.length - 1] !== seg.docs.length ||
      seg.weights.length !== seg.docs.length ||
      [seg.versions, seg.hashes, seg.ranks, seg.ranks2, seg.alive].some((a) => a.length !== n) ||
      seg.sorted.length !== T ||
      tail.docs.length !== tail.terms.length ||
      tail.weights.length !== tail.terms.length ||
      typos.start.length < 2 ||
      (typos.start.length - 1) & (typos.start.length - 2) || // buckets: a power of two
      typos.start[typos.start.length - 1] !== typos.entries.length ||
      outOfRange(seg.docs, n) ||
      outOfRange(tail.docs, n) ||
      outOfRange(tail.terms, T) ||
      outOfRange(typos.entries, T) ||
      outOfRange(seg.sorted, T) ||
      top.start.length !== seg.termStart.length ||
      top.max.length !== seg.termStart.length - 1 ||
      top.weights.length !== top.docs.length ||
      !ascending(top.start, top.docs.length) ||
      outOfRange(top.docs, n) ||
      unnumbered !== ids.other.length
    ) {
      throw new IndexFileError(`${INDEX_FILE}: sections${p ? ` of ${p}` : ''} do not fit together`);
    }
    return seg;
  };
  const claims = segment('');
  const actors = segment('actor.');
  const actorIds = text('actorIds');
  const actorHashes = get('actorHashes', Uint32Array);
  if (actorHashes.length !== actorIds.length) throw new IndexFileError(`${INDEX_FILE}: actor sections do not fit together`);
  return { claims, actors, actorIds, actorHashes };
}

/** Offsets that never go back and end at `end`. */
function ascending(a: Uint32Array, end: number): boolean {
  for (let k = 1; k < a.length; k++) if (a[k] < a[k - 1]) return false;
  return a[0] === 0 && a[a.length - 1] === end;
}

/** A number that would index past the end: even a file with a right checksum is not trusted to point anywhere. */
function outOfRange(a: Uint32Array, n: number): boolean {
  let max = 0;
  for (let k = 0; k < a.length; k++) if (a[k] > max) max = a[k];
  return a.length > 0 && max >= n;
}
