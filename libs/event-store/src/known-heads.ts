import { BoundedMap } from '@followup/platform';

/** Streams whose last appended event a store keeps in memory. */
const CAPACITY = 10_000;

export interface StreamHead {
  readonly version: number;
  readonly hash: string | null;
}

/**
 * The last event a store appended to each stream (least recently appended dropped first). A stored
 * event's version and hash never change, so the next append to the stream needs not read it back
 * (on MongoDB, and on SQLite while no other connection writes the file).
 */
export class KnownHeads {
  private readonly heads = new BoundedMap<string, StreamHead>(CAPACITY);

  get(streamId: string): StreamHead | undefined {
    return this.heads.get(streamId);
  }

  remember(streamId: string, head: StreamHead): void {
    this.heads.set(streamId, head);
  }

  clear(): void {
    this.heads.clear();
  }
}
