// The commit listeners of a store (Store.onCommit), one implementation for every backend: called in commit
// order, after the unit is durable; a listener that throws is logged and neither fails the write (it is
// committed already) nor keeps the other listeners from hearing of it.
import type { Logger } from 'pino';

export class CommitListeners<C> {
  private listeners = new Set<(changes: readonly C[]) => void>();

  constructor(private log?: Logger) {}

  add(listener: (changes: readonly C[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Tell every listener about one committed unit; a unit that only advanced a sequence is not told. */
  notify(changes: readonly C[]): void {
    if (changes.length === 0) return;
    for (const l of this.listeners) {
      try {
        l(changes);
      } catch (err) {
        // without a logger (tests, tools) the failure must still be seen
        if (this.log) this.log.error({ err }, 'store: an onCommit listener threw');
        else console.error('store: an onCommit listener threw', err);
      }
    }
  }
}
