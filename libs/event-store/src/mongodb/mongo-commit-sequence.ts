import type { Collection, WriteConcernSettings } from 'mongodb';
import type { StoredEvent } from '../event-store.port';
import {
  POSITION_STRIDE,
  SEQ_BUCKET_SIZE,
  seqBucketOf,
  toStoredEvent,
  type MongoCommitDocument,
} from './mongo-commit-document';
import { SEQUENCE_HINT_ID, type MetaDocument } from './mongo-schema';

/** Every this many commits the highest taken number is written down, as a starting point for readers. */
const HINT_EVERY = 64;

/**
 * Commit sequence numbers for one store instance, kept unique by the index on `seq` rather than by
 * a counter: `$inc` and compare-and-set updates are not atomic across connections on FerretDB 1.24
 * (on SQLite and on PostgreSQL alike; 8 connections doing 400 `$inc`s left the counter at 227-292),
 * while an insert refused by a unique index is.
 *
 * A number is taken only by a stored commit, and a writer only tries the number right after one it
 * knows is stored, so numbers are taken without gaps and in commit order. The highest taken number
 * is kept in memory; it is found after a start or a clash with a few lookups of single numbers
 * (each an index lookup), however many commits are stored. A hint document (`_id`-keyed, written
 * every HINT_EVERY commits with `$max`) gives those lookups a start near the head; a lost update
 * only leaves it lower, and a lower start costs a few more lookups, never a wrong answer.
 */
export class CommitSequence {
  private highestTaken = 0;

  constructor(
    private readonly commits: Collection<MongoCommitDocument>,
    private readonly meta: Collection<MetaDocument>,
  ) {}

  /** Finds the highest number taken so far (a store does this once, when it is created). */
  async prime(): Promise<void> {
    await this.highest();
  }

  /** The number to try for the next commit (after `prime`, or a clash, the highest known + 1). */
  next(): number {
    return this.highestTaken + 1;
  }

  /** A commit with this number was stored; now and then the number is written down as the hint. */
  stored(seq: number, writeConcern?: WriteConcernSettings): void {
    this.highestTaken = Math.max(this.highestTaken, seq);
    if (seq % HINT_EVERY !== 0) return;
    // Not awaited: the commit is stored either way, and a missing hint only costs readers lookups.
    void this.meta
      .updateOne(
        { _id: SEQUENCE_HINT_ID },
        { $max: { seq } },
        { upsert: true, ...(writeConcern ? { writeConcern } : {}) },
      )
      .catch(() => undefined);
  }

  /** The highest number any stored commit holds (0 when none), found from the hint onwards. */
  async highest(): Promise<number> {
    return (await this.freeAfter(Math.max(this.highestTaken, await this.hint()))) - 1;
  }

  /**
   * The first number after `taken` (a stored one, or 0) that no stored commit holds: doubling steps
   * past it, then halving back.
   */
  async freeAfter(taken: number): Promise<number> {
    let below = Math.max(taken, this.highestTaken);
    let step = 1;
    while (await this.isTaken(below + step)) {
      below += step;
      step *= 2;
    }
    let free = below + step;
    while (free - below > 1) {
      const middle = Math.floor((below + free) / 2);
      if (await this.isTaken(middle)) below = middle;
      else free = middle;
    }
    this.highestTaken = Math.max(this.highestTaken, below);
    return free;
  }

  private async hint(): Promise<number> {
    const hint = await this.meta.findOne({ _id: SEQUENCE_HINT_ID }, { projection: { seq: 1 } });
    return Number(hint?.seq ?? 0);
  }

  private async isTaken(seq: number): Promise<boolean> {
    return (await this.commits.findOne({ seq }, { projection: { _id: 1 } })) !== null;
  }
}

/**
 * The stored commits numbered `from` on, in order, read a sequence bucket at a time (equality
 * lookups). Numbers are taken without gaps, so a bucket that does not reach its last number holds
 * the head: reading ends there. Given `fields`, only those (and `seq`) are read.
 */
export function commitsFrom(
  commits: Collection<MongoCommitDocument>,
  from: number,
): AsyncGenerator<MongoCommitDocument>;
export function commitsFrom<Field extends keyof MongoCommitDocument>(
  commits: Collection<MongoCommitDocument>,
  from: number,
  fields: readonly Field[],
): AsyncGenerator<Pick<MongoCommitDocument, Field | 'seq'>>;
export async function* commitsFrom(
  commits: Collection<MongoCommitDocument>,
  from: number,
  fields?: readonly (keyof MongoCommitDocument)[],
): AsyncGenerator<Partial<MongoCommitDocument> & Pick<MongoCommitDocument, 'seq'>> {
  const projection = fields && Object.fromEntries(['seq', ...fields].map((field) => [field, 1]));
  for (let bucket = seqBucketOf(from); ; bucket++) {
    const stored = await commits.find({ seqBucket: bucket }, projection ? { projection } : {}).toArray();
    stored.sort((a, b) => Number(a.seq) - Number(b.seq));
    for (const commit of stored) if (Number(commit.seq) >= from) yield commit;
    const last = stored[stored.length - 1];
    if (!last || Number(last.seq) < (bucket + 1) * SEQ_BUCKET_SIZE - 1) return;
  }
}

/**
 * Up to `limit` events after the position `after`, in position order. Positions are
 * seq * POSITION_STRIDE + index, so the commit holding `after` (or the first one past it) has the
 * number below.
 */
export async function readEventsAfter(
  commits: Collection<MongoCommitDocument>,
  after: number,
  limit: number,
): Promise<StoredEvent[]> {
  const events: StoredEvent[] = [];
  for await (const commit of commitsFrom(commits, Math.max(1, Math.floor(after / POSITION_STRIDE)))) {
    for (const event of commit.events) if (Number(event.position) > after) events.push(toStoredEvent(event));
    if (events.length >= limit) break;
  }
  events.sort((a, b) => a.position - b.position);
  // Cut at the limit by position: the next page (after = last position returned) resumes inside
  // the straddling commit, so paging neither skips nor repeats.
  return events.slice(0, limit);
}
