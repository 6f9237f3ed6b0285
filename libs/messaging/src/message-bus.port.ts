import type { StoredEvent } from '@followup/event-store';

/**
 * Carries committed events to consumers (projector, notifier, other county systems).
 * Guarantees every adapter keeps (see `testing/message-bus.contract.ts`):
 * per-stream order, at-least-once delivery, and a consumer group's progress advances
 * only past events its handler has finished.
 */
export type EventHandler = (event: StoredEvent) => Promise<void>;

/** Handles several events of one group in delivery order; all of them count as handled once it resolves. */
export type EventBatchHandler = (events: readonly StoredEvent[]) => Promise<void>;

export interface SubscribeOptions {
  /** Consumer group: each group receives every event once it is subscribed; members of one group share them. */
  readonly group: string;
  readonly handler: EventHandler;
  /**
   * Optional: a bus that can hand every event waiting for the group to this in one call instead
   * (the in-process bus does), so a consumer can write their effects at once. A bus without
   * batches calls `handler`; the guarantees above hold either way.
   */
  readonly batchHandler?: EventBatchHandler;
  /** Where a group with no recorded progress begins. */
  readonly fromBeginning?: boolean;
  /**
   * The handlers may run for different streams at once: a bus that splits streams over partitions
   * (Kafka) then hands each partition's runs over beside the others', each partition still in
   * order. Without it, one call at a time.
   */
  readonly streamsInParallel?: boolean;
}

export interface Subscription {
  stop(): Promise<void>;
}

export interface MessageBus {
  /**
   * Resolves once the bus has accepted the events: Kafka, when the brokers acknowledged them
   * durably; the in-process bus, when they are queued in memory, before any consumer has
   * handled them (so a writer that needs its view updated waits on the read model itself).
   */
  publish(events: readonly StoredEvent[]): Promise<void>;
  subscribe(options: SubscribeOptions): Promise<Subscription>;
  /** Answers when the bus is reachable (health checks). */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export const MESSAGE_BUS = Symbol('MESSAGE_BUS');

/**
 * Consumer groups carry the topic prefix (KAFKA_TOPIC_PREFIX): environments that share a
 * cluster must not share a group, or one environment's members take the other's partitions.
 */
export const consumerGroupName = (topicPrefix: string, group: string): string => `${topicPrefix}${group}`;
