import {
  Kafka,
  Partitioners,
  logLevel as KafkaLogLevel,
  type Admin,
  type Message,
  type Producer,
  type RetryOptions,
} from 'kafkajs';
import type { StoredEvent } from '@followup/event-store';
import type { MessageBus, SubscribeOptions, Subscription } from '../message-bus.port';
import { errorMessage, withTimeout } from './kafka-async';
import { alertsTopicName, DEFAULT_CLOUDEVENTS_SOURCE, eventsTopicName, toKafkaMessage } from './kafka-cloudevents';
import {
  consoleLogCreator,
  DEFAULT_RETRY,
  type KafkaConsumerTuning,
  type KafkaMessageBusOptions,
} from './kafka-options';
import { KafkaSubscription } from './kafka-subscription';

export {
  ALERTS_TOPIC,
  alertsTopicName,
  CLOUDEVENTS_TYPE_PREFIX,
  cloudEventType,
  decodeStoredEvent,
  DEFAULT_CLOUDEVENTS_SOURCE,
  EVENTS_TOPIC,
  eventsTopicName,
  KAFKA_EVENT_HEADERS,
  toKafkaMessage,
} from './kafka-cloudevents';
export type { KafkaConsumerTuning, KafkaMessageBusOptions } from './kafka-options';

/** publish() failed: the broker did not acknowledge the events (nothing about them is known to be delivered). */
export class KafkaPublishError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'KafkaPublishError';
  }
}

// ---------------------------------------------------------------------------------------------
// The adapter
// ---------------------------------------------------------------------------------------------

/**
 * MessageBus on Apache Kafka (kafkajs). Guarantees (see `testing/message-bus.contract.ts`):
 * - publish: one record per event on `${topicPrefix}followup.events.v1`, key = stream id, so all
 *   events of an initiative land in one partition in order. Idempotent producer, acks=all, at most
 *   one request in flight: publish resolves only once every in-sync replica has the events.
 * - subscribe: one kafkajs consumer per subscription in the given group. Partitions are handled
 *   one record at a time, or, with a `batchHandler`, in runs of consecutive records of a partition
 *   (up to 500, one call each); offsets are never auto-committed: once handlers have succeeded,
 *   offset+1 of the last handled record is committed (`commitOffsets`, every 20 records or after
 *   each run, at the end of a batch and before a retry), so a group's progress only passes handled
 *   events. When the handler throws, the consumer seeks the partition back to that record (a run's
 *   first record) and pauses it for a backoff (doubling up to `maxRetryDelayMs`); on resume the
 *   record is fetched again and handed to the handler before any later record of that partition.
 *   Other partitions keep flowing meanwhile. A consumer that shows no sign of life for `stallTimeoutMs` is
 *   replaced by a new one, so consumption resumes after any outage once the broker is back.
 *   Delivery is at-least-once (a rebalance or crash between handler and commit repeats
 *   the records since the last commit), so handlers are idempotent by stream + version.
 */
export class KafkaMessageBus implements MessageBus {
  readonly topic: string;
  private readonly kafka: Kafka;
  private readonly source: string;
  private readonly partitions: number;
  private readonly replicationFactor: number;
  private readonly retry: RetryOptions;
  private readonly publishTimeoutMs: number;
  private readonly pingTimeoutMs: number;
  private readonly consumerTuning: Required<KafkaConsumerTuning>;
  private producer: Promise<Producer> | null = null;
  private admin: Promise<Admin> | null = null;
  private readonly topicsReady = new Map<string, Promise<void>>();
  private readonly subscriptions = new Set<KafkaSubscription>();
  private closed = false;

  constructor(private readonly options: KafkaMessageBusOptions) {
    if (options.brokers.length === 0) throw new Error('KafkaMessageBus needs at least one broker');
    this.topic = eventsTopicName(options.topicPrefix ?? '');
    this.source = options.source ?? DEFAULT_CLOUDEVENTS_SOURCE;
    this.partitions = options.partitions ?? 3;
    this.replicationFactor = options.replicationFactor ?? 1;
    this.retry = { ...DEFAULT_RETRY, ...options.retry };
    this.publishTimeoutMs = options.publishTimeoutMs ?? 30_000;
    this.pingTimeoutMs = options.pingTimeoutMs ?? 3_000;
    const c = options.consumer ?? {};
    const sessionTimeout = c.sessionTimeout ?? 8_000;
    const rebalanceTimeout = c.rebalanceTimeout ?? 60_000;
    this.consumerTuning = {
      sessionTimeout,
      heartbeatInterval: c.heartbeatInterval ?? 1_000,
      rebalanceTimeout,
      maxWaitTimeInMs: c.maxWaitTimeInMs ?? 1_000,
      partitionsConsumedConcurrently: c.partitionsConsumedConcurrently ?? 1,
      retryDelayMs: c.retryDelayMs ?? 500,
      maxRetryDelayMs: c.maxRetryDelayMs ?? 5_000,
      joinTimeoutMs: c.joinTimeoutMs ?? Math.max(sessionTimeout, rebalanceTimeout) + 15_000,
      stallTimeoutMs: c.stallTimeoutMs ?? Math.max(30_000, sessionTimeout + 5_000),
      progressTimeoutMs: c.progressTimeoutMs ?? Math.max(12_000, sessionTimeout + 4_000),
    };
    this.kafka = new Kafka({
      clientId: options.clientId,
      brokers: [...options.brokers],
      logLevel: options.logLevel ?? KafkaLogLevel.WARN,
      logCreator: options.logCreator ?? consoleLogCreator,
      connectionTimeout: options.connectionTimeout ?? 3_000,
      requestTimeout: options.requestTimeout ?? 30_000,
      retry: this.retry,
    });
  }

  /** Name of the alerts topic with this bus's prefix. */
  get alertsTopic(): string {
    return alertsTopicName(this.options.topicPrefix ?? '');
  }

  async publish(events: readonly StoredEvent[]): Promise<void> {
    this.assertOpen();
    if (events.length === 0) return;
    await this.sendRecords(
      this.topic,
      events.map((e) => toKafkaMessage(e, this.source)),
      `${events.length} event(s)`,
    );
  }

  /**
   * Sends records to one of this bus's topics (the events topic, or a sibling such as the
   * alerts topic) with the same idempotent, acks=all producer; creates the topic on first use.
   */
  async sendRecords(topic: string, messages: Message[], what = `${messages.length} record(s)`): Promise<void> {
    this.assertOpen();
    if (messages.length === 0) return;
    const description = `publishing ${what} to Kafka topic ${topic} (brokers ${this.options.brokers.join(',')})`;
    let producer: Promise<Producer> | undefined;
    try {
      await this.ensureTopic(topic);
      const send = (async () => {
        producer = this.getProducer();
        return (await producer).send({ topic, acks: -1, messages });
      })();
      await withTimeout(send, this.publishTimeoutMs, description);
    } catch (error) {
      // A fresh producer (new producer id) next time: the old one may hold sequence numbers of a
      // request whose fate is unknown, and its retries may still be running.
      if (producer) await this.resetProducer(producer);
      throw new KafkaPublishError(`${description} failed: ${errorMessage(error)}`, { cause: error });
    }
  }

  async subscribe({
    group,
    handler,
    batchHandler,
    fromBeginning,
    streamsInParallel,
  }: SubscribeOptions): Promise<Subscription> {
    this.assertOpen();
    await this.ensureTopic(this.topic);
    const subscription = new KafkaSubscription(this.kafka, {
      topic: this.topic,
      group,
      handler,
      batchHandler,
      fromBeginning: fromBeginning ?? false,
      retry: this.retry,
      tuning: streamsInParallel
        ? {
            ...this.consumerTuning,
            partitionsConsumedConcurrently: Math.max(
              this.partitions,
              this.consumerTuning.partitionsConsumedConcurrently,
            ),
          }
        : this.consumerTuning,
      onStopped: (s) => this.subscriptions.delete(s),
    });
    this.subscriptions.add(subscription);
    try {
      await subscription.start();
    } catch (error) {
      await subscription.stop();
      throw error;
    }
    return subscription;
  }

  async ping(): Promise<void> {
    this.assertOpen();
    try {
      const probe = (async () => {
        const admin = await this.getAdmin();
        await admin.describeCluster();
      })();
      await withTimeout(probe, this.pingTimeoutMs, 'Kafka ping');
    } catch (error) {
      await this.resetAdmin();
      throw new Error(`Kafka is not reachable at ${this.options.brokers.join(',')}: ${errorMessage(error)}`, {
        cause: error,
      });
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.allSettled([...this.subscriptions].map((s) => s.stop()));
    await Promise.allSettled([this.resetProducer(), this.resetAdmin()]);
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('message bus is closed');
  }

  /** Creates a topic on first use; an existing topic (created by anyone) is fine. */
  private ensureTopic(topic: string): Promise<void> {
    const known = this.topicsReady.get(topic);
    if (known) return known;
    const ready = (async () => {
      const admin = await this.getAdmin();
      const existing = await admin.listTopics();
      if (existing.includes(topic)) return;
      try {
        await admin.createTopics({
          waitForLeaders: true,
          topics: [{ topic, numPartitions: this.partitions, replicationFactor: this.replicationFactor }],
        });
        // createTopics resolves false when the topic already exists.
      } catch (error) {
        // A concurrent creator can win between listTopics and createTopics.
        if (!(await admin.listTopics()).includes(topic)) throw error;
      }
    })().catch((error: unknown) => {
      this.topicsReady.delete(topic);
      throw new Error(`creating Kafka topic ${topic} failed: ${errorMessage(error)}`, { cause: error });
    });
    this.topicsReady.set(topic, ready);
    return ready;
  }

  private getProducer(): Promise<Producer> {
    this.producer ??= (async () => {
      const producer = this.kafka.producer({
        idempotent: true,
        maxInFlightRequests: 1,
        allowAutoTopicCreation: false,
        // Explicit partitioner (murmur2, Java-compatible): also silences KAFKAJS_NO_PARTITIONER_WARNING.
        createPartitioner: Partitioners.DefaultPartitioner,
        retry: this.retry,
      });
      await producer.connect();
      return producer;
    })().catch((error: unknown) => {
      this.producer = null;
      throw error;
    });
    return this.producer;
  }

  /** Drops the producer (only `which`, when given: a concurrent publish may already have replaced it). */
  private async resetProducer(which?: Promise<Producer>): Promise<void> {
    const pending = this.producer;
    if (!pending || (which && pending !== which)) return;
    this.producer = null;
    try {
      await (await pending).disconnect();
    } catch {
      // connect failed or the connection is already gone
    }
  }

  private getAdmin(): Promise<Admin> {
    this.admin ??= (async () => {
      const admin = this.kafka.admin({ retry: this.retry });
      await admin.connect();
      return admin;
    })().catch((error: unknown) => {
      this.admin = null;
      throw error;
    });
    return this.admin;
  }

  private async resetAdmin(): Promise<void> {
    const pending = this.admin;
    this.admin = null;
    if (!pending) return;
    try {
      await (await pending).disconnect();
    } catch {
      // connect failed or the connection is already gone
    }
  }
}
