import Database from 'better-sqlite3';
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
  storedEnvelope,
  WrongExpectedVersionError,
} from '../event-store.port';
import { chainEvents } from '../hash-chain';
import { EVENT_COLUMNS, fromColumns, toStoredEvent, type EventColumns, type EventRow } from './sqlite-event-columns';
import type { StreamHead } from '../known-heads';
import { OwnWrites } from './own-writes';

interface PendingAppend {
  streamId: string;
  events: readonly NewEvent[];
  options: AppendOptions;
  resolve: (result: AppendResult) => void;
  reject: (error: unknown) => void;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS events (
  position INTEGER PRIMARY KEY AUTOINCREMENT,
  event_id TEXT NOT NULL UNIQUE,
  stream_id TEXT NOT NULL,
  stream_version INTEGER NOT NULL,
  commit_id TEXT NOT NULL,
  type TEXT NOT NULL,
  schema_version INTEGER NOT NULL,
  data TEXT NOT NULL,
  occurred_at TEXT NOT NULL,
  recorded_at TEXT NOT NULL,
  actor TEXT NOT NULL,
  correlation_id TEXT NOT NULL,
  causation_id TEXT,
  decision_id TEXT,
  case_ref TEXT,
  reason TEXT,
  prev_hash TEXT,
  hash TEXT,
  UNIQUE (stream_id, stream_version)
);
CREATE INDEX IF NOT EXISTS events_recorded_at ON events (recorded_at);
CREATE INDEX IF NOT EXISTS events_commit ON events (commit_id);
CREATE TABLE IF NOT EXISTS outbox (
  commit_id TEXT PRIMARY KEY,
  stream_id TEXT NOT NULL,
  first_position INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS idempotency (
  key TEXT PRIMARY KEY,
  fingerprint TEXT NOT NULL,
  response TEXT NOT NULL,
  commit_id TEXT NOT NULL
);
`;

/** Every statement the store runs, prepared once when it opens. */
function prepareStatements(db: Database.Database) {
  return {
    savepoint: db.prepare('SAVEPOINT append_one'),
    release: db.prepare('RELEASE append_one'),
    rollbackTo: db.prepare('ROLLBACK TO append_one'),
    insertEvent: db.prepare(`INSERT INTO events (
      position, event_id, stream_id, stream_version, commit_id, type, schema_version, data, occurred_at, recorded_at,
      actor, correlation_id, causation_id, decision_id, case_ref, reason, prev_hash, hash)
      VALUES (@position, @eventId, @streamId, @streamVersion, @commitId, @type, @schemaVersion, @data, @occurredAt,
      @recordedAt, @actor, @correlationId, @causationId, @decisionId, @caseRef, @reason, @prevHash, @hash)`),
    insertOutbox: db.prepare('INSERT INTO outbox (commit_id, stream_id, first_position) VALUES (?, ?, ?)'),
    insertIdempotency: db.prepare(
      'INSERT INTO idempotency (key, fingerprint, response, commit_id) VALUES (?, ?, ?, ?)',
    ),
    idempotencyTaken: db.prepare('SELECT 1 FROM idempotency WHERE key = ?'),
    streamHead: db.prepare(
      'SELECT stream_version AS version, hash FROM events WHERE stream_id = ? ORDER BY stream_version DESC LIMIT 1',
    ),
    nextPosition: db.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'events'"),
    streamVersion: db.prepare('SELECT MAX(stream_version) AS version FROM events WHERE stream_id = ?'),
    readStream: db.prepare('SELECT * FROM events WHERE stream_id = ? AND stream_version >= ? ORDER BY stream_version'),
    // Rows as arrays (columns in EVENT_COLUMNS order): a page of thousands builds no row objects.
    readAll: db.prepare(`SELECT ${EVENT_COLUMNS} FROM events WHERE position > ? ORDER BY position LIMIT ?`).raw(true),
    // recorded_at is always written by toISOString, so text order is time order.
    readStreamRecordedBy: db
      .prepare(
        `SELECT ${EVENT_COLUMNS} FROM events WHERE stream_id = ? AND stream_version >= ? AND recorded_at <= ?
         ORDER BY stream_version`,
      )
      .raw(true),
    headPosition: db.prepare('SELECT MAX(position) AS position FROM events'),
    findIdempotency: db.prepare('SELECT key, fingerprint, response FROM idempotency WHERE key = ?'),
    unpublished: db.prepare('SELECT commit_id, stream_id FROM outbox ORDER BY first_position LIMIT ?'),
    countUnpublished: db.prepare('SELECT count(*) AS n FROM (SELECT 1 FROM outbox LIMIT ?)'),
    eventsOfCommit: db.prepare('SELECT * FROM events WHERE commit_id = ? ORDER BY position'),
    // One statement per batch of ids (a JSON array), not one per id.
    markPublished: db.prepare('DELETE FROM outbox WHERE commit_id IN (SELECT value FROM json_each(?))'),
    synchronousNormal: db.prepare('PRAGMA synchronous = NORMAL'),
    synchronousFull: db.prepare('PRAGMA synchronous = FULL'),
    ping: db.prepare('SELECT 1'),
    // Moves whenever another connection commits to the file (what OwnWrites knows is then forgotten).
    dataVersion: db.prepare('PRAGMA data_version').pluck(),
  };
}

export interface SqliteEventStoreOptions {
  /** File path, or ':memory:' for tests. */
  readonly filename: string;
  readonly now?: () => Date;
}

/**
 * Embedded event store. Every acknowledged commit is on disk (WAL, synchronous=FULL);
 * appends arriving in the same tick share one transaction (group commit), each inside
 * its own savepoint so one writer's conflict never undoes another's commit.
 */
export class SqliteEventStore implements EventStore {
  private readonly db: Database.Database;
  private readonly now: () => Date;
  private readonly statements: ReturnType<typeof prepareStatements>;
  private queue: PendingAppend[] = [];
  private flushScheduled = false;
  private closed = false;
  /** Stream heads, the next position and unpublished commits this connection wrote itself. */
  private readonly own = new OwnWrites();

  constructor(options: SqliteEventStoreOptions) {
    this.db = new Database(options.filename);
    this.now = options.now ?? (() => new Date());
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.pragma('busy_timeout = 5000');
    // Savepoints' statement journals stay in memory: on disk, group commits created, wrote and removed
    // a temporary file again and again.
    this.db.pragma('temp_store = MEMORY');
    this.db.exec(SCHEMA);
    this.statements = prepareStatements(this.db);
  }

  append(streamId: string, events: readonly NewEvent[], options: AppendOptions): Promise<AppendResult> {
    if (this.closed) return Promise.reject(new Error('event store is closed'));
    if (events.length === 0) return Promise.reject(new Error('a commit needs at least one event'));
    return new Promise((resolve, reject) => {
      this.queue.push({ streamId, events, options, resolve, reject });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.flushScheduled = false;
    const batch = this.queue;
    this.queue = [];
    const outcomes: Array<{ ok: true; result: AppendResult } | { ok: false; error: unknown }> = [];
    try {
      this.db.transaction(() => {
        // Inside the transaction: no other connection can commit between this look and our writes.
        this.own.sync(this.statements.dataVersion.get() as number);
        for (const pending of batch) {
          this.statements.savepoint.run();
          try {
            const result = this.appendInTransaction(pending);
            this.statements.release.run();
            this.own.wrote(result.streamId, result.events);
            outcomes.push({ ok: true, result });
          } catch (error) {
            this.statements.rollbackTo.run();
            this.statements.release.run();
            outcomes.push({ ok: false, error });
          }
        }
      })();
    } catch (error) {
      // The whole transaction failed (disk full, I/O error): nobody is acknowledged.
      this.own.forget();
      batch.forEach((pending) => pending.reject(error));
      return;
    }
    batch.forEach((pending, index) => {
      const outcome = outcomes[index]!;
      if (!outcome.ok) return pending.reject(outcome.error);
      this.own.committed(outcome.result.commitId, outcome.result.events.map(storedEnvelope));
      pending.resolve(outcome.result);
    });
  }

  private appendInTransaction({ streamId, events, options }: PendingAppend): AppendResult {
    const head = this.streamHead(streamId);
    if (head.version !== options.expectedVersion) {
      throw new WrongExpectedVersionError(streamId, options.expectedVersion, head.version);
    }
    if (options.idempotency) {
      const taken = this.statements.idempotencyTaken.get(options.idempotency.key);
      if (taken) throw new IdempotencyKeyTakenError(options.idempotency.key);
    }
    const recordedAt = this.now().toISOString();
    // Positions are known before the insert (AUTOINCREMENT continues after the highest ever
    // used, this connection is the only writer and we are inside its transaction), so every
    // event is written once, hash included. The primary key refuses a wrong guess loudly.
    const firstPosition = this.nextPosition();
    // Hash the values exactly as they are stored and read back (JSON semantics); the text is what is stored.
    const texts = events.map((event) => ({
      data: JSON.stringify(event.data ?? null),
      actor: JSON.stringify(event.actor),
    }));
    const chained = chainEvents(
      events.map((event, index) => ({
        ...event,
        data: JSON.parse(texts[index]!.data) as unknown,
        actor: JSON.parse(texts[index]!.actor) as NewEvent['actor'],
        streamId,
        streamVersion: options.expectedVersion + index + 1,
        position: firstPosition + index,
        commitId: options.commitId,
        recordedAt,
      })),
      head.hash,
    );
    const stored = this.insertEvents(chained, texts);
    this.recordCommit(streamId, stored[0]!.position, options);
    return { commitId: options.commitId, streamId, version: options.expectedVersion + events.length, events: stored };
  }

  /** Writes the chained events; each must land on the position its hash was computed with. */
  private insertEvents(
    chained: readonly StoredEvent[],
    texts: ReadonlyArray<{ data: string; actor: string }>,
  ): StoredEvent[] {
    const insert = this.statements.insertEvent;
    return chained.map((event, index) => {
      // The envelope's fields are the statement's named parameters; data and actor are stored as JSON text.
      const info = insert.run({ ...storedEnvelope(event), ...texts[index]! });
      if (Number(info.lastInsertRowid) !== event.position) {
        throw new Error(`event store: inserted position ${String(info.lastInsertRowid)}, expected ${event.position}`);
      }
      return event;
    });
  }

  /** The commit's outbox entry and, when the request carried one, its idempotency record. */
  private recordCommit(streamId: string, firstPosition: number, options: AppendOptions): void {
    this.statements.insertOutbox.run(options.commitId, streamId, firstPosition);
    if (options.idempotency) {
      this.statements.insertIdempotency.run(
        options.idempotency.key,
        options.idempotency.fingerprint,
        JSON.stringify(options.idempotency.response),
        options.commitId,
      );
    }
  }

  /** The stream's last version and that event's hash (0 and null for a new stream). */
  private streamHead(streamId: string): StreamHead {
    const known = this.own.head(streamId);
    if (known) return known;
    const row = this.statements.streamHead.get(streamId) as { version: number; hash: string | null } | undefined;
    return row ? { version: row.version, hash: row.hash } : { version: 0, hash: null };
  }

  /** The position AUTOINCREMENT gives the next insert: one after the highest ever used. */
  private nextPosition(): number {
    const known = this.own.position();
    if (known !== null) return known;
    const row = this.statements.nextPosition.get() as { seq: number } | undefined;
    return (row?.seq ?? 0) + 1;
  }

  private currentVersion(streamId: string): number {
    const row = this.statements.streamVersion.get(streamId) as { version: number | null };
    return row.version ?? 0;
  }

  async readStream(streamId: string, fromVersion = 1): Promise<StoredEvent[]> {
    const rows = this.statements.readStream.all(streamId, fromVersion) as EventRow[];
    return rows.map(toStoredEvent);
  }

  async readStreamRecordedBy(streamId: string, fromVersion: number, recordedBy: string): Promise<StoredEvent[]> {
    const bound = new Date(Date.parse(recordedBy)).toISOString();
    return (this.statements.readStreamRecordedBy.all(streamId, fromVersion, bound) as EventColumns[]).map(fromColumns);
  }

  async readAll({ after, limit }: ReadAllOptions): Promise<StoredEvent[]> {
    const rows = this.statements.readAll.all(after, limit) as EventColumns[];
    return rows.map(fromColumns);
  }

  async streamVersion(streamId: string): Promise<number> {
    return this.currentVersion(streamId);
  }

  async headPosition(): Promise<number> {
    const row = this.statements.headPosition.get() as { position: number | null };
    return row.position ?? 0;
  }

  async findIdempotency(key: string): Promise<IdempotencyRecord | null> {
    const row = this.statements.findIdempotency.get(key) as
      { key: string; fingerprint: string; response: string } | undefined;
    return row ? { key: row.key, fingerprint: row.fingerprint, response: JSON.parse(row.response) } : null;
  }

  async readUnpublished(limit: number): Promise<StoredCommit[]> {
    this.own.sync(this.statements.dataVersion.get() as number);
    const known = this.own.listUnpublished(limit);
    if (known) return known;
    const commits = this.statements.unpublished.all(limit) as Array<{ commit_id: string; stream_id: string }>;
    if (commits.length < limit) this.own.listedAll(commits.map((c) => c.commit_id));
    const eventsOf = this.statements.eventsOfCommit;
    return commits.map((c) => ({
      commitId: c.commit_id,
      streamId: c.stream_id,
      events: this.own.eventsOf(c.commit_id) ?? (eventsOf.all(c.commit_id) as EventRow[]).map(toStoredEvent),
    }));
  }

  async markPublished(commitIds: readonly string[]): Promise<void> {
    if (commitIds.length === 0) return;
    // Without its own fsync: the next commit's fsync carries it to disk, and if a crash loses it the
    // commits are published again, which the outbox's at-least-once delivery allows.
    this.statements.synchronousNormal.run();
    try {
      this.statements.markPublished.run(JSON.stringify(commitIds));
    } finally {
      this.statements.synchronousFull.run();
    }
    this.own.published(commitIds);
  }

  async countUnpublished(atMost: number): Promise<number> {
    return (this.statements.countUnpublished.get(Math.max(0, atMost)) as { n: number }).n;
  }

  async ping(): Promise<void> {
    this.statements.ping.get();
  }

  /** Direct access for tamper-evidence tests and tools that inspect the file. */
  get database(): Database.Database {
    return this.db;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    // Let appends already queued finish before the handle goes away.
    if (this.queue.length > 0) this.flush();
    this.closed = true;
    this.db.close();
  }
}
