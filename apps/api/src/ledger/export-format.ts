import {
  canonicalJson,
  storedEnvelope,
  type ExportItem,
  type ExportTrailer,
  type StoredEvent,
} from '@followup/event-store';

/**
 * The two export formats. Both are plain text that standard tools read:
 * - NDJSON (`application/x-ndjson`): one event envelope per line in canonical JSON (keys
 *   sorted, no whitespace, exactly the text whose SHA-256 is the hash once `hash` is left out),
 *   then one last line `{"type":"ledgerDigest",...}` with the digest and the stream heads.
 * - CSV (RFC 4180, `text/csv; header=present`, CRLF line ends): a header row, one row per
 *   event with the envelope fields (actor and data as canonical JSON, an empty cell is null),
 *   then one last row whose `type` is `ledgerDigest` and whose `data` holds the same digest
 *   record as the NDJSON trailer, as JSON.
 */

export const NDJSON_CONTENT_TYPE = 'application/x-ndjson; charset=utf-8';
export const CSV_CONTENT_TYPE = 'text/csv; charset=utf-8; header=present';

/** CSV columns: every envelope field; the hashed ones are exactly these minus `hash`. */
export const CSV_COLUMNS = [
  'position',
  'eventId',
  'streamId',
  'streamVersion',
  'commitId',
  'type',
  'schemaVersion',
  'occurredAt',
  'recordedAt',
  'actor',
  'correlationId',
  'causationId',
  'decisionId',
  'caseRef',
  'reason',
  'data',
  'prevHash',
  'hash',
] as const satisfies ReadonlyArray<keyof StoredEvent>;

export function ndjsonLine(item: ExportItem): string {
  // Events in canonical form (the hashed text); the trailer as built, `type` first,
  // so it reads as `{"type":"ledgerDigest",...}`.
  return `${item.kind === 'event' ? canonicalJson(storedEnvelope(item.event)) : JSON.stringify(item.trailer)}\n`;
}

export function csvHeader(): string {
  return csvRow(CSV_COLUMNS);
}

export function csvLine(item: ExportItem): string {
  if (item.kind === 'trailer') return csvTrailer(item.trailer);
  const event = item.event;
  return csvRow(
    CSV_COLUMNS.map((column) => {
      const value = event[column];
      if (value === null || value === undefined) return '';
      if (column === 'data' || column === 'actor') return canonicalJson(value);
      return String(value);
    }),
  );
}

function csvTrailer(trailer: ExportTrailer): string {
  return csvRow(
    CSV_COLUMNS.map((column) => (column === 'type' ? trailer.type : column === 'data' ? JSON.stringify(trailer) : '')),
  );
}

/** One RFC 4180 record: a field is quoted when it holds a comma, a quote, CR or LF. */
function csvRow(fields: readonly string[]): string {
  return `${fields.map((field) => (/[",\r\n]/.test(field) ? `"${field.replace(/"/g, '""')}"` : field)).join(',')}\r\n`;
}
