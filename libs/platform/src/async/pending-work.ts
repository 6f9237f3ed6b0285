/**
 * Promises under way that someone waits for later (a shutdown, a caller that needs them written):
 * each leaves the set once it has settled, and its rejection is left to whoever holds it.
 */
export class PendingWork {
  private readonly pending = new Set<Promise<unknown>>();

  get size(): number {
    return this.pending.size;
  }

  /** Tracks `promise` until it settles and hands it back. */
  track<T>(promise: Promise<T>): Promise<T> {
    this.pending.add(promise);
    void promise.then(
      () => this.pending.delete(promise),
      () => this.pending.delete(promise),
    );
    return promise;
  }

  /** Resolves once every tracked promise has settled, those tracked meanwhile included. */
  async settled(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }
}
