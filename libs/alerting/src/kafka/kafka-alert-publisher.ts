import type { AlertEventRecord } from '../model';
import { presentAlertEvent } from '../present';
import type { NotificationSender, OutgoingNotification, SendResult } from '../engine/senders';

/** One record on the alerts topic. */
export interface AlertTopicRecord {
  readonly key: string;
  readonly value: string;
  readonly headers: Record<string, string>;
}

/**
 * Where alert records go: the Kafka bus's producer (`KafkaMessageBus` fits). The shell builds
 * the publisher from it, so this library never depends on the Kafka adapter itself.
 */
export interface AlertRecordSink {
  readonly alertsTopic: string;
  sendRecords(topic: string, records: AlertTopicRecord[], what: string): Promise<void>;
}

/** The Kafka record of one alert event: key = initiative id, value = the event as JSON, CloudEvents headers. */
export function toAlertMessage(event: AlertEventRecord): AlertTopicRecord {
  return {
    key: event.initiativeId,
    value: JSON.stringify(presentAlertEvent(event)),
    headers: {
      ce_specversion: '1.0',
      ce_id: event.id,
      ce_source: '/followup/notifier',
      ce_type: `no.followup.alert.${event.kind}`,
      ce_time: event.at,
      ce_subject: event.alertId,
      'content-type': 'application/json',
    },
  };
}

/**
 * Publishes raised and resolved alerts on `${prefix}followup.alerts.v1` (one record per alert
 * event, key = initiative id) through the events bus's idempotent, acks=all producer. A record
 * is claimed like any other delivery, so several notifier instances publish it once
 * (at-least-once if an instance dies between the broker's acknowledgement and recording it;
 * `ce_id` lets consumers deduplicate).
 */
export class KafkaAlertPublisher implements NotificationSender {
  constructor(private readonly sink: AlertRecordSink) {}

  get topic(): string {
    return this.sink.alertsTopic;
  }

  async send(outgoing: OutgoingNotification): Promise<SendResult> {
    await this.sink.sendRecords(
      this.topic,
      outgoing.events.map(toAlertMessage),
      `${outgoing.events.length} alert event(s)`,
    );
    return { ok: true, statusCode: null, error: null };
  }
}
