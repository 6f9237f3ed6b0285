import type { Collection, WriteConcernSettings } from 'mongodb';
import type { StoredCommit } from '../event-store.port';
import { toStoredEvent, type MongoCommitDocument } from './mongo-commit-document';
import { commitsFrom } from './mongo-commit-sequence';
import { markPublishedById, OUTBOX_ID, type MetaDocument } from './mongo-schema';
import { upsertRacing } from '@followup/platform';
import { BoundedMap } from '@followup/platform';

/**
 * The outbox of the MongoDB event store: a watermark, `publishedSeq` in an `_id`-keyed meta
 * document, below which every commit has been handed to the bus, and the commits above it read a
 * sequence bucket at a time (equality lookups; numbers are taken without gaps and in commit order,
 * see CommitSequence). Marking the commits just listed, from the watermark on, moves the watermark:
 * one update for a whole page, where a flag per commit costs FerretDB a lookup and a write each.
 * Any other set is flagged commit by commit (`published: true`), which the listing skips. The
 * relay runs beside the writer, so the commits this store inserted are listed from memory; the
 * server is asked only whether a commit follows them (another process's) and then for those.
 * The watermark this store moved itself is kept in memory too, so between two looks at the
 * server (see FOREIGN_CHECK_MS) a listing of its own commits costs no query: a commit reaches the
 * bus one publish after it was stored, and the page's mark is written while the next is published.
 *
 * The watermark is written with `$max`, which FerretDB 1.24 does not apply atomically across
 * connections: two relays marking at once may leave it lower than either wrote, and the commits
 * above it are then published again. The bus is at least once anyway; nothing is ever skipped.
 */
/** Commits a store keeps from its own inserts for the relay's next listing. */
const RECENT_CAPACITY = 2_000;
/**
 * How often the listing looks at the server for the watermark and for commits after this store's
 * own: when none of its own wait, or after LOOK_PUT_OFF_AT_MOST intervals in any case. Another
 * process publishes its commits itself; this look catches those it left behind (it stopped). A
 * commit of another process between two of this store's is looked for at once, so commits are
 * never published out of order.
 */
export const FOREIGN_CHECK_MS = 1_000;
const LOOK_PUT_OFF_AT_MOST = 5;

export class MongoOutbox {
  /** The commits the last listing returned, in order: marking a prefix of them moves the watermark. */
  private listed: Array<{ id: string; seq: number }> = [];
  /** Commits this store inserted lately, by sequence number (oldest dropped first). */
  private readonly recent = new BoundedMap<number, MongoCommitDocument>(RECENT_CAPACITY);
  /** The watermark as last read or moved by this store; null until the first look. */
  private knownWatermark: number | null = null;
  private lastLookAt = Number.NEGATIVE_INFINITY;
  /** The highest sequence number of a commit this store inserted. */
  private highestOwn = 0;

  constructor(
    private readonly commits: Collection<MongoCommitDocument>,
    private readonly meta: Collection<MetaDocument>,
    private readonly writeConcern: () => WriteConcernSettings | undefined,
    private readonly now: () => number = Date.now,
  ) {}

  /** A commit this store has just inserted: the next listing takes it from memory. */
  stored(commit: MongoCommitDocument): void {
    this.recent.set(Number(commit.seq), commit);
    this.highestOwn = Math.max(this.highestOwn, Number(commit.seq));
  }

  async readUnpublished(limit: number): Promise<StoredCommit[]> {
    if (limit <= 0) return [];
    const sinceLook = this.now() - this.lastLookAt;
    // A look costs two queries; a listing with commits of this store waiting puts it off (up to a
    // few intervals), so those commits are not held up by it.
    const ownWaiting = this.knownWatermark !== null && this.recent.has(this.knownWatermark + 1);
    const look =
      this.knownWatermark === null ||
      sinceLook >= LOOK_PUT_OFF_AT_MOST * FOREIGN_CHECK_MS ||
      (sinceLook >= FOREIGN_CHECK_MS && !ownWaiting);
    if (look) {
      // A watermark this store asked for may not be written yet; one lower on the server (a lost
      // `$max`, or a mark in flight) never undoes what was published up to the one known here.
      this.knownWatermark = await this.highestWatermark();
      this.lastLookAt = this.now();
    }
    const from = this.knownWatermark! + 1;
    for (const seq of this.recent.keys()) if (seq < from) this.recent.delete(seq);
    // The commits this store inserted itself, then (only when there are more) the server's.
    const pending: MongoCommitDocument[] = [];
    let seq = from;
    for (; pending.length < limit && this.recent.has(seq); seq++) {
      const commit = this.recent.get(seq)!;
      if (commit.published !== true) pending.push(commit);
    }
    // Another process's commit before one of this store's must go first: looked for at once.
    if (
      pending.length < limit &&
      (look || this.highestOwn > seq) &&
      (await this.commits.findOne({ seq }, { projection: { _id: 1 } }))
    ) {
      for await (const commit of commitsFrom(this.commits, seq)) {
        if (commit.published !== true) pending.push(commit);
        if (pending.length >= limit) break;
      }
    }
    const page = pending.slice(0, limit);
    this.listed = page.map((commit) => ({ id: commit._id, seq: Number(commit.seq) }));
    return page.map((commit) => ({
      commitId: commit._id,
      streamId: commit.streamId,
      events: commit.events.map(toStoredEvent),
    }));
  }

  /**
   * Leaves the commits out of this store's listings at once, before the write: they were published,
   * so a relay may list the next page while the write is under way. A write that fails only means
   * that a store reading the server later publishes them again.
   */
  async markPublished(commitIds: readonly string[]): Promise<void> {
    if (commitIds.length === 0) return;
    const marked = new Set(commitIds);
    const prefix = this.listed.slice(0, marked.size);
    const writeConcern = this.writeConcern();
    const options = writeConcern ? { writeConcern } : {};
    if (prefix.length === marked.size && prefix.every((commit) => marked.has(commit.id))) {
      // Every unpublished commit from the watermark up to the last one marked is among them.
      const publishedSeq = prefix[prefix.length - 1]!.seq;
      this.listed = this.listed.slice(prefix.length);
      this.knownWatermark = Math.max(this.knownWatermark ?? 0, publishedSeq);
      await upsertRacing(() =>
        this.meta.updateOne({ _id: OUTBOX_ID }, { $max: { publishedSeq } }, { upsert: true, ...options }),
      );
      return;
    }
    for (const commit of this.recent.values()) if (marked.has(commit._id)) commit.published = true;
    await markPublishedById(this.commits, commitIds, options);
  }

  /**
   * Reads the server only, and keeps nothing: a count must not replace the listing a relay's next
   * mark is checked against. Commits past the watermark are read by bucket, their seq and mark alone.
   */
  async countUnpublished(atMost: number): Promise<number> {
    if (atMost <= 0) return 0;
    let count = 0;
    for await (const commit of commitsFrom(this.commits, (await this.highestWatermark()) + 1, ['published'])) {
      if (commit.published !== true && ++count >= atMost) break;
    }
    return count;
  }

  /** The larger of the server's watermark and the one this store moved itself. */
  private async highestWatermark(): Promise<number> {
    return Math.max(await this.watermark(), this.knownWatermark ?? 0);
  }

  private async watermark(): Promise<number> {
    const outbox = await this.meta.findOne({ _id: OUTBOX_ID }, { projection: { publishedSeq: 1 } });
    return Number(outbox?.publishedSeq ?? 0);
  }
}
