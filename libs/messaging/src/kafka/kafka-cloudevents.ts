import type { IHeaders, KafkaMessage, Message } from 'kafkajs';
import type { StoredEvent } from '@followup/event-store';

// ---------------------------------------------------------------------------------------------
// Topics and the wire format: CloudEvents 1.0 over Kafka, binary content mode
// ---------------------------------------------------------------------------------------------

export const EVENTS_TOPIC = 'followup.events.v1';
export const ALERTS_TOPIC = 'followup.alerts.v1';

/** `${prefix}followup.events.v1`: one message per event, key = initiative (stream) id. */
export const eventsTopicName = (topicPrefix = ''): string => `${topicPrefix}${EVENTS_TOPIC}`;
/** `${prefix}followup.alerts.v1`: one message per alert, key = initiative id. */
export const alertsTopicName = (topicPrefix = ''): string => `${topicPrefix}${ALERTS_TOPIC}`;

export const DEFAULT_CLOUDEVENTS_SOURCE = '/followup';

/**
 * `ce_type` is the domain event type behind a reverse-DNS prefix, as the CloudEvents spec
 * recommends (`InitiativeRegistered` -> `no.followup.InitiativeRegistered`), so the type is
 * unique among everything else on the county's Kafka. The bare type stays in the JSON value
 * (`type`), which is what the projector and `decodeStoredEvent` use.
 */
export const CLOUDEVENTS_TYPE_PREFIX = 'no.followup.';
export const cloudEventType = (eventType: string): string => `${CLOUDEVENTS_TYPE_PREFIX}${eventType}`;

/**
 * Header names, CloudEvents 1.0 Kafka protocol binding, binary content mode: the value is the
 * event itself (`application/json`), the attributes travel as `ce_`-prefixed headers. Extension
 * attribute names are lowercase alphanumerics only, hence `ce_streamversion`, `ce_correlationid`,
 * `ce_position`; `stream-version` repeats the stream version for consumers that ignore `ce_*`.
 */
export const KAFKA_EVENT_HEADERS = {
  specversion: 'ce_specversion',
  id: 'ce_id',
  source: 'ce_source',
  type: 'ce_type',
  time: 'ce_time',
  subject: 'ce_subject',
  contentType: 'content-type',
  streamVersion: 'ce_streamversion',
  streamVersionPlain: 'stream-version',
  correlationId: 'ce_correlationid',
  position: 'ce_position',
} as const;

/** The Kafka record for one stored event: key = stream id, value = the StoredEvent as JSON. */
export function toKafkaMessage(event: StoredEvent, source = DEFAULT_CLOUDEVENTS_SOURCE): Message {
  const h = KAFKA_EVENT_HEADERS;
  const headers: IHeaders = {
    [h.specversion]: '1.0',
    [h.id]: event.eventId,
    [h.source]: source,
    [h.type]: cloudEventType(event.type),
    [h.time]: event.recordedAt,
    [h.subject]: event.streamId,
    [h.contentType]: 'application/json',
    [h.streamVersion]: String(event.streamVersion),
    [h.streamVersionPlain]: String(event.streamVersion),
    [h.correlationId]: event.correlationId,
    [h.position]: String(event.position),
  };
  return { key: event.streamId, value: JSON.stringify(event), headers };
}

/** Reads the StoredEvent back from a record's value; throws when it is missing or not an event. */
export function decodeStoredEvent(message: Pick<KafkaMessage, 'value'>): StoredEvent {
  if (!message.value) throw new Error('Kafka record has no value');
  const parsed: unknown = JSON.parse(message.value.toString('utf8'));
  if (!isStoredEvent(parsed)) throw new Error('Kafka record value is not a stored event');
  return parsed;
}

function isStoredEvent(value: unknown): value is StoredEvent {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v['eventId'] === 'string' &&
    typeof v['streamId'] === 'string' &&
    typeof v['type'] === 'string' &&
    typeof v['streamVersion'] === 'number' &&
    typeof v['position'] === 'number'
  );
}
