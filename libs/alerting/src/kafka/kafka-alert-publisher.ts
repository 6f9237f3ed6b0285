import type { KafkaMessageBus } from '@followup/messaging';
import type { AlertEventRecord } from '../model';
import { presentAlertEvent } from '../present';
import type { NotificationSender, OutgoingNotification, SendResult } from '../engine/senders';

/** The Kafka record of one alert event: key = initiative id, value = the event as JSON, CloudEvents headers. */
export function toAlertMessage(event: AlertEventRecord) {
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
  constructor(private readonly bus: KafkaMessageBus) {}

  get topic(): string {
    return this.bus.alertsTopic;
  }

  async send(outgoing: OutgoingNotification): Promise<SendResult> {
    await this.bus.sendRecords(
      this.topic,
      outgoing.events.map(toAlertMessage),
      `${outgoing.events.length} alert event(s)`,
    );
    return { ok: true, statusCode: null, error: null };
  }
}
