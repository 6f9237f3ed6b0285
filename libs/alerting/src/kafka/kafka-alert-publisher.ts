import { Kafka, Partitioners, logLevel as KafkaLogLevel, type logCreator as KafkaLogCreator, type Producer } from 'kafkajs';
import { alertsTopicName } from '@followup/messaging';
import type { AlertEventRecord } from '../model';
import { presentAlertEvent } from '../present';
import type { NotificationSender, OutgoingNotification, SendResult } from '../engine/senders';

export interface KafkaAlertPublisherOptions {
  readonly brokers: readonly string[];
  readonly clientId: string;
  readonly topicPrefix?: string;
  /** Partitions when this publisher creates the topic. Default 3. */
  readonly partitions?: number;
  readonly replicationFactor?: number;
}

/**
 * kafkajs warns whenever an idempotent producer has bounded retries; bounding them is deliberate
 * (a failed publish is an attempt the dispatcher retries), so that warning is dropped.
 */
const logCreator: KafkaLogCreator = () => ({ namespace, level, log }) => {
  const { message, timestamp, ...extra } = log;
  if (/^Limiting retries for the idempotent producer/.test(message)) return;
  const line = `${timestamp} [kafkajs${namespace ? `:${namespace}` : ''}] ${message}${Object.keys(extra).length ? ` ${JSON.stringify(extra)}` : ''}`;
  if (level <= KafkaLogLevel.ERROR) console.error(line);
  else console.warn(line);
};

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
 * event, key = initiative id). Idempotent producer with acks=all; a record is claimed like
 * any other delivery, so several notifier instances publish it once (at-least-once if an
 * instance dies between the broker's acknowledgement and recording it; `ce_id` lets
 * consumers deduplicate).
 */
export class KafkaAlertPublisher implements NotificationSender {
  readonly topic: string;
  private readonly kafka: Kafka;
  private producer: Promise<Producer> | null = null;
  private topicReady: Promise<void> | null = null;

  constructor(private readonly options: KafkaAlertPublisherOptions) {
    this.topic = alertsTopicName(options.topicPrefix ?? '');
    this.kafka = new Kafka({
      clientId: options.clientId,
      brokers: [...options.brokers],
      logLevel: KafkaLogLevel.WARN,
      logCreator,
      connectionTimeout: 3_000,
      retry: { retries: 5, initialRetryTime: 300, maxRetryTime: 5_000 },
    });
  }

  async send(outgoing: OutgoingNotification): Promise<SendResult> {
    if (outgoing.events.length === 0) return { ok: true, statusCode: null, error: null };
    await this.ensureTopic();
    const producer = await this.getProducer();
    try {
      await producer.send({ topic: this.topic, acks: -1, messages: outgoing.events.map(toAlertMessage) });
    } catch (error) {
      await this.reset();
      throw error;
    }
    return { ok: true, statusCode: null, error: null };
  }

  async close(): Promise<void> {
    await this.reset();
  }

  private ensureTopic(): Promise<void> {
    this.topicReady ??= (async () => {
      const admin = this.kafka.admin();
      await admin.connect();
      try {
        if ((await admin.listTopics()).includes(this.topic)) return;
        await admin
          .createTopics({
            waitForLeaders: true,
            topics: [{ topic: this.topic, numPartitions: this.options.partitions ?? 3, replicationFactor: this.options.replicationFactor ?? 1 }],
          })
          .catch(async (error: unknown) => {
            if (!(await admin.listTopics()).includes(this.topic)) throw error;
          });
      } finally {
        await admin.disconnect().catch(() => undefined);
      }
    })().catch((error: unknown) => {
      this.topicReady = null;
      throw error;
    });
    return this.topicReady;
  }

  private getProducer(): Promise<Producer> {
    this.producer ??= (async () => {
      const producer = this.kafka.producer({
        idempotent: true,
        maxInFlightRequests: 1,
        allowAutoTopicCreation: false,
        createPartitioner: Partitioners.DefaultPartitioner,
      });
      await producer.connect();
      return producer;
    })().catch((error: unknown) => {
      this.producer = null;
      throw error;
    });
    return this.producer;
  }

  private async reset(): Promise<void> {
    const pending = this.producer;
    this.producer = null;
    if (!pending) return;
    try {
      await (await pending).disconnect();
    } catch {
      // never connected, or already gone
    }
  }
}
