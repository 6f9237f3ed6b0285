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
