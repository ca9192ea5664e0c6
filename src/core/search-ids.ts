// Id → doc number for an index. Claim ids are `C` and a number from a sequence, so most live in a typed array
// indexed by that number: a million of them are filed in milliseconds at load, where a Map takes a good
// fraction of a second. Any other id (actor slugs, an imported `C007`) goes to a Map.

/** n for a canonical `C<n>` (no leading zero, n ≥ 1, below 2^31), else -1. Parsed by hand: no allocation. */
function claimNumberOf(id: string): number {
  if (id.length < 2 || id.length > 10 || id.charCodeAt(0) !== 67 || id.charCodeAt(1) === 48) return -1;
  let n = 0;
  for (let i = 1; i < id.length; i++) {
    const c = id.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n < 2 ** 31 ? n : -1;
}

// The table grows with the numbers actually in use, never past 32M entries (128 MB); an id whose number is far
// beyond the others (a typo in an import, `C999999999`) goes to the Map instead of growing it.
const MAX_TABLE = 1 << 25;

export class IdTable {
  private byNum = new Int32Array(0);
  private other = new Map<string, number>();
  size = 0;

  private inTable(n: number): boolean {
    return n >= 0 && n < this.byNum.length && this.byNum[n] >= 0;
  }

  get(id: string): number | undefined {
    const n = claimNumberOf(id);
    return this.inTable(n) ? this.byNum[n] : this.other.get(id);
  }

  has(id: string): boolean {
    return this.get(id) !== undefined;
  }

  set(id: string, doc: number): void {
    if (this.setNum(claimNumberOf(id), doc)) return;
    if (!this.other.has(id)) this.size++;
    this.other.set(id, doc);
  }

  /** Files claim number n (of id `C<n>`) in the table → false when n is not for the table (then set the id). */
  setNum(n: number, doc: number): boolean {
    if (n >= 0 && n >= this.byNum.length && n < MAX_TABLE && n < 8 * (this.size + 1024)) {
      const grown = new Int32Array(Math.min(MAX_TABLE, Math.max(n + 1, this.byNum.length * 2, 1024))).fill(-1);
      grown.set(this.byNum);
      this.byNum = grown;
    }
    if (n < 0 || n >= this.byNum.length) return false;
    if (this.byNum[n] < 0 && !(this.other.size && this.other.delete(`C${n}`))) this.size++;
    this.byNum[n] = doc;
    return true;
  }

  delete(id: string): boolean {
    const n = claimNumberOf(id);
    if (this.inTable(n)) {
      this.byNum[n] = -1;
      this.size--;
      return true;
    }
    const had = this.other.delete(id);
    if (had) this.size--;
    return had;
  }
}

/**
 * Doc number → id. A canonical claim id is kept as its number (4 bytes, no string), so a loaded index of a
 * million claims makes no million strings; any other id is kept as it is.
 */
export class DocIds {
  private nums: Uint32Array<ArrayBufferLike>;
  private other = new Map<number, string>();
  length: number;

  /** `nums[d]`: the claim number of doc d, or 0 when its id is `other`'s next entry (in doc order). */
  constructor(nums: Uint32Array<ArrayBufferLike> = new Uint32Array(64), length = 0, other: readonly string[] = []) {
    this.nums = nums;
    this.length = length;
    let k = 0;
    for (let d = 0; d < length && k < other.length; d++) if (nums[d] === 0) this.other.set(d, other[k++]);
    if (k !== other.length) throw new RangeError('doc ids do not fit together');
  }

  /** The claim number of doc d, or 0 (not a canonical claim id). */
  num(d: number): number {
    return this.nums[d];
  }

  at(d: number): string {
    const n = this.nums[d];
    return n ? `C${n}` : this.other.get(d)!;
  }

  push(id: string): void {
    const d = this.length++;
    if (d >= this.nums.length) {
      const b = new Uint32Array(Math.max(64, this.nums.length * 2));
      b.set(this.nums);
      this.nums = b;
    }
    const n = claimNumberOf(id);
    this.nums[d] = n > 0 ? n : 0;
    if (n <= 0) this.other.set(d, id);
  }

  /** What is saved: the numbers, and the other ids in doc order. */
  saved(): { nums: Uint32Array; other: string[] } {
    const other: string[] = [];
    for (let d = 0; d < this.length; d++) if (this.nums[d] === 0) other.push(this.other.get(d)!);
    return { nums: this.nums.slice(0, this.length), other };
  }
}
