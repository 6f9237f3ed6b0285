const settle = (): void => undefined;

/**
 * Runs work for one stream after the work queued before it for that stream, so one process never
 * races itself on a stream; work for different streams runs independently.
 */
export class StreamLanes {
  private readonly tails = new Map<string, Promise<void>>();

  run<T>(streamId: string, work: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(streamId) ?? Promise.resolve();
    const result = previous.then(work);
    const tail = result.then(settle, settle);
    this.tails.set(streamId, tail);
    void tail.then(() => {
      if (this.tails.get(streamId) === tail) this.tails.delete(streamId);
    });
    return result;
  }

  /** Streams with work queued or running. */
  get size(): number {
    return this.tails.size;
  }
}
