import { Collection, Db, MongoClient, WriteConcernSettings } from 'mongodb';
import {
  AppendOptions,
  AppendResult,
  EventStore,
  IdempotencyKeyTakenError,
  IdempotencyRecord,
  NewEvent,
  ReadAllOptions,
  StoredCommit,
  StoredEvent,
  WrongExpectedVersionError,
} from '../event-store.port';
import {
  buildCommit,
  headHash,
  MongoCommitDocument,
  POSITION_STRIDE,
  sameCommit,
  toAppendResult,
  toStoredEvent,
} from './mongo-commit-document';
import {
  COMMITS_COLLECTION,
  duplicateIndex,
  type DuplicateKeyRefusal,
  ensureCommitIndexes,
  IDEMPOTENCY_INDEX,
  META_COLLECTION,
  migrateSchema,
  MetaDocument,
  SEQUENCE_INDEX,
  STREAM_VERSION_INDEX,
  upsertCounter,
} from './mongo-schema';
import { DEFAULT_WRITE_CONCERN, MongoEventStoreOptions } from './mongo-event-store-options';
import { CommitSequence, readEventsAfter } from './mongo-commit-sequence';
import { CommitBatcher, SEQUENCE_TAKEN } from './mongo-commit-batcher';
import { MongoOutbox } from './mongo-outbox';
import { KnownHeads } from '../known-heads';
import { describeError, isWriteConcernRefusal } from './mongo-server-errors';
import { readContiguous, type StreamCommitHeader } from './mongo-stream-integrity';

export type { MongoCommitDocument, MongoEventDocument } from './mongo-commit-document';
export { POSITION_STRIDE, seqBucketOf } from './mongo-commit-document';
export { COMMITS_COLLECTION, META_COLLECTION, OUTBOX_ID } from './mongo-schema';
export { StreamIntegrityError } from './mongo-stream-integrity';
export { DEFAULT_WRITE_CONCERN, type MongoEventStoreOptions } from './mongo-event-store-options';

/**
 * Production event store on MongoDB 7+ (and MongoDB-compatible servers such as FerretDB 1.24).
 *
 * Uses only single-document writes, unique indexes and plain find/update:
 * - optimistic concurrency: the writer checks the stream head, then inserts its commit with
 *   `firstVersion = expectedVersion + 1`; the unique index on (streamId, firstVersion) rejects a
 *   second writer for the same version (duplicate key -> WrongExpectedVersionError);
 * - global positions derive from a commit sequence held unique by an index (see CommitSequence):
 *   a writer numbers right after a commit it knows is stored, so positions follow commit order;
 * - the idempotency record is a field of the commit document, written in the same atomic insert;
 * - commits are inserted in groups (CommitBatcher) and published from a watermark (MongoOutbox).
 *
 * Every query is an equality on indexed fields or an `_id` lookup, never a sort or a range, which
 * FerretDB 1.24 evaluates itself over the whole collection (scripts/services/README.md); only
 * `readStream` adds a range on one stream's own commits. `readAll` reads commits a sequence bucket
 * at a time and `headPosition` probes sequence numbers from a hint (see CommitSequence).
 */
export class MongoEventStore implements EventStore {
  readonly db: Db;
  private readonly commits: Collection<MongoCommitDocument>;
  private readonly meta: Collection<MetaDocument>;
  private readonly ownedClient: MongoClient | null;
  private readonly now: () => Date;
  private readonly gapRetries: number;
  private readonly gapRetryDelayMs: number;
  private readonly warn: (message: string) => void;
  private writeConcernInUse: WriteConcernSettings | undefined;
  private readonly sequence: CommitSequence;
  private readonly batcher: CommitBatcher;
  private readonly outbox: MongoOutbox;
  /** Appends in flight, by commit id. */
  private readonly appending = new Map<string, Promise<AppendResult>>();
  private readonly knownHeads = new KnownHeads();
  private closed = false;

  /** Prefer `MongoEventStore.create`, which also ensures the indexes the store relies on. */
  constructor(options: MongoEventStoreOptions) {
    if ('db' in options) {
      this.db = options.db;
      this.ownedClient = null;
    } else if ('client' in options) {
      this.db = options.client.db(options.dbName);
      this.ownedClient = null;
    } else {
      this.ownedClient = new MongoClient(options.url, options.clientOptions);
      this.db = this.ownedClient.db(options.dbName);
    }
    this.commits = this.db.collection<MongoCommitDocument>(COMMITS_COLLECTION);
    this.meta = this.db.collection<MetaDocument>(META_COLLECTION);
    this.sequence = new CommitSequence(this.commits, this.meta);
    const writeConcern = () => this.writeConcernInUse;
    this.outbox = new MongoOutbox(this.commits, this.meta, writeConcern);
    this.batcher = new CommitBatcher(this.commits, this.sequence, writeConcern, (doc) => this.outbox.stored(doc));
    this.now = options.now ?? (() => new Date());
    this.writeConcernInUse = options.writeConcern ?? DEFAULT_WRITE_CONCERN;
    this.gapRetries = options.gapRetries ?? 5;
    this.gapRetryDelayMs = options.gapRetryDelayMs ?? 5;
    this.warn = options.warn ?? ((message) => console.warn(message));
  }

  /** Builds the store, ensures its indexes and checks that the server accepts the write concern. */
  static async create(options: MongoEventStoreOptions): Promise<MongoEventStore> {
    const store = new MongoEventStore(options);
    try {
      await store.ensureIndexes();
      await store.initialiseCounter();
      await migrateSchema(store.commits, store.meta, store.writeOptions);
      await store.sequence.prime();
    } catch (error) {
      await store.close();
      throw error;
    }
    return store;
  }

  /** The write concern every write uses (after a fallback, if the server refused the configured one). */
  get writeConcern(): WriteConcernSettings | undefined {
    return this.writeConcernInUse;
  }

  /** Creates the indexes the store relies on, one command per index (see `ensureCommitIndexes`). */
  async ensureIndexes(): Promise<void> {
    await ensureCommitIndexes(this.commits);
  }

  /**
   * Creates the position counter if it is missing, with the configured write concern. A server
   * that refuses that write concern (rather than failing to satisfy it) makes the store fall back
   * to `{ w: 1, j: true }`, then to the server default, and say so.
   */
  private async initialiseCounter(): Promise<void> {
    const candidates: Array<WriteConcernSettings | undefined> = [this.writeConcernInUse, { w: 1, j: true }, undefined];
    let lastError: unknown;
    for (const candidate of candidates) {
      try {
        await upsertCounter(this.meta, candidate);
        if (candidate !== this.writeConcernInUse) {
          this.warn(
            `MongoEventStore: the server refused write concern ${JSON.stringify(this.writeConcernInUse)} ` +
              `(${describeError(lastError)}); using ${candidate ? JSON.stringify(candidate) : 'the server default'}`,
          );
          this.writeConcernInUse = candidate;
        }
        return;
      } catch (error) {
        if (!isWriteConcernRefusal(error)) throw error;
        lastError = error;
      }
    }
    throw lastError;
  }

  private get writeOptions(): { writeConcern?: WriteConcernSettings } {
    return this.writeConcernInUse ? { writeConcern: this.writeConcernInUse } : {};
  }

  async append(streamId: string, events: readonly NewEvent[], options: AppendOptions): Promise<AppendResult> {
    if (this.closed) throw new Error('event store is closed');
    if (events.length === 0) throw new Error('a commit needs at least one event');
    const { expectedVersion } = options;
    if (!Number.isInteger(expectedVersion) || expectedVersion < 0) {
      throw new Error(`expected version must be a non-negative integer, got ${expectedVersion}`);
    }
    // The very same commit handed in twice at once: the second is answered with the first's outcome.
    const twin = this.appending.get(options.commitId);
    if (twin) {
      const stored = await twin.catch(() => null);
      if (stored?.streamId === streamId && stored.events.every((e, i) => e.eventId === events[i]?.eventId))
        return stored;
    }
    const appended = this.appendOnce(streamId, events, options);
    this.appending.set(options.commitId, appended);
    try {
      return await appended;
    } finally {
      if (this.appending.get(options.commitId) === appended) this.appending.delete(options.commitId);
    }
  }

  private async appendOnce(
    streamId: string,
    events: readonly NewEvent[],
    options: AppendOptions,
  ): Promise<AppendResult> {
    const { expectedVersion, idempotency } = options;
    // The head commit gives the version and the hash the new events chain to. A commit that
    // moves the head after this read takes our firstVersion, so the unique (streamId,
    // firstVersion) index refuses our insert rather than letting it link to a stale hash.
    const head = await this.streamHeadAt(streamId, expectedVersion);
    if (head.version !== expectedVersion) throw new WrongExpectedVersionError(streamId, expectedVersion, head.version);
    if (idempotency && (await this.commits.findOne({ idempotencyKey: idempotency.key }, { projection: { _id: 1 } }))) {
      throw new IdempotencyKeyTakenError(idempotency.key);
    }

    if (events.length >= POSITION_STRIDE) throw new Error(`a commit holds at most ${POSITION_STRIDE - 1} events`);

    const recordedAt = this.now().toISOString();
    const result = await this.batcher.submit({
      build: (seq) => buildCommit(streamId, events, options, seq, recordedAt, head.hash),
      explainDuplicate: (refusal, document) => this.explainDuplicate(refusal, document, expectedVersion, idempotency),
    });
    const last = result.events[result.events.length - 1]!;
    this.knownHeads.remember(streamId, { version: last.streamVersion, hash: last.hash });
    return result;
  }

  /**
   * Another document holds one of the commit's unique keys. Which one is read from the error
   * when the server names the index (MongoDB does, with keyPattern), otherwise from the data.
   */
  private async explainDuplicate(
    error: DuplicateKeyRefusal,
    document: MongoCommitDocument,
    expectedVersion: number,
    idempotency: IdempotencyRecord | undefined,
  ): Promise<AppendResult | typeof SEQUENCE_TAKEN> {
    const { streamId, _id: commitId } = document;
    const index = duplicateIndex(error);

    // Whichever index the server names first, a document with our commit id decides the case.
    const existing = await this.commits.findOne({ _id: commitId });
    if (existing) {
      // The very same commit (same id, stream, version and event ids) was stored by a concurrent
      // or earlier attempt: that is success, not a conflict.
      if (sameCommit(existing, document)) return toAppendResult(existing);
      // Our insert could never succeed: the id is taken, whichever other key clashed too.
      throw new Error(`commit id ${commitId} is already used by another commit (stream ${existing.streamId})`);
    }
    if (index === STREAM_VERSION_INDEX || index === undefined) {
      const winner = await this.commits.findOne(
        { streamId, firstVersion: document.firstVersion },
        { projection: { _id: 1 } },
      );
      if (winner || index === STREAM_VERSION_INDEX) {
        throw new WrongExpectedVersionError(
          streamId,
          expectedVersion,
          await this.versionAfterConflict(streamId, expectedVersion),
        );
      }
    }
    if (index === IDEMPOTENCY_INDEX || index === undefined) {
      const holder = await this.commits.findOne(
        { idempotencyKey: document.idempotencyKey },
        { projection: { _id: 1 } },
      );
      if (holder || index === IDEMPOTENCY_INDEX) {
        if (idempotency) throw new IdempotencyKeyTakenError(idempotency.key);
        throw new Error(`commit id ${commitId} collides with an idempotency key already stored`);
      }
    }
    // No stream version, idempotency key or commit id clashed: the sequence number did.
    if (index === SEQUENCE_INDEX || index === undefined) return SEQUENCE_TAKEN;
    throw new Error(`commit ${commitId} was refused: ${error.errmsg ?? error.message ?? 'duplicate key'}`);
  }

  /** The winner's commit is visible once its unique key refused ours; re-read (briefly) until it shows. */
  private async versionAfterConflict(streamId: string, expectedVersion: number): Promise<number> {
    let version = await this.headVersion(streamId);
    for (let attempt = 0; version === expectedVersion && attempt < this.gapRetries; attempt++) {
      await sleep(this.gapRetryDelayMs * 2 ** attempt);
      version = await this.headVersion(streamId);
    }
    return version;
  }

  /**
   * The head for a writer expecting `expected`: that version and its event's hash when the commit
   * ending there is stored and none after it (versions are contiguous), else the real head, read
   * the long way (only a stale writer pays for that). Both lookups are equalities, sent together.
   */
  private async streamHeadAt(streamId: string, expected: number): Promise<{ version: number; hash: string | null }> {
    const known = this.knownHeads.get(streamId);
    // This store appended the event at `expected` itself: should another writer have gone on
    // since, the unique index refuses our insert, and the refusal is explained as a conflict.
    if (expected > 0 && known?.version === expected) return known;
    const [ending, next] = await Promise.all([
      expected === 0 ? null : this.commits.findOne({ streamId, lastVersion: expected }, { projection: { events: 1 } }),
      this.commits.findOne({ streamId, firstVersion: expected + 1 }, { projection: { _id: 1 } }),
    ]);
    if (next || (expected > 0 && !ending)) return this.streamHead(streamId);
    return { version: expected, hash: ending ? headHash(ending as MongoCommitDocument, expected) : null };
  }

  /**
   * The stream's head read the long way: its highest version and that event's hash (no contiguity
   * check), from the whole head commit (not every MongoDB-compatible server supports `$slice`).
   */
  private async streamHead(streamId: string): Promise<{ version: number; hash: string | null }> {
    const head = await this.commits.findOne({ streamId }, { sort: { firstVersion: -1 } });
    if (!head) return { version: 0, hash: null };
    const version = Number(head.lastVersion);
    return { version, hash: headHash(head, version) };
  }

  /** Highest version stored for the stream (no contiguity check: the writer's cheap head read). */
  private async headVersion(streamId: string): Promise<number> {
    return Number((await this.streamHead(streamId)).version);
  }

  async readStream(streamId: string, fromVersion = 1): Promise<StoredEvent[]> {
    const from = Math.max(1, Math.floor(fromVersion));
    // Reading on from the event this store appended last: usually nothing follows, which one
    // lookup of the next version tells (the range below reads every commit of the stream).
    if (
      this.knownHeads.get(streamId)?.version === from - 1 &&
      !(await this.commits.findOne({ streamId, firstVersion: from }, { projection: { _id: 1 } }))
    ) {
      return [];
    }
    const commits = await this.readContiguous(streamId, from, () =>
      this.commits.find({ streamId, lastVersion: { $gte: from } }, { sort: { firstVersion: 1 } }).toArray(),
    );
    const events: StoredEvent[] = [];
    for (const commit of commits) {
      for (const event of commit.events) if (event.streamVersion >= from) events.push(toStoredEvent(event));
    }
    return events;
  }

  async readStreamRecordedBy(streamId: string, fromVersion: number, recordedBy: string): Promise<StoredEvent[]> {
    const bound = Date.parse(recordedBy);
    return (await this.readStream(streamId, fromVersion)).filter((event) => Date.parse(event.recordedAt) <= bound);
  }

  async streamVersion(streamId: string): Promise<number> {
    const headers = await this.readContiguous(streamId, 1, () =>
      this.commits
        .find({ streamId }, { sort: { firstVersion: 1 }, projection: { firstVersion: 1, lastVersion: 1 } })
        .toArray(),
    );
    return headers.length === 0 ? 0 : Number(headers[headers.length - 1]!.lastVersion);
  }

  private readContiguous<T extends StreamCommitHeader>(streamId: string, from: number, read: () => Promise<T[]>) {
    return readContiguous(streamId, from, read, { retries: this.gapRetries, delayMs: this.gapRetryDelayMs });
  }

  async readAll({ after, limit }: ReadAllOptions): Promise<StoredEvent[]> {
    return limit <= 0 ? [] : readEventsAfter(this.commits, after, limit);
  }

  async headPosition(): Promise<number> {
    const seq = await this.sequence.highest();
    if (seq === 0) return 0;
    const head = await this.commits.findOne({ seq }, { projection: { lastPosition: 1 } });
    return head ? Number(head.lastPosition) : seq * POSITION_STRIDE;
  }

  async findIdempotency(key: string): Promise<IdempotencyRecord | null> {
    const doc = await this.commits.findOne(
      { idempotencyKey: key },
      { projection: { idempotencyKey: 1, idempotencyFingerprint: 1, idempotencyResponse: 1 } },
    );
    // A commit stored without a key holds its own id there, with no fingerprint: not a record.
    if (!doc || typeof doc.idempotencyFingerprint !== 'string') return null;
    return {
      key: doc.idempotencyKey,
      fingerprint: doc.idempotencyFingerprint,
      response: doc.idempotencyResponse ?? null,
    };
  }

  readUnpublished(limit: number): Promise<StoredCommit[]> {
    return this.outbox.readUnpublished(limit);
  }

  countUnpublished(atMost: number): Promise<number> {
    return this.outbox.countUnpublished(atMost);
  }

  async markPublished(commitIds: readonly string[]): Promise<void> {
    await this.outbox.markPublished(commitIds);
  }

  async ping(): Promise<void> {
    await this.db.command({ ping: 1 });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.ownedClient) await this.ownedClient.close();
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
