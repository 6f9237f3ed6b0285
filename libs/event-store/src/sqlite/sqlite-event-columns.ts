import type { StoredEvent } from '../event-store.port';

/** The events table's columns, in the order `fromColumns` reads a raw row. */
export const EVENT_COLUMNS =
  'position, event_id, stream_id, stream_version, commit_id, type, schema_version, data, occurred_at, recorded_at, ' +
  'actor, correlation_id, causation_id, decision_id, case_ref, reason, prev_hash, hash';

export type EventColumns = [
  number,
  string,
  string,
  number,
  string,
  string,
  number,
  string,
  string,
  string,
  string,
  string,
  string | null,
  string | null,
  string | null,
  string | null,
  string | null,
  string | null,
];

/** An event from a raw row (`statement.raw()`): no row object is built on the way. */
export function fromColumns(columns: EventColumns): StoredEvent {
  const [position, eventId, streamId, streamVersion, commitId, type, schemaVersion, data, occurredAt, recordedAt] =
    columns;
  const [, , , , , , , , , , actor, correlationId, causationId, decisionId, caseRef, reason, prevHash, hash] = columns;
  return {
    eventId,
    streamId,
    streamVersion,
    position,
    commitId,
    type,
    schemaVersion,
    data: JSON.parse(data),
    occurredAt,
    recordedAt,
    actor: JSON.parse(actor),
    correlationId,
    causationId,
    decisionId,
    caseRef,
    reason,
    prevHash,
    hash,
  };
}

/** A row of the events table as better-sqlite3 returns it. */
export interface EventRow {
  position: number;
  event_id: string;
  stream_id: string;
  stream_version: number;
  commit_id: string;
  type: string;
  schema_version: number;
  data: string;
  occurred_at: string;
  recorded_at: string;
  actor: string;
  correlation_id: string;
  causation_id: string | null;
  decision_id: string | null;
  case_ref: string | null;
  reason: string | null;
  prev_hash: string | null;
  hash: string | null;
}

export function toStoredEvent(row: EventRow): StoredEvent {
  return {
    eventId: row.event_id,
    streamId: row.stream_id,
    streamVersion: row.stream_version,
    position: row.position,
    commitId: row.commit_id,
    type: row.type,
    schemaVersion: row.schema_version,
    data: JSON.parse(row.data),
    occurredAt: row.occurred_at,
    recordedAt: row.recorded_at,
    actor: JSON.parse(row.actor),
    correlationId: row.correlation_id,
    causationId: row.causation_id,
    decisionId: row.decision_id,
    caseRef: row.case_ref,
    reason: row.reason,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}
