import {
  Collection,
  Db,
  type IndexDescription,
  MongoClient,
  MongoClientOptions,
  MongoServerError,
  WriteConcernSettings,
} from 'mongodb';
import {
  AppendOptions,
  AppendResult,
  EventActor,
  EventStore,
  IdempotencyKeyTakenError,
  IdempotencyRecord,
  NewEvent,
  ReadAllOptions,
  StoredCommit,
  StoredEvent,
  WrongExpectedVersionError,
} from '../event-store.port';
import { chainEvents } from '../hash-chain';

/** One event inside a commit document: every StoredEvent field, nothing else. */
export interface MongoEventDocument {
  eventId: string;
  streamId: string;
  streamVersion: number;
  position: number;
  commitId: string;
  type: string;
  schemaVersion: number;
  data: unknown;
  occurredAt: string;
  recordedAt: string;
  actor: EventActor;
  correlationId: string;
  causationId: string | null;
  decisionId: string | null;
  caseRef: string | null;
  reason: string | null;
  prevHash: string | null;
  hash: string | null;
}

/**
 * One document per commit, so a multi-event commit is a single atomic write (no transactions).
 * `idempotencyKey` always holds a value (the request's key, or the commit id when the request had
 * none) so that a plain unique index covers it without a sparse or partial index.
 */
export interface MongoCommitDocument {
  _id: string;
  streamId: string;
  firstVersion: number;
  lastVersion: number;
  /** Commit sequence: unique, allocated as the highest visible + 1, so it follows commit order. */
  seq: number;
  firstPosition: number;
  lastPosition: number;
  events: MongoEventDocument[];
  published: boolean;
  idempotencyKey: string;
  idempotencyFingerprint: string | null;
  idempotencyResponse: unknown;
  recordedAt: string;
}

interface MetaDocument {
  _id: string;
  schema: number;
}

/**
 * Positions are `seq * POSITION_STRIDE + index`: unique and increasing in commit order, not
 * gap-free. A commit holds at most POSITION_STRIDE - 1 events.
 */
export const POSITION_STRIDE = 1000;
const SEQUENCE_TAKEN = Symbol('SEQUENCE_TAKEN');

interface CommonOptions {
  /** Clock for `recordedAt` (tests). */
  readonly now?: () => Date;
  /** Defaults to `{ w: 'majority', j: true }`: an acknowledged commit is journaled on a majority. */
  readonly writeConcern?: WriteConcernSettings;
  /** How often a read that sees a version gap is repeated before it fails (default 5). */
  readonly gapRetries?: number;
  /** First wait between such reads in ms, doubled each time (default 5). */
  readonly gapRetryDelayMs?: number;
  /** Where a write-concern fallback is reported (default console.warn). */
  readonly warn?: (message: string) => void;
}

export type MongoEventStoreOptions = CommonOptions &
  (
    | { readonly db: Db }
    | { readonly client: MongoClient; readonly dbName: string }
    /** The store creates (and on close, closes) its own client. */
    | { readonly url: string; readonly dbName: string; readonly clientOptions?: MongoClientOptions }
  );

export const COMMITS_COLLECTION = 'commits';
export const META_COLLECTION = 'store_meta';
const META_ID = 'event-store';
const SEQUENCE_INDEX = 'seq_unique';
const STREAM_VERSION_INDEX = 'stream_firstVersion_unique';
const IDEMPOTENCY_INDEX = 'idempotencyKey_unique';
const OUTBOX_INDEX = 'published_firstPosition';
const POSITION_INDEX = 'lastPosition';
const DUPLICATE_KEY = 11000;

export const DEFAULT_WRITE_CONCERN: WriteConcernSettings = Object.freeze({ w: 'majority', j: true });

/** A stream's stored versions are not contiguous: a commit is missing (or overlaps another). */
export class StreamIntegrityError extends Error {
  constructor(
    readonly streamId: string,
    readonly missingVersion: number,
    detail: string,
  ) {
    super(`stream ${streamId} is not contiguous: version ${missingVersion} is missing (${detail})`);
    this.name = 'StreamIntegrityError';
  }
}

/**
 * Production event store on MongoDB 7+ (and MongoDB-compatible servers such as FerretDB 1.24).
 *
 * Uses only single-document writes, unique indexes and plain find/update:
 * - optimistic concurrency: the writer checks the stream head, then inserts its commit with
 *   `firstVersion = expectedVersion + 1`; the unique index on (streamId, firstVersion) rejects a
 *   second writer for the same version (duplicate key -> WrongExpectedVersionError);
 * - global positions derive from a commit sequence held unique by an index: a writer takes the
 *   highest visible sequence + 1 and retries on a clash. Counters updated with `$inc` are not
 *   used: FerretDB's SQLite backend loses concurrent updates, while unique inserts stay safe.
 *   Because a writer only numbers after what it can see, positions follow commit order;
 * - the outbox mark (`published: false`) and the idempotency record are fields of the commit
 *   document, written in the same atomic insert.
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

  /**
   * One `createIndexes` command per index: FerretDB 1.24 drops the connection (a server-side
   * panic) when a single command lists two or more indexes that already exist, which is what
   * every restart of a process on an existing database sends. One index per command is an
   * idempotent no-op there, as on MongoDB.
   */
  async ensureIndexes(): Promise<void> {
    const indexes: IndexDescription[] = [
      { key: { streamId: 1, firstVersion: 1 }, name: STREAM_VERSION_INDEX, unique: true },
      { key: { seq: 1 }, name: SEQUENCE_INDEX, unique: true },
      { key: { idempotencyKey: 1 }, name: IDEMPOTENCY_INDEX, unique: true },
      { key: { published: 1, firstPosition: 1 }, name: OUTBOX_INDEX },
      { key: { lastPosition: 1 }, name: POSITION_INDEX },
    ];
    for (const index of indexes) await this.commits.createIndexes([index]);
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
        await this.upsertCounter(candidate);
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

  private async upsertCounter(writeConcern: WriteConcernSettings | undefined): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        await this.meta.updateOne(
          { _id: META_ID },
          { $set: { schema: 1 } },
          { upsert: true, ...(writeConcern ? { writeConcern } : {}) },
        );
        return;
      } catch (error) {
        // Two stores initialising the same database at once: the other upsert won, fine.
        if (isDuplicateKey(error) && attempt < 3) continue;
        throw error;
      }
    }
  }

  private get writeOptions(): { writeConcern?: WriteConcernSettings } {
    return this.writeConcernInUse ? { writeConcern: this.writeConcernInUse } : {};
  }

  async append(streamId: string, events: readonly NewEvent[], options: AppendOptions): Promise<AppendResult> {
    if (this.closed) throw new Error('event store is closed');
    if (events.length === 0) throw new Error('a commit needs at least one event');
    const { expectedVersion, idempotency } = options;
    if (!Number.isInteger(expectedVersion) || expectedVersion < 0) {
      throw new Error(`expected version must be a non-negative integer, got ${expectedVersion}`);
    }

    // The head commit gives the version and the hash the new events chain to. Reading both in
    // one go is safe: a commit that moved the head in between takes our firstVersion, so the
    // unique (streamId, firstVersion) index refuses our insert rather than letting it link to
    // a stale hash.
    const head = await this.streamHead(streamId);
    if (head.version !== expectedVersion) throw new WrongExpectedVersionError(streamId, expectedVersion, head.version);
    if (idempotency && (await this.commits.findOne({ idempotencyKey: idempotency.key }, { projection: { _id: 1 } }))) {
      throw new IdempotencyKeyTakenError(idempotency.key);
    }

    if (events.length >= POSITION_STRIDE) throw new Error(`a commit holds at most ${POSITION_STRIDE - 1} events`);

    const recordedAt = this.now().toISOString();
    for (let attempt = 0; ; attempt++) {
      const seq = await this.nextSequence();
      const document = buildCommit(streamId, events, options, seq, recordedAt, head.hash);
      try {
        await this.commits.insertOne(document, this.writeOptions);
        return toAppendResult(document);
      } catch (error) {
        if (!isDuplicateKey(error)) throw error;
        const outcome = await this.explainDuplicate(error, document, expectedVersion, idempotency);
        if (outcome !== SEQUENCE_TAKEN) return outcome;
        if (attempt >= 200) throw new Error('could not allocate a commit sequence: too many concurrent writers');
        // Another commit took this sequence number: take the next free one, with a little jitter.
        await sleep(Math.random() * Math.min(20, attempt + 1));
      }
    }
  }

  private async nextSequence(): Promise<number> {
    const last = await this.commits.findOne({}, { sort: { seq: -1 }, projection: { seq: 1 } });
    return (last ? Number(last.seq) : 0) + 1;
  }

  /**
   * Another document holds one of the commit's unique keys. Which one is read from the error
   * when the server names the index (MongoDB does, with keyPattern), otherwise from the data.
   */
  private async explainDuplicate(
    error: MongoServerError,
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
    throw error;
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
   * The stream's head for a writer: its highest version and the hash of that event (no
   * contiguity check). The whole head commit is read (a handful of events) rather than a
   * `$slice` projection, which not every MongoDB-compatible server supports.
   */
  private async streamHead(streamId: string): Promise<{ version: number; hash: string | null }> {
    const head = await this.commits.findOne({ streamId }, { sort: { firstVersion: -1 } });
    if (!head) return { version: 0, hash: null };
    const version = Number(head.lastVersion);
    const last = head.events.find((event) => Number(event.streamVersion) === version);
    return { version, hash: last?.hash ?? null };
  }

  /** Highest version stored for the stream (no contiguity check: the writer's cheap head read). */
  private async headVersion(streamId: string): Promise<number> {
    const head = await this.commits.findOne(
      { streamId },
      { sort: { firstVersion: -1 }, projection: { lastVersion: 1 } },
    );
    return head ? Number(head.lastVersion) : 0;
  }

  async readStream(streamId: string, fromVersion = 1): Promise<StoredEvent[]> {
    const from = Math.max(1, Math.floor(fromVersion));
    const commits = await this.readContiguous(streamId, from, () =>
      this.commits.find({ streamId, lastVersion: { $gte: from } }, { sort: { firstVersion: 1 } }).toArray(),
    );
    const events: StoredEvent[] = [];
    for (const commit of commits) {
      for (const event of commit.events) if (event.streamVersion >= from) events.push(toStoredEvent(event));
    }
    return events;
  }

  async streamVersion(streamId: string): Promise<number> {
    const headers = await this.readContiguous(streamId, 1, () =>
      this.commits
        .find({ streamId }, { sort: { firstVersion: 1 }, projection: { firstVersion: 1, lastVersion: 1 } })
        .toArray(),
    );
    return headers.length === 0 ? 0 : Number(headers[headers.length - 1]!.lastVersion);
  }

  /**
   * Reads a stream's commits (from the one holding `from` on) and checks that their versions are
   * contiguous. A concurrent insert can become visible before an earlier one, so a gap is re-read
   * a few times (tiny waits) before it is reported as a missing commit.
   */
  private async readContiguous<
    T extends Pick<MongoCommitDocument, 'firstVersion' | 'lastVersion'> & { events?: MongoEventDocument[] },
  >(streamId: string, from: number, read: () => Promise<T[]>): Promise<T[]> {
    for (let attempt = 0; ; attempt++) {
      const commits = await read();
      const gap = findGap(commits, from);
      if (!gap) return commits;
      if (attempt >= this.gapRetries) throw new StreamIntegrityError(streamId, gap.missingVersion, gap.detail);
      await sleep(this.gapRetryDelayMs * 2 ** attempt);
    }
  }

  async readAll({ after, limit }: ReadAllOptions): Promise<StoredEvent[]> {
    if (limit <= 0) return [];
    // Commit position ranges are disjoint, so ordering by lastPosition is ordering by firstPosition;
    // `lastPosition > after` also finds the commit that straddles `after`. Each commit holds at least
    // one event, so `limit` commits are always enough for `limit` events.
    const commits = await this.commits
      .find({ lastPosition: { $gt: after } }, { sort: { lastPosition: 1 }, limit })
      .toArray();
    const events: StoredEvent[] = [];
    for (const commit of commits) {
      for (const event of commit.events) if (event.position > after) events.push(toStoredEvent(event));
    }
    events.sort((a, b) => a.position - b.position);
    // Cut at the limit by position: the next page (after = last position returned) resumes inside
    // the straddling commit, so paging neither skips nor repeats.
    return events.slice(0, limit);
  }

  async headPosition(): Promise<number> {
    const head = await this.commits.findOne({}, { sort: { lastPosition: -1 }, projection: { lastPosition: 1 } });
    return head ? Number(head.lastPosition) : 0;
  }

  async findIdempotency(key: string): Promise<IdempotencyRecord | null> {
    const doc = await this.commits.findOne(
      { idempotencyKey: key },
      { projection: { idempotencyKey: 1, idempotencyFingerprint: 1, idempotencyResponse: 1 } },
    );
    // A commit stored without a key holds its own id in the field, with no fingerprint: not a record.
    if (!doc || typeof doc.idempotencyFingerprint !== 'string') return null;
    return {
      key: doc.idempotencyKey,
      fingerprint: doc.idempotencyFingerprint,
      response: doc.idempotencyResponse ?? null,
    };
  }

  async readUnpublished(limit: number): Promise<StoredCommit[]> {
    if (limit <= 0) return [];
    const commits = await this.commits.find({ published: false }, { sort: { firstPosition: 1 }, limit }).toArray();
    return commits.map((commit) => ({
      commitId: commit._id,
      streamId: commit.streamId,
      events: commit.events.map(toStoredEvent),
    }));
  }

  async markPublished(commitIds: readonly string[]): Promise<void> {
    if (commitIds.length === 0) return;
    await this.commits.updateMany({ _id: { $in: [...commitIds] } }, { $set: { published: true } }, this.writeOptions);
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

function findGap(
  commits: ReadonlyArray<Pick<MongoCommitDocument, 'firstVersion' | 'lastVersion'> & { events?: MongoEventDocument[] }>,
  from: number,
): { missingVersion: number; detail: string } | null {
  if (commits.length === 0) return null;
  let expectedNext: number | null = null;
  for (const commit of commits) {
    const first = Number(commit.firstVersion);
    const last = Number(commit.lastVersion);
    if (expectedNext === null) {
      // The first commit read must hold `from` (from 1 on, it must start the stream).
      if (first > from) return { missingVersion: from, detail: `the first commit found starts at version ${first}` };
    } else if (first !== expectedNext) {
      return first > expectedNext
        ? { missingVersion: expectedNext, detail: `the next commit found starts at version ${first}` }
        : { missingVersion: expectedNext, detail: `a commit starting at version ${first} overlaps the one before it` };
    }
    if (commit.events) {
      const broken = commit.events.findIndex((event, i) => event.streamVersion !== first + i);
      if (broken >= 0 || commit.events.length !== last - first + 1) {
        return {
          missingVersion: first + Math.max(broken, 0),
          detail: `a commit covering ${first}..${last} has inconsistent events`,
        };
      }
    }
    expectedNext = last + 1;
  }
  return null;
}

function duplicateIndex(error: MongoServerError): string | undefined {
  const pattern = (error as { keyPattern?: Record<string, unknown> }).keyPattern;
  if (pattern) {
    if ('idempotencyKey' in pattern) return IDEMPOTENCY_INDEX;
    if ('firstVersion' in pattern) return STREAM_VERSION_INDEX;
    if ('_id' in pattern) return '_id';
  }
  const message = String(error.errmsg ?? error.message ?? '');
  for (const name of [IDEMPOTENCY_INDEX, STREAM_VERSION_INDEX]) if (message.includes(name)) return name;
  if (/index: _id_\b/.test(message)) return '_id';
  return undefined;
}

function sameCommit(existing: MongoCommitDocument, attempted: MongoCommitDocument): boolean {
  return (
    existing.streamId === attempted.streamId &&
    existing.firstVersion === attempted.firstVersion &&
    existing.events.length === attempted.events.length &&
    existing.events.every((event, i) => event.eventId === attempted.events[i]!.eventId)
  );
}

function buildCommit(
  streamId: string,
  events: readonly NewEvent[],
  { expectedVersion, commitId, idempotency }: AppendOptions,
  seq: number,
  recordedAt: string,
  prevHash: string | null,
): MongoCommitDocument {
  const firstPosition = seq * POSITION_STRIDE;
  const unchained = events.map((event, index) => ({
    eventId: event.eventId,
    streamId,
    streamVersion: expectedVersion + index + 1,
    position: firstPosition + index,
    commitId,
    type: event.type,
    schemaVersion: event.schemaVersion,
    data: toJsonValue(event.data),
    occurredAt: event.occurredAt,
    recordedAt,
    actor: toJsonValue(event.actor) as EventActor,
    correlationId: event.correlationId,
    causationId: event.causationId,
    decisionId: event.decisionId,
    caseRef: event.caseRef,
    reason: event.reason,
  }));
  // Positions are known before the insert (from the sequence), so the hashes are final here.
  const stored: MongoEventDocument[] = chainEvents(unchained, prevHash);
  return {
    _id: commitId,
    streamId,
    firstVersion: expectedVersion + 1,
    lastVersion: expectedVersion + events.length,
    seq,
    firstPosition,
    lastPosition: firstPosition + events.length - 1,
    events: stored,
    published: false,
    idempotencyKey: idempotency ? idempotency.key : commitId,
    idempotencyFingerprint: idempotency ? idempotency.fingerprint : null,
    idempotencyResponse: idempotency ? toJsonValue(idempotency.response) : null,
    recordedAt,
  };
}

function toAppendResult(document: MongoCommitDocument): AppendResult {
  return {
    commitId: document._id,
    streamId: document.streamId,
    version: Number(document.lastVersion),
    events: document.events.map(toStoredEvent),
  };
}

function toStoredEvent(event: MongoEventDocument): StoredEvent {
  return {
    eventId: event.eventId,
    streamId: event.streamId,
    streamVersion: Number(event.streamVersion),
    position: Number(event.position),
    commitId: event.commitId,
    type: event.type,
    schemaVersion: Number(event.schemaVersion),
    data: event.data,
    occurredAt: event.occurredAt,
    recordedAt: event.recordedAt,
    actor: event.actor,
    correlationId: event.correlationId,
    causationId: event.causationId ?? null,
    decisionId: event.decisionId ?? null,
    caseRef: event.caseRef ?? null,
    reason: event.reason ?? null,
    prevHash: event.prevHash ?? null,
    hash: event.hash ?? null,
  };
}

/** Stores what the SQLite adapter would give back (JSON semantics: undefined dropped, Dates as strings). */
function toJsonValue(value: unknown): unknown {
  const text = JSON.stringify(value);
  return text === undefined ? null : JSON.parse(text);
}

function isDuplicateKey(error: unknown): error is MongoServerError {
  return error instanceof MongoServerError && error.code === DUPLICATE_KEY;
}

/** The server refused the write concern itself (unknown/unsupported option), as opposed to a failed write. */
function isWriteConcern(error: unknown): boolean {
  return /write ?concern/i.test(describeError(error));
}

function isWriteConcernRefusal(error: unknown): boolean {
  if (!(error instanceof MongoServerError)) return false;
  // 2 BadValue, 9 FailedToParse, 14 TypeMismatch, 79 UnknownReplWriteConcern,
  // 100 UnsatisfiableWriteConcern, 115 CommandNotSupported, 238 NotImplemented.
  return [2, 9, 14, 79, 100, 115, 238].includes(Number(error.code)) && isWriteConcern(error);
}

function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
