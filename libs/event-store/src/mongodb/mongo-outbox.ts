import type { Collection, WriteConcernSettings } from 'mongodb';
import type { StoredCommit } from '../event-store.port';
import { SEQ_BUCKET_SIZE, seqBucketOf, toStoredEvent, type MongoCommitDocument } from './mongo-commit-document';
import { markPublishedById, OUTBOX_ID, type MetaDocument } from './mongo-schema';

/**
 * The outbox of the MongoDB event store: a watermark, `publishedSeq` in an `_id`-keyed meta
 * document, below which every commit has been handed to the bus, and the commits above it read a
 * sequence bucket at a time (equality lookups; numbers are taken without gaps and in commit order,
 * see CommitSequence). Marking the commits just listed, from the watermark on, moves the watermark:
 * one update for a whole page, where a flag per commit costs FerretDB a lookup and a write each.
 * Any other set is flagged commit by commit (`published: true`), which the listing skips.
 *
 * The watermark is written with `$max`, which FerretDB 1.24 does not apply atomically across
 * connections: two relays marking at once may leave it lower than either wrote, and the commits
 * above it are then published again. The bus is at least once anyway; nothing is ever skipped.
 */
export class MongoOutbox {
  /** The commits the last listing returned, in order: marking a prefix of them moves the watermark. */
  private listed: Array<{ id: string; seq: number }> = [];

  constructor(
    private readonly commits: Collection<MongoCommitDocument>,
    private readonly meta: Collection<MetaDocument>,
    private readonly writeConcern: () => WriteConcernSettings | undefined,
  ) {}

  async readUnpublished(limit: number): Promise<StoredCommit[]> {
    if (limit <= 0) return [];
    const from = (await this.watermark()) + 1;
    const pending: MongoCommitDocument[] = [];
    for (let bucket = seqBucketOf(from); pending.length < limit; bucket++) {
      const stored = await this.commits.find({ seqBucket: bucket }).toArray();
      stored.sort((a, b) => Number(a.seq) - Number(b.seq));
      for (const commit of stored) if (Number(commit.seq) >= from && commit.published !== true) pending.push(commit);
      const last = stored[stored.length - 1];
      if (!last || Number(last.seq) < (bucket + 1) * SEQ_BUCKET_SIZE - 1) break;
    }
    const page = pending.slice(0, limit);
    this.listed = page.map((commit) => ({ id: commit._id, seq: Number(commit.seq) }));
    return page.map((commit) => ({
      commitId: commit._id,
      streamId: commit.streamId,
      events: commit.events.map(toStoredEvent),
    }));
  }

  async markPublished(commitIds: readonly string[]): Promise<void> {
    if (commitIds.length === 0) return;
    const marked = new Set(commitIds);
    const prefix = this.listed.slice(0, marked.size);
    const writeConcern = this.writeConcern();
    const options = writeConcern ? { writeConcern } : {};
    if (prefix.length === marked.size && prefix.every((commit) => marked.has(commit.id))) {
      // Every unpublished commit from the watermark up to the last one marked is among them.
      const publishedSeq = prefix[prefix.length - 1]!.seq;
      await this.meta.updateOne({ _id: OUTBOX_ID }, { $max: { publishedSeq } }, { upsert: true, ...options });
      this.listed = this.listed.slice(prefix.length);
      return;
    }
    await markPublishedById(this.commits, commitIds, options);
  }

  private async watermark(): Promise<number> {
    const outbox = await this.meta.findOne({ _id: OUTBOX_ID }, { projection: { publishedSeq: 1 } });
    return Number(outbox?.publishedSeq ?? 0);
  }
}
