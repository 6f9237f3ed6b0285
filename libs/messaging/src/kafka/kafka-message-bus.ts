import {
  Kafka,
  Partitioners,
  logLevel as KafkaLogLevel,
  type Admin,
  type Consumer,
  type EachBatchPayload,
  type IHeaders,
  type KafkaMessage,
  type Message,
  type Producer,
  type RetryOptions,
  type logCreator as KafkaLogCreator,
} from 'kafkajs';
import type { StoredEvent } from '@followup/event-store';
import type { EventHandler, MessageBus, SubscribeOptions, Subscription } from '../message-bus.port';

// ---------------------------------------------------------------------------------------------
// Topics and the wire format (API.md "Kafka")
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

// ---------------------------------------------------------------------------------------------
// Options
// ---------------------------------------------------------------------------------------------

export interface KafkaConsumerTuning {
  /** Broker drops a member that sent no heartbeat for this long (broker bounds: 6 s .. 300 s by default). Default 30000. */
  readonly sessionTimeout?: number;
  /** Default 3000; must be well below sessionTimeout. */
  readonly heartbeatInterval?: number;
  /** How long the group waits for members to rejoin in a rebalance. Default 60000. */
  readonly rebalanceTimeout?: number;
  /** Long-poll time of a fetch; also bounds how long stop() and a resume after a retry wait. Default 1000. */
  readonly maxWaitTimeInMs?: number;
  /** Partitions handled in parallel by one consumer (each partition stays sequential). Default 1. */
  readonly partitionsConsumedConcurrently?: number;
  /** First wait before a failed event is fetched and handled again; doubles per failure. Default 500. */
  readonly retryDelayMs?: number;
  /** Upper bound of that wait. Default 30000. */
  readonly maxRetryDelayMs?: number;
  /**
   * subscribe() rejects when the consumer has not joined its group within this time. Default
   * max(sessionTimeout, rebalanceTimeout) + 15000: a join legitimately waits that long for members
   * that are gone without leaving (a process killed and restarted at once waits a whole session
   * timeout for its former self), so a shorter bound fails such restarts.
   */
  readonly joinTimeoutMs?: number;
}

export interface KafkaMessageBusOptions {
  readonly brokers: readonly string[];
  readonly clientId: string;
  /** Prepended to every topic name (tests, several environments on one cluster). Default ''. */
  readonly topicPrefix?: string;
  /** CloudEvents `source`. Default '/followup'. */
  readonly source?: string;
  /** Partitions of the events topic when this bus creates it. Default 3. */
  readonly partitions?: number;
  /** Replication factor when this bus creates the topic. Default 1 (single local broker). */
  readonly replicationFactor?: number;
  /** kafkajs log level. Default WARN. */
  readonly logLevel?: KafkaLogLevel;
  /** Replaces the default console logger of kafkajs. */
  readonly logCreator?: KafkaLogCreator;
  /**
   * Retries of the producer (per publish), admin and consumer (before a restart). Default
   * `{ retries: 5, initialRetryTime: 300, maxRetryTime: 5000 }`: a publish survives a broker
   * restart of several seconds and rejects after roughly 10 s of outage, so the outbox keeps the commit.
   */
  readonly retry?: RetryOptions;
  /** TCP connect timeout. Default 3000. */
  readonly connectionTimeout?: number;
  /** Timeout of one request to the broker. Default 30000. */
  readonly requestTimeout?: number;
  /** publish() rejects when the broker has not acknowledged within this time. Default 30000. */
  readonly publishTimeoutMs?: number;
  /** ping() rejects after this long. Default 3000. */
  readonly pingTimeoutMs?: number;
  readonly consumer?: KafkaConsumerTuning;
}

/** publish() failed: the broker did not acknowledge the events (nothing about them is known to be delivered). */
export class KafkaPublishError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'KafkaPublishError';
  }
}

const DEFAULT_RETRY: RetryOptions = { retries: 5, initialRetryTime: 300, maxRetryTime: 5_000 };

/**
 * kafkajs warns every time an idempotent producer is created with bounded retries. Bounding them is
 * deliberate here: publish() must reject while the broker is down so the outbox keeps the commit, and
 * after a failed publish the producer is replaced (new producer id), so no sequence numbers are
 * reused; a republished event may then arrive twice, which consumers absorb (idempotent by stream+version).
 */
const SUPPRESSED_LOGS = [/^Limiting retries for the idempotent producer/];

/**
 * kafkajs's Connection logs every error response at ERROR level, including REBALANCE_IN_PROGRESS
 * answers to heartbeats and commits, which are routine (a member joined or left) and handled by a
 * rejoin; the Runner reports that once at WARN ("The group is rebalancing, re-joining").
 */
const isRoutineRebalanceResponse = (namespace: string, extra: Record<string, unknown>): boolean =>
  namespace === 'Connection' && typeof extra['error'] === 'string' && /group is rebalancing/.test(extra['error']);

const consoleLogCreator: KafkaLogCreator =
  () =>
  ({ namespace, level, label, log }) => {
    const { message, timestamp, ...extra } = log;
    if (SUPPRESSED_LOGS.some((re) => re.test(message))) return;
    if (isRoutineRebalanceResponse(namespace, extra)) return;
    const details = Object.keys(extra).length > 0 ? ` ${JSON.stringify(extra)}` : '';
    const line = `${timestamp} ${label} [kafkajs${namespace ? `:${namespace}` : ''}] ${message}${details}`;
    if (level <= KafkaLogLevel.ERROR) console.error(line);
    else if (level === KafkaLogLevel.WARN) console.warn(line);
    else console.log(line);
  };

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Races a promise against a timer; the loser's rejection is swallowed so it never surfaces as unhandled. */
async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
  });
  promise.catch(() => undefined);
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
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
 *   one record at a time; offsets are never auto-committed: after the handler of a record has
 *   succeeded, offset+1 is committed (`commitOffsets`), so a group's progress only passes handled
 *   events. When the handler throws, the consumer seeks the partition back to that record and
 *   pauses it for a backoff (doubling up to `maxRetryDelayMs`); on resume the record is fetched
 *   again and handed to the handler before any later record of that partition. Other partitions
 *   keep flowing meanwhile. Delivery is at-least-once (a rebalance or crash between handler and
 *   commit repeats the record), so handlers are idempotent by stream + version.
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
    this.consumerTuning = {
      sessionTimeout: c.sessionTimeout ?? 30_000,
      heartbeatInterval: c.heartbeatInterval ?? 3_000,
      rebalanceTimeout: c.rebalanceTimeout ?? 60_000,
      maxWaitTimeInMs: c.maxWaitTimeInMs ?? 1_000,
      partitionsConsumedConcurrently: c.partitionsConsumedConcurrently ?? 1,
      retryDelayMs: c.retryDelayMs ?? 500,
      maxRetryDelayMs: c.maxRetryDelayMs ?? 30_000,
      joinTimeoutMs: c.joinTimeoutMs ?? Math.max(c.sessionTimeout ?? 30_000, c.rebalanceTimeout ?? 60_000) + 15_000,
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

  async subscribe({ group, handler, fromBeginning }: SubscribeOptions): Promise<Subscription> {
    this.assertOpen();
    await this.ensureTopic(this.topic);
    const subscription = new KafkaSubscription(this.kafka, {
      topic: this.topic,
      group,
      handler,
      fromBeginning: fromBeginning ?? false,
      retry: this.retry,
      tuning: this.consumerTuning,
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

interface KafkaSubscriptionOptions {
  readonly topic: string;
  readonly group: string;
  readonly handler: EventHandler;
  readonly fromBeginning: boolean;
  readonly retry: RetryOptions;
  readonly tuning: Required<KafkaConsumerTuning>;
  readonly onStopped: (s: KafkaSubscription) => void;
}

/** One kafkajs consumer in one group; see KafkaMessageBus for the delivery rules. */
class KafkaSubscription implements Subscription {
  private consumer: Consumer | null = null;
  private stopped = false;
  private stopping: Promise<void> | null = null;
  /** Partition -> timer that resumes it after a failed record. */
  private readonly resumeTimers = new Map<number, NodeJS.Timeout>();
  /** Partition -> failures in a row of its current record (for the backoff). */
  private readonly failures = new Map<number, number>();
  private restartTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly kafka: Kafka,
    private readonly o: KafkaSubscriptionOptions,
  ) {}

  /** Resolves once the consumer has joined its group (and, from-now groups, fixed their start offsets). */
  async start(): Promise<void> {
    const consumer = this.createConsumer();
    let removeJoin = (): void => undefined;
    let removeFetch = (): void => undefined;
    const joined = new Promise<void>((resolve) => {
      removeJoin = consumer.on(consumer.events.GROUP_JOIN, () => resolve());
    });
    // A group without committed offsets resolves "latest" on its first fetch; wait for it, so that
    // every event published after subscribe() resolved is delivered.
    const fetched = new Promise<void>((resolve) => {
      removeFetch = consumer.on(consumer.events.FETCH, () => resolve());
    });
    try {
      await consumer.connect();
      await consumer.subscribe({ topics: [this.o.topic], fromBeginning: this.o.fromBeginning });
      await consumer.run(this.runConfig(consumer));
      await withTimeout(joined, this.o.tuning.joinTimeoutMs, `joining Kafka consumer group ${this.o.group}`);
      if (!this.o.fromBeginning) {
        await withTimeout(fetched, this.o.tuning.maxWaitTimeInMs + 5_000, 'first fetch').catch(() => undefined);
      }
    } finally {
      removeJoin();
      removeFetch();
    }
  }

  stop(): Promise<void> {
    this.stopping ??= (async () => {
      this.stopped = true;
      clearTimeout(this.restartTimer);
      for (const timer of this.resumeTimers.values()) clearTimeout(timer);
      this.resumeTimers.clear();
      const consumer = this.consumer;
      this.consumer = null;
      try {
        // Waits for the record being handled, then leaves the group (LeaveGroup), so the
        // partitions move to the remaining members without waiting for the session timeout.
        await consumer?.disconnect();
      } finally {
        this.o.onStopped(this);
      }
    })();
    return this.stopping;
  }

  private createConsumer(): Consumer {
    const t = this.o.tuning;
    const consumer = this.kafka.consumer({
      groupId: this.o.group,
      sessionTimeout: t.sessionTimeout,
      heartbeatInterval: t.heartbeatInterval,
      rebalanceTimeout: t.rebalanceTimeout,
      maxWaitTimeInMs: t.maxWaitTimeInMs,
      allowAutoTopicCreation: false,
      retry: {
        ...this.o.retry,
        // kafkajs restarts the consumer after a retriable crash (broker gone for longer than the retries).
        restartOnFailure: async () => !this.stopped,
      },
    });
    // A crash kafkajs does not restart itself (non-retriable error): start a new consumer.
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      if (payload.restart || this.stopped || this.consumer !== consumer) return;
      consumer.logger().error('consumer crashed and was not restarted; starting a new one', {
        groupId: this.o.group,
        error: errorMessage(payload.error),
      });
      this.scheduleRestart();
    });
    this.consumer = consumer;
    return consumer;
  }

  private scheduleRestart(): void {
    clearTimeout(this.restartTimer);
    this.restartTimer = setTimeout(() => {
      void (async () => {
        if (this.stopped) return;
        const old = this.consumer;
        await old?.disconnect().catch(() => undefined);
        if (this.stopped) return;
        const consumer = this.createConsumer();
        try {
          await consumer.connect();
          await consumer.subscribe({ topics: [this.o.topic], fromBeginning: this.o.fromBeginning });
          await consumer.run(this.runConfig(consumer));
        } catch {
          this.scheduleRestart();
        }
      })();
    }, this.o.tuning.retryDelayMs);
  }

  private runConfig(consumer: Consumer): Parameters<Consumer['run']>[0] {
    return {
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: this.o.tuning.partitionsConsumedConcurrently,
      eachBatch: (payload) => this.handleBatch(consumer, payload),
    };
  }

  /**
   * Records of one partition, strictly one after another. Success: resolve (next fetch position)
   * and commit offset+1. Failure: seek back to the record, pause the partition, resume after a
   * backoff; the rest of this batch is dropped (kafkajs marks it stale after the seek) and fetched
   * again after the failed record.
   */
  private async handleBatch(
    consumer: Consumer,
    { batch, resolveOffset, heartbeat, isRunning, isStale }: EachBatchPayload,
  ): Promise<void> {
    const { topic, partition } = batch;
    for (const message of batch.messages) {
      if (this.stopped || !isRunning() || isStale()) return;
      try {
        await this.o.handler(decodeStoredEvent(message));
      } catch (error) {
        this.retryLater(consumer, topic, partition, message.offset, error);
        return;
      }
      this.failures.delete(partition);
      resolveOffset(message.offset);
      await consumer.commitOffsets([{ topic, partition, offset: (BigInt(message.offset) + 1n).toString() }]);
      await heartbeat();
    }
  }

  private retryLater(consumer: Consumer, topic: string, partition: number, offset: string, error: unknown): void {
    const attempt = (this.failures.get(partition) ?? 0) + 1;
    this.failures.set(partition, attempt);
    const t = this.o.tuning;
    const delay = Math.min(t.retryDelayMs * 2 ** Math.min(attempt - 1, 20), t.maxRetryDelayMs);
    consumer.logger().warn('event handler failed; the record will be handled again', {
      groupId: this.o.group,
      topic,
      partition,
      offset,
      attempt,
      retryInMs: delay,
      error: errorMessage(error),
    });
    consumer.seek({ topic, partition, offset });
    consumer.pause([{ topic, partitions: [partition] }]);
    clearTimeout(this.resumeTimers.get(partition));
    this.resumeTimers.set(
      partition,
      setTimeout(() => {
        this.resumeTimers.delete(partition);
        if (!this.stopped && this.consumer === consumer) consumer.resume([{ topic, partitions: [partition] }]);
      }, delay),
    );
  }
}
