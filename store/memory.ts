// An in-memory Store: the same semantics as the JSON-file store minus the disk. For tests and tools.
import { Engine } from './engine.ts';
import { StoreUnavailableError, type Change, type Store, type WriteTx } from './types.ts';

export class MemoryStore implements Store {
  readonly kind = 'memory';
  protected engine = new Engine();
  private listeners = new Set<(changes: readonly Change[]) => void>();
  private closed = false;

  get: Store['get'] = (coll, id) => this.engine.get(coll, id);
  all: Store['all'] = (coll) => this.engine.all(coll);
  count: Store['count'] = (coll) => this.engine.count(coll);
  byIndex: Store['byIndex'] = (coll, index, key) => this.engine.byIndex(coll, index, key);

  async write<T>(fn: (tx: WriteTx) => T): Promise<T> {
    if (this.closed) throw new StoreUnavailableError('store is closed');
    const { result, mutation } = this.engine.transact(fn);
    this.engine.apply(mutation);
    if (mutation.changes.length) for (const l of this.listeners) l(mutation.changes);
    return result;
  }

  onCommit(listener: (changes: readonly Change[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}
