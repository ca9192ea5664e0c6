// The store keeps only plain JSON: what it accepts is exactly what it will read back from disk.
import { InvalidDocError, type CollectionName } from './types.ts';

const MAX_DOC_BYTES = 1_000_000;
/** values (strings, numbers, objects, … at any depth) in one document */
const MAX_DOC_VALUES = 1_000_000;
/**
 * No document validateDoc accepts serialises to more JSON bytes than this: each of its at most
 * MAX_DOC_BYTES characters of strings and keys is at most 6 bytes (`\u001f`), and each of its at most
 * MAX_DOC_VALUES values adds at most 32 (a 24-character number, quotes, a colon, a comma, brackets).
 * The journal relies on it to know, without serialising first, that every document of a unit fits a line.
 */
export const MAX_DOC_JSON_BYTES = 6 * MAX_DOC_BYTES + 32 * MAX_DOC_VALUES;
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Returns a deep-frozen copy of `doc` that is safe to keep and to serialise: plain objects and arrays, finite
 * numbers, well-formed strings (lone surrogates become U+FFFD), no prototype-polluting keys.
 * Throws InvalidDocError naming the offending path otherwise.
 */
export function validateDoc(coll: CollectionName, doc: unknown): unknown {
  checkId(coll, doc);
  // The fast copy builds no path strings (a 100k-claim import puts millions of values through here); when
  // it refuses something, the careful copy below runs again to say exactly what and where.
  const state = { bytes: 0, values: 0 };
  try {
    return fastCopy(doc, state);
  } catch (err) {
    if (err !== REFUSED) throw err;
  }
  return carefulCopy(coll, doc as { id: string });
}

/** validateDoc(coll, { ...doc, version }) without making the intermediate copy first. */
export function validateVersioned(coll: CollectionName, doc: object, version: number): unknown {
  if (!isPlainObject(doc)) return validateDoc(coll, { ...doc, version });
  checkId(coll, doc);
  const state = { bytes: 0, values: 1 };
  try {
    const out: Record<string, unknown> = {};
    let seen = false;
    for (const k of Object.keys(doc)) {
      if (FORBIDDEN_KEYS.has(k)) throw REFUSED;
      if (k === 'version') seen = true;
      const x = k === 'version' ? version : doc[k];
      if (x === undefined) continue;
      state.bytes += k.length;
      out[k] = fastCopy(x, state);
    }
    if (!seen) {
      state.bytes += 7;
      state.values++;
      out.version = version;
    }
    return Object.freeze(out);
  } catch (err) {
    if (err !== REFUSED) throw err;
  }
  return carefulCopy(coll, { ...doc, version } as unknown as { id: string });
}

/**
 * validateVersioned for a document the caller hands over (PutOptions.handOver): when it is already what
 * validateVersioned would return (plain JSON, no undefined, well-formed strings, within the limits), it is
 * given its version and frozen in place instead of copied; an import of 100k claims otherwise copies a
 * million objects only to drop the originals. Anything else goes through validateVersioned, which copies,
 * fixes or refuses it with the same words as ever.
 */
export function adoptVersioned(coll: CollectionName, doc: object, version: number): unknown {
  if (!isPlainObject(doc) || Object.isFrozen(doc)) return validateVersioned(coll, doc, version);
  checkId(coll, doc);
  const state = { bytes: 0, values: 1 };
  const o = doc as Record<string, unknown>;
  let seen = false;
  for (const k of Object.keys(o)) {
    state.bytes += k.length;
    if (k === 'version') {
      seen = true;
      continue;
    }
    if (FORBIDDEN_KEYS.has(k) || !adoptable(o[k], state)) return validateVersioned(coll, doc, version);
  }
  state.bytes += seen ? 0 : 7;
  if (++state.values > MAX_DOC_VALUES) return validateVersioned(coll, doc, version);
  o.version = version;
  return Object.freeze(o);
}

/**
 * adoptVersioned for a document its caller vouches for (PutOptions.checked): given its version and frozen all
 * the way down, nothing else looked at (test/claimreview/checked-docs.test.ts holds the import to what
 * validateVersioned would have stored). A frozen or non-plain root is not what a caller builds: checked then.
 */
export function adoptChecked(coll: CollectionName, doc: object, version: number): unknown {
  if (!isPlainObject(doc) || Object.isFrozen(doc)) return validateVersioned(coll, doc, version);
  checkId(coll, doc);
  (doc as Record<string, unknown>).version = version;
  freezeTree(doc);
  return doc;
}

/** True when v is exactly what fastCopy would make of it; its objects and arrays are frozen on the way. */
function adoptable(v: unknown, state: { bytes: number; values: number }): boolean {
  if (++state.values > MAX_DOC_VALUES) return false;
  if (v === null || typeof v === 'boolean') return true;
  if (typeof v === 'number') return Number.isFinite(v);
  if (typeof v === 'string') {
    state.bytes += v.length;
    return state.bytes <= MAX_DOC_BYTES && v.isWellFormed();
  }
  if (Array.isArray(v)) {
    if (Object.getPrototypeOf(v) !== Array.prototype) return false;
    for (let i = 0; i < v.length; i++) {
      const x: unknown = v[i];
      if (x === undefined || !adoptable(x, state)) return false; // (holes read as undefined too)
    }
    Object.freeze(v);
    return true;
  }
  if (!isPlainObject(v)) return false;
  for (const k of Object.keys(v)) {
    const x = v[k];
    if (x === undefined || FORBIDDEN_KEYS.has(k)) return false;
    state.bytes += k.length;
    if (!adoptable(x, state)) return false;
  }
  Object.freeze(v);
  return true;
}

function checkId(coll: CollectionName, doc: unknown): void {
  if (!isPlainObject(doc)) throw new InvalidDocError(`${coll}: a document must be a plain object`);
  const id = (doc as { id?: unknown }).id;
  if (typeof id !== 'string' || id.length === 0 || id.length > 512) {
    throw new InvalidDocError(`${coll}: id must be a non-empty string of at most 512 characters`);
  }
}

const REFUSED = Symbol('refused');

/** The same rules as carefulCopy, without paths: throws REFUSED on anything carefulCopy would refuse. */
function fastCopy(v: unknown, state: { bytes: number; values: number }): unknown {
  if (++state.values > MAX_DOC_VALUES) throw REFUSED;
  if (v === null || typeof v === 'boolean') return v;
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw REFUSED;
    return v;
  }
  if (typeof v === 'string') {
    state.bytes += v.length;
    if (state.bytes > MAX_DOC_BYTES) throw REFUSED;
    return v.isWellFormed() ? v : v.toWellFormed();
  }
  if (Array.isArray(v)) {
    const out = new Array<unknown>(v.length);
    for (let i = 0; i < v.length; i++) {
      const x: unknown = v[i];
      out[i] = fastCopy(x === undefined ? null : x, state);
    }
    return Object.freeze(out);
  }
  if (isPlainObject(v)) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v)) {
      if (FORBIDDEN_KEYS.has(k)) throw REFUSED;
      const x = v[k];
      if (x === undefined) continue; // JSON drops it too
      state.bytes += k.length;
      out[k] = fastCopy(x, state);
    }
    return Object.freeze(out);
  }
  throw REFUSED;
}

function carefulCopy(coll: CollectionName, doc: { id: string }): unknown {
  const id = doc.id;
  let bytes = 0;
  let values = 0;
  const copy = (v: unknown, path: string): unknown => {
    if (++values > MAX_DOC_VALUES) throw new InvalidDocError(`${coll}/${id}: document of more than ${MAX_DOC_VALUES} values`);
    if (v === null || typeof v === 'boolean') return v;
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) throw new InvalidDocError(`${coll}/${id}: ${path} is not a finite number`);
      return v;
    }
    if (typeof v === 'string') {
      bytes += v.length;
      if (bytes > MAX_DOC_BYTES) throw new InvalidDocError(`${coll}/${id}: document larger than ${MAX_DOC_BYTES} characters`);
      return v.isWellFormed() ? v : v.toWellFormed();
    }
    if (Array.isArray(v)) return Object.freeze(v.map((x, i) => copy(x === undefined ? null : x, `${path}[${i}]`)));
    if (isPlainObject(v)) {
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) {
        if (FORBIDDEN_KEYS.has(k)) throw new InvalidDocError(`${coll}/${id}: key "${k}" is not allowed (${path})`);
        if (x === undefined) continue; // JSON drops it too
        bytes += k.length;
        out[k] = copy(x, `${path}.${k}`);
      }
      return Object.freeze(out);
    }
    throw new InvalidDocError(`${coll}/${id}: ${path} is not JSON (${typeof v})`);
  };
  return copy(doc, '$');
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null) return false;
  const p = Object.getPrototypeOf(v);
  return p === Object.prototype || p === null;
}

/**
 * Freeze a document read from disk the way validateDoc freezes new ones: stored docs are shared with every
 * reader, and changing one in place would desynchronise memory, indexes and disk. Mutating one throws.
 */
export function deepFreeze<T>(v: T): T {
  if (typeof v !== 'object' || v === null || Object.isFrozen(v)) return v;
  Object.freeze(v);
  for (const k in v) deepFreeze((v as Record<string, unknown>)[k]);
  return v;
}

/**
 * deepFreeze for a doc fresh from JSON.parse (plain objects and arrays only, nothing frozen yet, no cycles):
 * the same result without asking each value whether it is frozen already, and without for…in over
 * arrays. Freezing is a fifth of a cold start's cpu at 100k claims, so it is worth its own loop.
 */
export function freezeParsed(v: object): void {
  if (Object.isFrozen(v)) return; // a doc that came through validateDoc is frozen all the way down
  freezeTree(v);
}

function freezeTree(v: object): void {
  Object.freeze(v);
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const x: unknown = v[i];
      if (typeof x === 'object' && x !== null) freezeTree(x);
    }
    return;
  }
  const o = v as Record<string, unknown>;
  for (const k in o) {
    const x = o[k];
    if (typeof x === 'object' && x !== null) freezeTree(x);
  }
}
