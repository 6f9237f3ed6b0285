import { randomUUID } from 'node:crypto';
import { Kafka, logLevel, type Admin, type KafkaMessage } from 'kafkajs';
import type { StoredEvent } from '@followup/event-store';
import { messageBusContract, storedEvent } from '../testing/message-bus.contract';
import { waitFor } from '../testing/wait-for';
import {
  KafkaMessageBus,
  KafkaPublishError,
  alertsTopicName,
  eventsTopicName,
  type KafkaMessageBusOptions,
} from './kafka-message-bus';

// Needs a running broker: `npm run services:up` (Kafka 3.9, KRaft) or KAFKA_BROKERS.
jest.setTimeout(60_000);

const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',').map((b) => b.trim());
/** Every run writes to its own topics, so runs never see each other's events. */
const runPrefix = `it-${Date.now()}-${randomUUID().slice(0, 8)}.`;

/** Short timeouts so group joins, stops and retries take fractions of a second. */
const testOptions = (overrides: Partial<KafkaMessageBusOptions> = {}): KafkaMessageBusOptions => ({
  brokers,
  clientId: 'followup-int-test',
  topicPrefix: runPrefix,
  consumer: {
    sessionTimeout: 10_000,
    heartbeatInterval: 1_000,
    rebalanceTimeout: 10_000,
    maxWaitTimeInMs: 250,
    retryDelayMs: 100,
    maxRetryDelayMs: 1_000,
  },
  ...overrides,
});

messageBusContract('Kafka', async () => new KafkaMessageBus(testOptions()), 45_000);

describe('KafkaMessageBus (Kafka specifics)', () => {
  const plain = new Kafka({ clientId: 'followup-int-test-plain', brokers, logLevel: logLevel.WARN });
  let admin: Admin;
  let bus: KafkaMessageBus;

  beforeAll(async () => {
    admin = plain.admin();
    await admin.connect();
  });
  afterAll(async () => {
    await admin.disconnect();
  });
  beforeEach(() => {
    bus = new KafkaMessageBus(testOptions());
  });
  afterEach(async () => {
    await bus.close();
  });

  it('names the topics with the prefix and creates the events topic with the configured partitions', async () => {
    expect(bus.topic).toBe(`${runPrefix}followup.events.v1`);
    expect(eventsTopicName(runPrefix)).toBe(bus.topic);
    expect(alertsTopicName(runPrefix)).toBe(`${runPrefix}followup.alerts.v1`);
    expect(bus.alertsTopic).toBe(alertsTopicName(runPrefix));
    await bus.publish([storedEvent(`t-${randomUUID()}`, 1)]);
    const { topics } = await admin.fetchTopicMetadata({ topics: [bus.topic] });
    expect(topics[0]!.partitions).toHaveLength(3);
    await bus.ping();
  });

  it('publishes key = stream id, the StoredEvent as JSON value and CloudEvents binary-mode headers', async () => {
    const stream = `h-${randomUUID()}`;
    const event: StoredEvent = { ...storedEvent(stream, 7, 'InitiativeRegistered'), causationId: randomUUID() };
    await bus.publish([event]);

    const received: KafkaMessage[] = [];
    const consumer = plain.consumer({ groupId: `plain-${randomUUID()}`, maxWaitTimeInMs: 250 });
    await consumer.connect();
    await consumer.subscribe({ topics: [bus.topic], fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        if (message.key?.toString() === stream) received.push(message);
      },
    });
    try {
      await waitFor(() => received.length >= 1, { timeoutMs: 30_000, what: 'the published record' });
    } finally {
      await consumer.disconnect();
    }

    const [message] = received;
    expect(received).toHaveLength(1);
    expect(message!.key!.toString()).toBe(stream);
    const headers = Object.fromEntries(Object.entries(message!.headers ?? {}).map(([k, v]) => [k, String(v)]));
    expect(headers).toEqual({
      ce_specversion: '1.0',
      ce_id: event.eventId,
      ce_source: '/followup',
      ce_type: 'no.followup.InitiativeRegistered',
      ce_time: event.recordedAt,
      ce_subject: stream,
      'content-type': 'application/json',
      ce_streamversion: '7',
      'stream-version': '7',
      ce_correlationid: event.correlationId,
      ce_position: String(event.position),
    });
    expect(JSON.parse(message!.value!.toString('utf8'))).toEqual(event);
  });

  it('redelivers a failed record from the broker, keeps its offset uncommitted meanwhile, and keeps consuming afterwards', async () => {
    // One partition, so the records of this test sit at offsets 0, 1, 2, ...
    const single = new KafkaMessageBus(testOptions({ topicPrefix: `${runPrefix}single.`, partitions: 1 }));
    const group = `redeliver-${randomUUID()}`;
    const stream = `x-${randomUUID()}`;
    const handled: number[] = [];
    let attemptsOf2 = 0;
    let failing = true;
    const committed = async (): Promise<string> => {
      const [topic] = await admin.fetchOffsets({ groupId: group, topics: [single.topic] });
      return topic!.partitions.find((p) => p.partition === 0)!.offset;
    };
    try {
      const sub = await single.subscribe({
        group,
        fromBeginning: true,
        handler: async (e) => {
          if (e.streamVersion === 2) {
            attemptsOf2++;
            if (failing) throw new Error('read model store briefly down');
          }
          handled.push(e.streamVersion);
        },
      });
      await single.publish([storedEvent(stream, 1), storedEvent(stream, 2), storedEvent(stream, 3)]);

      await waitFor(() => attemptsOf2 >= 3, { timeoutMs: 30_000, what: 'version 2 to be handed over three times' });
      expect(handled).toEqual([1]);
      expect(await committed()).toBe('1'); // past version 1 only
      const described = await admin.describeGroups([group]);
      expect(described.groups[0]!.state).toBe('Stable');
      expect(described.groups[0]!.members).toHaveLength(1); // the consumer did not die or leave

      failing = false;
      await waitFor(() => handled.includes(3), { timeoutMs: 30_000, what: 'version 3 after the recovery' });
      expect(handled).toEqual([1, 2, 3]);
      await waitFor(async () => (await committed()) === '3', { timeoutMs: 10_000, what: 'offset 3 committed' });

      await single.publish([storedEvent(stream, 4)]);
      await waitFor(() => handled.includes(4), { timeoutMs: 30_000, what: 'version 4' });
      expect(handled).toEqual([1, 2, 3, 4]);

      await sub.stop();
      expect((await admin.describeGroups([group])).groups[0]!.state).toBe('Empty'); // stop() left the group
    } finally {
      await single.close();
    }
  });

  it('hands a batch handler runs of records in per-stream order and hands a failed run over again from its first record', async () => {
    const single = new KafkaMessageBus(testOptions({ topicPrefix: `${runPrefix}runs.`, partitions: 1 }));
    const group = `runs-${randomUUID()}`;
    const streams = Array.from({ length: 3 }, (_, i) => `r${i}-${randomUUID()}`);
    const calls: StoredEvent[][] = [];
    const oneByOne: StoredEvent[] = [];
    let failed: StoredEvent[] | null = null;
    try {
      // Published before the group starts, so the first fetch brings many records at once.
      for (let v = 1; v <= 10; v++) await single.publish(streams.map((s) => storedEvent(s, v)));
      const sub = await single.subscribe({
        group,
        fromBeginning: true,
        handler: async (e) => void oneByOne.push(e),
        batchHandler: async (events) => {
          if (!failed && events.some((e) => e.streamId === streams[1] && e.streamVersion === 5)) {
            failed = [...events];
            throw new Error('read model store briefly down');
          }
          calls.push([...events]);
        },
      });
      const handled = () => calls.flat();
      await waitFor(() => handled().length >= 30, { timeoutMs: 30_000, what: 'all 30 records' });

      expect(oneByOne).toEqual([]);
      expect(calls.some((run) => run.length > 1)).toBe(true);
      // The failed run came again, from its first record on (nothing of it was skipped).
      const failedRun = failed as StoredEvent[] | null;
      expect(failedRun).not.toBeNull();
      const retried = calls.find((run) => run.some((e) => e.eventId === failedRun![0]!.eventId))!;
      expect(retried[0]!.eventId).toBe(failedRun![0]!.eventId);
      for (const s of streams) {
        expect(
          handled()
            .filter((e) => e.streamId === s)
            .map((e) => e.streamVersion),
        ).toEqual(Array.from({ length: 10 }, (_, i) => i + 1));
      }
      await waitFor(
        async () => {
          const [topic] = await admin.fetchOffsets({ groupId: group, topics: [single.topic] });
          return topic!.partitions.find((p) => p.partition === 0)!.offset === '30';
        },
        { timeoutMs: 10_000, what: 'offset 30 committed' },
      );
      await sub.stop();
    } finally {
      await single.close();
    }
  });

  it('never hands the records of one partition to two handler calls at once, even when a handler stalls far longer than the watchdogs', async () => {
    // Watchdogs far shorter than the handler's stall: a consumer replaced while its handler was
    // still running used to start beside it, and both wrote the same views at once.
    const single = new KafkaMessageBus(
      testOptions({
        topicPrefix: `${runPrefix}slow.`,
        partitions: 1,
        consumer: { ...testOptions().consumer, stallTimeoutMs: 2_000, progressTimeoutMs: 1_000 },
      }),
    );
    const group = `slow-${randomUUID()}`;
    const stream = `s-${randomUUID()}`;
    let active = 0;
    let mostAtOnce = 0;
    let stalled = false;
    const handled: number[] = [];
    try {
      await single.publish([1, 2, 3].map((v) => storedEvent(stream, v)));
      const sub = await single.subscribe({
        group,
        fromBeginning: true,
        handler: async () => undefined,
        batchHandler: async (events) => {
          active += 1;
          mostAtOnce = Math.max(mostAtOnce, active);
          try {
            if (!stalled) {
              stalled = true;
              await new Promise((resolve) => setTimeout(resolve, 15_000));
            }
            handled.push(...events.map((e) => e.streamVersion));
          } finally {
            active -= 1;
          }
        },
      });
      await waitFor(() => [1, 2, 3].every((v) => handled.includes(v)), { timeoutMs: 45_000, what: 'all 3 records' });
      expect(mostAtOnce).toBe(1);
      await sub.stop();
    } finally {
      await single.close();
    }
  }, 60_000);

  it('hands runs of different partitions over side by side to a subscriber that allows it, each stream in order', async () => {
    const parallel = new KafkaMessageBus(testOptions({ topicPrefix: `${runPrefix}parallel.`, partitions: 3 }));
    // Twelve streams: the chance that all of them share one of the three partitions is about 1 in 180,000.
    const streams = Array.from({ length: 12 }, () => `p-${randomUUID()}`);
    const seen = new Map<string, number[]>();
    let active = 0;
    let mostAtOnce = 0;
    let secondStarted!: () => void;
    const second = new Promise<void>((resolve) => (secondStarted = resolve));
    try {
      await parallel.publish(streams.flatMap((stream) => [storedEvent(stream, 1), storedEvent(stream, 2)]));
      const sub = await parallel.subscribe({
        group: `parallel-${randomUUID()}`,
        fromBeginning: true,
        streamsInParallel: true,
        handler: async () => undefined,
        batchHandler: async (events) => {
          active += 1;
          mostAtOnce = Math.max(mostAtOnce, active);
          if (active >= 2) secondStarted();
          // A run waits (at most 5 s) for another to start beside it.
          await Promise.race([second, new Promise((resolve) => setTimeout(resolve, 5_000))]);
          for (const e of events) seen.set(e.streamId, [...(seen.get(e.streamId) ?? []), e.streamVersion]);
          active -= 1;
        },
      });
      await waitFor(() => streams.every((stream) => (seen.get(stream)?.length ?? 0) >= 2), {
        timeoutMs: 45_000,
        what: 'both events of every stream',
      });
      expect(mostAtOnce).toBeGreaterThanOrEqual(2);
      for (const stream of streams) expect(seen.get(stream)).toEqual([1, 2]);
      await sub.stop();
    } finally {
      await parallel.close();
    }
  }, 60_000);

  it('starts a new group without fromBeginning at the events published after subscribe() resolved', async () => {
    const stream = `n-${randomUUID()}`;
    await bus.publish([storedEvent(stream, 1)]);
    const seen: number[] = [];
    const sub = await bus.subscribe({
      group: `fromnow-${randomUUID()}`,
      handler: async (e) => {
        if (e.streamId === stream) seen.push(e.streamVersion);
      },
    });
    await bus.publish([storedEvent(stream, 2)]);
    await waitFor(() => seen.includes(2), { timeoutMs: 30_000, what: 'version 2' });
    expect(seen).toEqual([2]);
    await sub.stop();
  });

  it('keeps the per-stream order of a multi-event publish across partitions, with several members in one group', async () => {
    const group = `shared-${randomUUID()}`;
    const streams = Array.from({ length: 6 }, (_, i) => `s${i}-${randomUUID()}`);
    const seen = new Map<string, number[]>();
    const member = () =>
      bus.subscribe({
        group,
        fromBeginning: true,
        handler: async (e) => {
          if (!streams.includes(e.streamId)) return;
          seen.set(e.streamId, [...(seen.get(e.streamId) ?? []), e.streamVersion]);
        },
      });
    const subs = [await member(), await member()];
    for (let v = 1; v <= 5; v++) await bus.publish(streams.map((s) => storedEvent(s, v)));
    await waitFor(() => streams.every((s) => (seen.get(s) ?? []).includes(5)), {
      timeoutMs: 30_000,
      what: 'version 5 of every stream',
    });
    for (const s of streams) {
      // at-least-once: a rebalance may repeat a tail, but never reorders
      const versions = seen.get(s)!;
      expect(versions.filter((v, i) => i === 0 || v > versions[i - 1]!)).toEqual([1, 2, 3, 4, 5]);
    }
    await Promise.all(subs.map((s) => s.stop()));
  });

  it('rejects publish and ping with a clear error when no broker answers', async () => {
    const dead = new KafkaMessageBus({
      brokers: ['127.0.0.1:1'],
      clientId: 'followup-int-test-dead',
      topicPrefix: runPrefix,
      logLevel: logLevel.NOTHING,
      connectionTimeout: 500,
      retry: { retries: 2, initialRetryTime: 100, maxRetryTime: 300 },
      pingTimeoutMs: 1_000,
      publishTimeoutMs: 10_000,
    });
    try {
      await expect(dead.ping()).rejects.toThrow(/Kafka is not reachable at 127\.0\.0\.1:1/);
      const started = Date.now();
      const failure = await dead.publish([storedEvent(`d-${randomUUID()}`, 1)]).catch((e: unknown) => e);
      expect(failure).toBeInstanceOf(KafkaPublishError);
      expect((failure as Error).message).toMatch(
        /publishing 1 event\(s\) to Kafka topic .*followup\.events\.v1 .* failed/,
      );
      expect(Date.now() - started).toBeLessThan(15_000);
    } finally {
      await dead.close();
    }
    await expect(dead.publish([])).rejects.toThrow(/closed/);
  });
});
