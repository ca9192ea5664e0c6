// A small least-recently-used cache of rendered bodies. Keys carry the ETag, so a changed claim or ledger
// simply misses and the stale entry ages out.
export class Lru<V> {
  private map = new Map<string, V>();
  constructor(private max: number) {}

  get(key: string): V | undefined {
    const v = this.map.get(key);
    if (v !== undefined) {
      this.map.delete(key);
      this.map.set(key, v);
    }
    return v;
  }

  set(key: string, v: V): V {
    this.map.delete(key);
    this.map.set(key, v);
    if (this.map.size > this.max) this.map.delete(this.map.keys().next().value!);
    return v;
  }

  get size(): number {
    return this.map.size;
  }
}
