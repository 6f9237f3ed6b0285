import type { Collection, WriteConcernSettings } from 'mongodb';
import type { StoredCommit } from '../event-store.port';
import { toStoredEvent, type MongoCommitDocument } from './mongo-commit-document';
import { commitsFrom } from './mongo-commit-sequence';
import { markPublishedById, OUTBOX_ID, type MetaDocument } from './mongo-schema';
import { upsertRacing } from '@followup/platform';

/**
 * The outbox of the MongoDB event store: a watermark, `publishedSeq` in an `_id`-keyed meta
 * document, below which every commit has been handed to the bus, and the commits above it read a
 * sequence bucket at a time (equality lookups; numbers are taken without gaps and in commit order,
 * see CommitSequence). Marking the commits just listed, from the watermark on, moves the watermark:
 * one update for a whole page, where a flag per commit costs FerretDB a lookup and a write each.
 * Any other set is flagged commit by commit (`published: true`), which the listing skips. The
 * relay runs beside the writer, so the commits this store inserted are listed from memory; the
 * server is asked only whether a commit follows them (another process's) and then for those.
 *
 * The watermark is written with `$max`, which FerretDB 1.24 does not apply atomically across
 * connections: two relays marking at once may leave it lower than either wrote, and the commits
 * above it are then published again. The bus is at least once anyway; nothing is ever skipped.
 */
/** Commits a store keeps from its own inserts for the relay's next listing. */
const RECENT_CAPACITY = 2_000;

export class MongoOutbox {
  /** The commits the last listing returned, in order: marking a prefix of them moves the watermark. */
  private listed: Array<{ id: string; seq: number }> = [];
  /** Commits this store inserted lately, by sequence number (oldest dropped first). */
  private readonly recent = new Map<number, MongoCommitDocument>();

  constructor(
    private readonly commits: Collection<MongoCommitDocument>,
    private readonly meta: Collection<MetaDocument>,
    private readonly writeConcern: () => WriteConcernSettings | undefined,
  ) {}

  /** A commit this store has just inserted: the next listing takes it from memory. */
  stored(commit: MongoCommitDocument): void {
    this.recent.set(Number(commit.seq), commit);
    if (this.recent.size > RECENT_CAPACITY) this.recent.delete(this.recent.keys().next().value!);
  }

  async readUnpublished(limit: number): Promise<StoredCommit[]> {
    if (limit <= 0) return [];
    const from = (await this.watermark()) + 1;
    for (const seq of this.recent.keys()) if (seq < from) this.recent.delete(seq);
    // The commits this store inserted itself, then (only when there are more) the server's.
    const pending: MongoCommitDocument[] = [];
    let seq = from;
    for (; pending.length < limit && this.recent.has(seq); seq++) {
      const commit = this.recent.get(seq)!;
      if (commit.published !== true) pending.push(commit);
    }
    if (pending.length < limit && (await this.commits.findOne({ seq }, { projection: { _id: 1 } }))) {
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

  async markPublished(commitIds: readonly string[]): Promise<void> {
    if (commitIds.length === 0) return;
    const marked = new Set(commitIds);
    const prefix = this.listed.slice(0, marked.size);
    const writeConcern = this.writeConcern();
    const options = writeConcern ? { writeConcern } : {};
    if (prefix.length === marked.size && prefix.every((commit) => marked.has(commit.id))) {
      // Every unpublished commit from the watermark up to the last one marked is among them.
      const publishedSeq = prefix[prefix.length - 1]!.seq;
      await upsertRacing(() =>
        this.meta.updateOne({ _id: OUTBOX_ID }, { $max: { publishedSeq } }, { upsert: true, ...options }),
      );
      this.listed = this.listed.slice(prefix.length);
      return;
    }
    await markPublishedById(this.commits, commitIds, options);
    for (const commit of this.recent.values()) if (marked.has(commit._id)) commit.published = true;
  }

  private async watermark(): Promise<number> {
    const outbox = await this.meta.findOne({ _id: OUTBOX_ID }, { projection: { publishedSeq: 1 } });
    return Number(outbox?.publishedSeq ?? 0);
  }
}
