import type { Consumer, EachBatchPayload, Kafka, RetryOptions } from 'kafkajs';
import type { EventHandler, Subscription } from '../message-bus.port';
import { errorMessage, withTimeout } from './kafka-async';
import { decodeStoredEvent } from './kafka-cloudevents';
import type { KafkaConsumerTuning } from './kafka-options';

export interface KafkaSubscriptionOptions {
  readonly topic: string;
  readonly group: string;
  readonly handler: EventHandler;
  readonly fromBeginning: boolean;
  readonly retry: RetryOptions;
  readonly tuning: Required<KafkaConsumerTuning>;
  readonly onStopped: (s: KafkaSubscription) => void;
}

/** One kafkajs consumer in one group; see KafkaMessageBus for the delivery rules. */
export class KafkaSubscription implements Subscription {
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
