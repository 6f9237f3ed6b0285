import type { Consumer, EachBatchPayload, Kafka, RetryOptions } from 'kafkajs';
import { PendingWork } from '@followup/platform';
import type { EventBatchHandler, EventHandler, Subscription } from '../message-bus.port';
import { errorMessage, withTimeout } from './kafka-async';
import { decodeStoredEvent } from './kafka-cloudevents';
import { consumerGroupLag } from './kafka-group-lag';
import type { KafkaConsumerTuning } from './kafka-options';

export interface KafkaSubscriptionOptions {
  readonly topic: string;
  readonly group: string;
  readonly handler: EventHandler;
  /** Given: each partition's records go to it in runs of up to MAX_RUN instead of one at a time. */
  readonly batchHandler?: EventBatchHandler;
  readonly fromBeginning: boolean;
  readonly retry: RetryOptions;
  readonly tuning: Required<KafkaConsumerTuning>;
  readonly onStopped: (s: KafkaSubscription) => void;
}

/** Handled records between two commits: a crash repeats at most this many (handlers are idempotent). */
const COMMIT_EVERY = 20;
/** Records of one partition handed to a batch handler in one call (bounds its memory and its retries). */
const MAX_RUN = 500;
/**
 * How long a replacement waits for its predecessor to leave the group. One that has not left by
 * then is busy or hung, and waiting longer only puts off its successor's join; its disconnect
 * goes on meanwhile, and it is asked again at the next replacement.
 */
const DISCONNECT_WAIT_MS = 1_500;

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
  private watchdog: NodeJS.Timeout | undefined;
  /** Last sign of life of the current consumer (fetch, heartbeat, join, batch, commit). */
  private lastActivity = Date.now();
  /** Last record handed to the handler (a consumer can fetch forever and deliver nothing). */
  private lastBatch = Date.now();
  private checkingLag = false;
  private replacing = false;
  /**
   * Handler calls not yet settled, of the current consumer or of one replaced meanwhile. A new
   * consumer starts only once they have settled: the same records would otherwise be handled twice
   * at once, and two writers of one view race on a store whose compare-and-set is not atomic.
   */
  private readonly handling = new PendingWork();
  /** Replaced consumers whose disconnect did not finish in time: asked again at each replacement and on stop. */
  private readonly abandoned = new Set<Consumer>();
  /** A replacement under way, and disconnects of replaced consumers that joined again: stop() waits for both. */
  private restarting: Promise<void> | null = null;
  private readonly leaving = new PendingWork();

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
      this.startWatchdog();
    } finally {
      removeJoin();
      removeFetch();
    }
  }

  stop(): Promise<void> {
    this.stopping ??= (async () => {
      this.stopped = true;
      clearTimeout(this.restartTimer);
      clearInterval(this.watchdog);
      for (const timer of this.resumeTimers.values()) clearTimeout(timer);
      this.resumeTimers.clear();
      try {
        await this.restarting; // it sees `stopped` and starts no consumer
        const consumer = this.consumer;
        this.consumer = null;
        // Consumers abandoned earlier get up to a session timeout now: nothing should run after stop.
        await this.disconnectReplaced(null, this.o.tuning.sessionTimeout);
        await this.leaving.settled();
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
    const consumer: Consumer = this.kafka.consumer({
      groupId: this.o.group,
      sessionTimeout: t.sessionTimeout,
      heartbeatInterval: t.heartbeatInterval,
      rebalanceTimeout: t.rebalanceTimeout,
      maxWaitTimeInMs: t.maxWaitTimeInMs,
      allowAutoTopicCreation: false,
      retry: {
        ...this.o.retry,
        // Patient and quick: a consumer that reconnects within a second of the broker's return
        // keeps its member id, which the restarted broker still knows, so it resumes at once
        // instead of waiting as a new member for its former self to expire.
        retries: Math.max(this.o.retry.retries ?? 0, 30),
        maxRetryTime: Math.min(this.o.retry.maxRetryTime ?? 1_000, 1_000),
        // After a crash (retries ran out) the subscription starts a new consumer itself: a consumer
        // kafkajs restarts cannot be stopped until that restart gives up, and one replaced meanwhile
        // came back into the group beside its successor.
        restartOnFailure: async () => false,
      },
    });
    const { FETCH, HEARTBEAT, GROUP_JOIN, START_BATCH_PROCESS, END_BATCH_PROCESS, COMMIT_OFFSETS } = consumer.events;
    consumer.on(START_BATCH_PROCESS, () => {
      if (this.consumer === consumer) this.lastBatch = Date.now();
    });
    for (const event of [FETCH, HEARTBEAT, GROUP_JOIN, START_BATCH_PROCESS, END_BATCH_PROCESS, COMMIT_OFFSETS])
      consumer.on(event, () => {
        if (this.consumer === consumer) this.lastActivity = Date.now();
      });
    // A consumer replaced while kafkajs was restarting it after a crash came back: the disconnect
    // returned at once, and the restart already under way joined the group later, holding
    // partitions nobody handled. kafkajs restarts none now (restartOnFailure), and should any
    // replaced consumer still join, it is disconnected again.
    consumer.on(GROUP_JOIN, () => {
      if (this.consumer === consumer) return;
      consumer.logger().warn('a replaced consumer joined its group again; disconnecting it', { groupId: this.o.group });
      void this.leaving.track(consumer.disconnect().catch(() => undefined));
    });
    // A crash (kafkajs restarts none, see restartOnFailure): start a new consumer.
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      if (this.stopped || this.consumer !== consumer) return;
      consumer.logger().error('consumer crashed; starting a new one', {
        groupId: this.o.group,
        error: errorMessage(payload.error),
      });
      this.scheduleRestart();
    });
    this.consumer = consumer;
    this.lastActivity = this.lastBatch = Date.now();
    return consumer;
  }

  /**
   * kafkajs can stop consuming without telling: a restart after a crash that itself fails, or a
   * retry loop that outlives the broker's return (no fetch, heartbeat, join, batch or commit for
   * `stallTimeoutMs`); or, after outages and rebalances, fetching on and on while a partition
   * with records waiting is never delivered (no batch for `progressTimeoutMs` although the group
   * lags). Either way the consumer is replaced by a new one, which fetches from the committed
   * offsets.
   */
  private startWatchdog(): void {
    clearInterval(this.watchdog);
    const t = this.o.tuning;
    this.watchdog = setInterval(
      () => {
        if (this.stopped || this.replacing) return;
        const silentMs = Date.now() - this.lastActivity;
        if (silentMs >= t.stallTimeoutMs) return this.replace('shows no sign of life', { silentMs });
        const idleMs = Date.now() - this.lastBatch;
        if (idleMs >= t.progressTimeoutMs && !this.checkingLag) void this.replaceIfLagging(idleMs);
      },
      Math.max(250, Math.floor(Math.min(t.stallTimeoutMs, t.progressTimeoutMs) / 5)),
    );
    this.watchdog.unref();
  }

  private replace(why: string, details: Record<string, unknown>): void {
    this.consumer?.logger().warn(`consumer ${why}; replacing it`, { groupId: this.o.group, ...details });
    this.scheduleRestart(0);
  }

  /** Records beyond the group's committed offsets while no batch comes: the consumer is stuck. */
  private async replaceIfLagging(idleMs: number): Promise<void> {
    this.checkingLag = true;
    try {
      const lag = await consumerGroupLag(this.kafka, this.o.topic, this.o.group, 5_000);
      // Still idle after the check, and still the same consumer: replace it.
      if (lag > 0 && !this.stopped && !this.replacing && Date.now() - this.lastBatch >= idleMs)
        this.replace('delivers nothing although the group lags', { lag, idleMs });
    } catch {
      // The broker cannot be asked (it is down): the liveness check covers that.
    } finally {
      this.checkingLag = false;
    }
  }

  private scheduleRestart(delayMs = this.o.tuning.retryDelayMs): void {
    clearTimeout(this.restartTimer);
    this.replacing = true;
    this.restartTimer = setTimeout(() => {
      const restart = this.restart().finally(() => {
        if (this.restarting === restart) this.restarting = null;
      });
      this.restarting = restart;
    }, delayMs);
  }

  /** Replaces the current consumer; checks `stopped` after every wait, as stop() may come meanwhile. */
  private async restart(): Promise<void> {
    if (this.stopped) return;
    const old = this.consumer;
    this.consumer = null;
    await this.disconnectReplaced(old);
    await this.handling.settled();
    if (this.stopped) return;
    const consumer = this.createConsumer();
    try {
      await consumer.connect();
      if (this.stopped) return; // stop() disconnects this.consumer once this returned
      await consumer.subscribe({ topics: [this.o.topic], fromBeginning: this.o.fromBeginning });
      await consumer.run(this.runConfig(consumer));
      this.replacing = false;
    } catch {
      if (!this.stopped) this.scheduleRestart();
    }
  }

  /**
   * Disconnects `old` and every consumer abandoned before. A hung consumer may not disconnect in
   * time; it is abandoned then (the batch handler ignores it once it is not the current one) and
   * asked again later, so that it cannot stay in the group holding partitions.
   */
  private async disconnectReplaced(old: Consumer | null, waitMs = DISCONNECT_WAIT_MS): Promise<void> {
    const consumers = old ? [...this.abandoned, old] : [...this.abandoned];
    await Promise.all(
      consumers.map(async (consumer) => {
        try {
          await withTimeout(consumer.disconnect(), waitMs, 'disconnecting the consumer');
          this.abandoned.delete(consumer);
        } catch {
          if (!this.abandoned.has(consumer))
            consumer.logger().warn('a replaced consumer did not disconnect in time; asking it again later', {
              groupId: this.o.group,
            });
          this.abandoned.add(consumer);
        }
      }),
    );
  }

  private runConfig(consumer: Consumer): Parameters<Consumer['run']>[0] {
    return {
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: this.o.tuning.partitionsConsumedConcurrently,
      eachBatch: (payload) =>
        this.o.batchHandler
          ? this.handleRuns(consumer, payload, this.o.batchHandler)
          : this.handleBatch(consumer, payload),
    };
  }

  /**
   * Records of one partition, strictly one after another. Success: resolve (next fetch position);
   * offset+1 of the last handled record is committed every COMMIT_EVERY records, at the end of the
   * batch and before a retry, never past a record not handled. Failure: seek back to the record,
   * pause the partition, resume after a backoff; the rest of this batch is dropped (kafkajs marks
   * it stale after the seek) and fetched again after the failed record.
   */
  private async handleBatch(
    consumer: Consumer,
    { batch, resolveOffset, heartbeat, isRunning, isStale }: EachBatchPayload,
  ): Promise<void> {
    const { topic, partition } = batch;
    let handled: string | null = null;
    let uncommitted = 0;
    // A commit refused after a rebalance throws: kafkajs rejoins and fetches from the committed
    // offset, so the records after it are handled again (handlers are idempotent).
    const commit = async (): Promise<void> => {
      if (handled === null) return;
      const offset = (BigInt(handled) + 1n).toString();
      handled = null;
      uncommitted = 0;
      await consumer.commitOffsets([{ topic, partition, offset }]);
    };
    for (const message of batch.messages) {
      if (this.stopped || this.consumer !== consumer || !isRunning() || isStale()) break;
      this.lastBatch = Date.now();
      try {
        await this.tracked(this.o.handler(decodeStoredEvent(message)));
      } catch (error) {
        await commit();
        this.retryLater(consumer, topic, partition, message.offset, error);
        return;
      }
      this.lastActivity = Date.now();
      this.failures.delete(partition);
      resolveOffset(message.offset);
      handled = message.offset;
      if (++uncommitted >= COMMIT_EVERY) await commit();
      await heartbeat();
    }
    await commit();
  }

  /**
   * handleBatch for a batch handler: consecutive records of the partition (up to MAX_RUN) in one
   * call. Success: resolve and commit past the run's last record. Failure: the retry path from the
   * run's FIRST record, so the whole run is handed over again (handlers are idempotent).
   */
  private async handleRuns(
    consumer: Consumer,
    { batch, resolveOffset, heartbeat, isRunning, isStale }: EachBatchPayload,
    batchHandler: EventBatchHandler,
  ): Promise<void> {
    const { topic, partition } = batch;
    for (let from = 0; from < batch.messages.length; from += MAX_RUN) {
      if (this.stopped || this.consumer !== consumer || !isRunning() || isStale()) return;
      const run = batch.messages.slice(from, from + MAX_RUN);
      this.lastBatch = Date.now();
      try {
        await this.tracked(batchHandler(run.map(decodeStoredEvent)));
      } catch (error) {
        this.retryLater(consumer, topic, partition, run[0]!.offset, error);
        return;
      }
      this.lastActivity = Date.now();
      this.failures.delete(partition);
      const last = run[run.length - 1]!.offset;
      resolveOffset(last);
      await consumer.commitOffsets([{ topic, partition, offset: (BigInt(last) + 1n).toString() }]);
      await heartbeat();
    }
  }

  private tracked<T>(call: Promise<T>): Promise<T> {
    return this.handling.track(call);
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
    try {
      consumer.seek({ topic, partition, offset });
      consumer.pause([{ topic, partitions: [partition] }]);
    } catch {
      // kafkajs is between a crash and its restart (no consumer group): the restarted group
      // fetches from the committed offset, which is this record's, and pauses nothing.
      return;
    }
    clearTimeout(this.resumeTimers.get(partition));
    this.resumeTimers.set(
      partition,
      setTimeout(() => {
        this.resumeTimers.delete(partition);
        if (this.stopped || this.consumer !== consumer) return;
        try {
          consumer.resume([{ topic, partitions: [partition] }]);
        } catch {
          // Same: a restarted kafkajs group starts with no partition paused.
        }
      }, delay),
    );
  }
}
