/**
 * The record of truth. Every adapter (SQLite, MongoDB) passes the same contract suite
 * (`testing/event-store.contract.ts`).
 */
export interface EventActor {
  readonly sub: string;
  readonly name?: string;
  readonly roles: readonly string[];
}

/** What a writer hands to `append`; the store assigns versions, positions and recordedAt. */
export interface NewEvent {
  readonly eventId: string;
  readonly type: string;
  readonly schemaVersion: number;
  readonly data: unknown;
  readonly occurredAt: string;
  readonly actor: EventActor;
  readonly correlationId: string;
  readonly causationId: string | null;
  readonly decisionId: string | null;
  readonly caseRef: string | null;
  readonly reason: string | null;
}

/**
 * The event envelope as stored and published: what the writer handed over, plus what the store
 * assigns (version, position, commit, recording time) and the hash-chain links. Message buses
 * carry exactly this envelope, so consumers see what the store holds.
 */
export interface StoredEvent extends NewEvent {
  readonly streamId: string;
  /** 1-based version within the stream. */
  readonly streamVersion: number;
  /** 1-based position in the whole store, increasing in commit order. */
  readonly position: number;
  readonly commitId: string;
  readonly recordedAt: string;
  /** Hash-chain fields: SHA-256 of this event's canonical form and of the previous event in its stream. */
  readonly prevHash: string | null;
  readonly hash: string | null;
}

/** A response stored with the commit, so a retried request returns it without recording anything new. */
export interface IdempotencyRecord {
  readonly key: string;
  /** Hash of the request body: the same key with another body is refused. */
  readonly fingerprint: string;
  readonly response: unknown;
}

export interface AppendOptions {
  /** The stream version the writer decided on; 0 means the stream must not exist yet. */
  readonly expectedVersion: number;
  readonly commitId: string;
  readonly idempotency?: IdempotencyRecord;
}

export interface AppendResult {
  readonly commitId: string;
  readonly streamId: string;
  /** Stream version after the commit. */
  readonly version: number;
  readonly events: readonly StoredEvent[];
}

export interface StoredCommit {
  readonly commitId: string;
  readonly streamId: string;
  readonly events: readonly StoredEvent[];
}

export interface ReadAllOptions {
  /** Return events with position strictly greater than this. */
  readonly after: number;
  readonly limit: number;
}

export interface EventStore {
  append(streamId: string, events: readonly NewEvent[], options: AppendOptions): Promise<AppendResult>;
  /** Events of one stream in version order, optionally from a version on. */
  readStream(streamId: string, fromVersion?: number): Promise<StoredEvent[]>;
  /**
   * Events of one stream from a version on that were recorded at or before `recordedBy` (an ISO 8601
   * instant as `toISOString` writes it), in version order: an as-of read that needs no later event.
   */
  readStreamRecordedBy(streamId: string, fromVersion: number, recordedBy: string): Promise<StoredEvent[]>;
  /** Events of all streams in position order. */
  readAll(options: ReadAllOptions): Promise<StoredEvent[]>;
  /** Current version of a stream, 0 if it does not exist. */
  streamVersion(streamId: string): Promise<number>;
  /** Highest position stored, 0 when empty. */
  headPosition(): Promise<number>;
  findIdempotency(key: string): Promise<IdempotencyRecord | null>;
  /**
   * Outbox: commits stored but not yet confirmed as published, oldest first. Every commit is
   * written with its outbox mark in the same atomic write, so none is lost between store and broker.
   */
  readUnpublished(limit: number): Promise<StoredCommit[]>;
  markPublished(commitIds: readonly string[]): Promise<void>;
  /** How many commits are not yet published, counted up to `atMost` (metrics); lists nothing. */
  countUnpublished(atMost: number): Promise<number>;
  /** Answers when the store is reachable (health checks). */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export const EVENT_STORE = Symbol('EVENT_STORE');

export class WrongExpectedVersionError extends Error {
  constructor(
    readonly streamId: string,
    readonly expectedVersion: number,
    readonly actualVersion: number,
  ) {
    super(`stream ${streamId} is at version ${actualVersion}, not ${expectedVersion}`);
    this.name = 'WrongExpectedVersionError';
  }
}

/** The same idempotency key was already used (by a concurrent request that won). */
export class IdempotencyKeyTakenError extends Error {
  constructor(readonly key: string) {
    super(`idempotency key ${key} was already used`);
    this.name = 'IdempotencyKeyTakenError';
  }
}

/** Exactly the envelope's fields, whatever else an adapter's or a writer's object carries. */
export function storedEnvelope(event: StoredEvent): StoredEvent {
  return {
    eventId: event.eventId,
    streamId: event.streamId,
    streamVersion: event.streamVersion,
    position: event.position,
    commitId: event.commitId,
    type: event.type,
    schemaVersion: event.schemaVersion,
    data: event.data,
    occurredAt: event.occurredAt,
    recordedAt: event.recordedAt,
    actor: event.actor,
    correlationId: event.correlationId,
    causationId: event.causationId,
    decisionId: event.decisionId,
    caseRef: event.caseRef,
    reason: event.reason,
    prevHash: event.prevHash,
    hash: event.hash,
  };
}
