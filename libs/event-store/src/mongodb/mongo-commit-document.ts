import type { AppendOptions, AppendResult, EventActor, NewEvent, StoredEvent } from '../event-store.port';
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
  /** `seqBucketOf(seq)`: `readAll` reads commits a bucket at a time, by equality (see below). */
  seqBucket: number;
  firstPosition: number;
  lastPosition: number;
  events: MongoEventDocument[];
  published: boolean;
  idempotencyKey: string;
  idempotencyFingerprint: string | null;
  idempotencyResponse: unknown;
  recordedAt: string;
}

/**
 * Positions are `seq * POSITION_STRIDE + index`: unique and increasing in commit order, not
 * gap-free. A commit holds at most POSITION_STRIDE - 1 events.
 */
export const POSITION_STRIDE = 1000;

/**
 * Commits per `seqBucket`. FerretDB 1.24 hands only equalities to PostgreSQL (no ranges, sorts or
 * limits), so reading commits in sequence order is one equality lookup per bucket of this many.
 */
export const SEQ_BUCKET_SIZE = 100;

/** The bucket a commit sequence number belongs to. */
export const seqBucketOf = (seq: number): number => Math.floor(seq / SEQ_BUCKET_SIZE);

export function sameCommit(existing: MongoCommitDocument, attempted: MongoCommitDocument): boolean {
  return (
    existing.streamId === attempted.streamId &&
    existing.firstVersion === attempted.firstVersion &&
    existing.events.length === attempted.events.length &&
    existing.events.every((event, i) => event.eventId === attempted.events[i]!.eventId)
  );
}

export function buildCommit(
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
    seqBucket: seqBucketOf(seq),
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

/** The hash of the commit's event at `version` (null when the commit does not hold it). */
export function headHash(commit: MongoCommitDocument, version: number): string | null {
  return commit.events.find((event) => Number(event.streamVersion) === version)?.hash ?? null;
}

export function toAppendResult(document: MongoCommitDocument): AppendResult {
  return {
    commitId: document._id,
    streamId: document.streamId,
    version: Number(document.lastVersion),
    events: document.events.map(toStoredEvent),
  };
}

export function toStoredEvent(event: MongoEventDocument): StoredEvent {
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
export function toJsonValue(value: unknown): unknown {
  const text = JSON.stringify(value);
  return text === undefined ? null : JSON.parse(text);
}
