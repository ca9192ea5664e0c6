// An in-memory Store: the same semantics as the JSON-file store minus the disk. For tests and tools.
import type { Logger } from 'pino';
import { Engine } from './engine.ts';
import { CommitListeners } from './listeners.ts';
import { StoreUnavailableError, untyped, type AnyShape, type Change, type Schema, type Shape, type Store, type WriteTx } from './types.ts';

export class MemoryStore<S extends Shape = AnyShape> implements Store<S> {
  readonly kind = 'memory';
  protected engine: Engine;
  private listeners: CommitListeners<Change<S>>;
  private closed = false;

  constructor(schema: Schema<S>, opts: { log?: Logger } = {}) {
    this.engine = new Engine(untyped(schema));
    this.listeners = new CommitListeners(opts.log);
  }

  get: Store<S>['get'] = (coll, id) => this.engine.get(coll, id) as never;
  all: Store<S>['all'] = (coll) => this.engine.all(coll) as never;
  count: Store<S>['count'] = (coll) => this.engine.count(coll);
  byIndex: Store<S>['byIndex'] = (coll, index, key) => this.engine.byIndex(coll, index, key) as never;
  versions = (coll: string): Iterable<[string, number]> => this.engine.versions(coll);

  async write<T>(fn: (tx: WriteTx<S>) => T): Promise<T> {
    if (this.closed) throw new StoreUnavailableError('store is closed');
    const { result, mutation } = this.engine.transact(fn as unknown as (tx: WriteTx) => T);
    this.engine.apply(mutation);
    this.listeners.notify(mutation.changes as Change<S>[]);
    return result;
  }

  onCommit(listener: (changes: readonly Change<S>[]) => void): () => void {
    return this.listeners.add(listener);
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}
