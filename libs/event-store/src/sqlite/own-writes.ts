import type { StoredCommit, StoredEvent } from '../event-store.port';
import { KnownHeads, type StreamHead } from '../known-heads';

/** Commits kept in memory for the relay at most; beyond that (a bus down for long) they are read from the file. */
const UNPUBLISHED_IN_MEMORY = 10_000;

/**
 * What the event store's connection knows of the file from its own commits, without asking it:
 * each stream's head, the position the next event takes, and the events of the commits it has not
 * marked published (the relay publishes them right after the commit; reading them back cost as
 * much as writing them). All of it holds only while no other connection commits to the file, so
 * `sync` is given the file's `PRAGMA data_version` first and forgets everything when it moved.
 */
export class OwnWrites {
  private readonly heads = new KnownHeads();
  private nextPosition: number | null = null;
  private readonly unpublished = new Map<string, StoredEvent[]>();
  /** True while `unpublished` holds every commit of the file's outbox, in order. */
  private outboxKnown = false;
  private dataVersion: number | null = null;

  /** Forgets what another connection may have changed; `dataVersion` moves with each of their commits. */
  sync(dataVersion: number): void {
    if (dataVersion === this.dataVersion) return;
    this.forget();
    this.dataVersion = dataVersion;
  }

  /** After a failed transaction: nothing known is trusted until the file has been asked again. */
  forget(): void {
    this.heads.clear();
    this.nextPosition = null;
    this.outboxKnown = false;
    this.dataVersion = null;
  }

  head(streamId: string): StreamHead | undefined {
    return this.heads.get(streamId);
  }

  position(): number | null {
    return this.nextPosition;
  }

  /** A commit this connection has written (inside its transaction, once its savepoint is released). */
  wrote(streamId: string, events: readonly StoredEvent[]): void {
    const last = events[events.length - 1]!;
    this.heads.remember(streamId, { version: last.streamVersion, hash: last.hash });
    this.nextPosition = last.position + 1;
  }

  /** A commit whose transaction is on disk, for the relay. */
  committed(commitId: string, events: StoredEvent[]): void {
    if (this.unpublished.size < UNPUBLISHED_IN_MEMORY) this.unpublished.set(commitId, events);
    else this.outboxKnown = false;
  }

  eventsOf(commitId: string): StoredEvent[] | undefined {
    return this.unpublished.get(commitId);
  }

  /** The outbox's first commits from memory, or null when the file must be asked. */
  listUnpublished(limit: number): StoredCommit[] | null {
    if (!this.outboxKnown) return null;
    const commits: StoredCommit[] = [];
    for (const [commitId, events] of this.unpublished) {
      if (commits.length >= limit) break;
      commits.push({ commitId, streamId: events[0]!.streamId, events });
    }
    return commits;
  }

  /**
   * The file's whole outbox was just listed. A commit of ours not in it was marked published by
   * another connection; from now on the outbox is known while every commit in it is in memory.
   */
  listedAll(commitIds: readonly string[]): void {
    const listed = new Set(commitIds);
    for (const commitId of this.unpublished.keys()) if (!listed.has(commitId)) this.unpublished.delete(commitId);
    // What is left in memory is all listed: the outbox is known when nothing listed is missing.
    this.outboxKnown = this.dataVersion !== null && this.unpublished.size === listed.size;
  }

  published(commitIds: readonly string[]): void {
    for (const commitId of commitIds) this.unpublished.delete(commitId);
  }
}
