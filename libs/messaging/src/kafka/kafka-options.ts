import { logLevel as KafkaLogLevel, type RetryOptions, type logCreator as KafkaLogCreator } from 'kafkajs';

// ---------------------------------------------------------------------------------------------
// Options, retry defaults and the console logger
// ---------------------------------------------------------------------------------------------

export interface KafkaConsumerTuning {
  /**
   * Broker drops a member that sent no heartbeat for this long (broker bounds: 6 s .. 300 s by
   * default). It is also how long a restarted consumer waits to rejoin: a member that vanished
   * without leaving (a killed process, or this consumer's own former self after a broker
   * restart, which reloads the group with its old members) holds the group until it expires.
   * Default 8000.
   */
  readonly sessionTimeout?: number;
  /** Default 1000; must be well below sessionTimeout. */
  readonly heartbeatInterval?: number;
  /** How long the group waits for members to rejoin in a rebalance. Default 60000. */
  readonly rebalanceTimeout?: number;
  /** Long-poll time of a fetch; also bounds how long stop() and a resume after a retry wait. Default 1000. */
  readonly maxWaitTimeInMs?: number;
  /** Partitions handled in parallel by one consumer (each partition stays sequential). Default 1. */
  readonly partitionsConsumedConcurrently?: number;
  /** First wait before a failed event is fetched and handled again; doubles per failure. Default 500. */
  readonly retryDelayMs?: number;
  /**
   * Upper bound of that wait. Default 5000: after a database outage the handlers succeed again
   * within seconds of its return, not after a long backoff.
   */
  readonly maxRetryDelayMs?: number;
  /**
   * A consumer with no fetch, heartbeat, join, batch or commit for this long is disconnected and
   * replaced by a new one (kafkajs can stay stuck after a failed restart). Default
   * max(30000, sessionTimeout + 5000): longer than a join waits for a member that vanished, and
   * long enough that a consumer outlives a short broker outage in place (resuming fastest).
   */
  readonly stallTimeoutMs?: number;
  /**
   * A consumer that has been handed no batch for this long while its group lags (records beyond
   * the committed offsets) is replaced too: kafkajs can go on fetching after outages and
   * rebalances without delivering a partition again. Default max(12000, sessionTimeout + 4000).
   */
  readonly progressTimeoutMs?: number;
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

export const DEFAULT_RETRY: RetryOptions = { retries: 5, initialRetryTime: 300, maxRetryTime: 5_000 };

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

export const consoleLogCreator: KafkaLogCreator =
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
