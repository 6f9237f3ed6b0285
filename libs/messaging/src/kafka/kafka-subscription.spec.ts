import type { Consumer, Kafka } from 'kafkajs';
import { waitFor } from '../testing/wait-for';
import { KafkaSubscription } from './kafka-subscription';

/** A kafkajs consumer whose connect() the test lets through when it chooses. */
class FakeConsumer {
  readonly events = {
    FETCH: 'fetch',
    HEARTBEAT: 'heartbeat',
    GROUP_JOIN: 'group_join',
    START_BATCH_PROCESS: 'start_batch',
    END_BATCH_PROCESS: 'end_batch',
    COMMIT_OFFSETS: 'commit',
    CRASH: 'crash',
  } as const;
  readonly calls: string[] = [];
  private readonly listeners = new Map<string, Array<(e: unknown) => void>>();
  private letConnect: () => void = () => undefined;
  private readonly connected: Promise<void>;

  constructor(connectAtOnce: boolean) {
    this.connected = connectAtOnce ? Promise.resolve() : new Promise((resolve) => (this.letConnect = resolve));
  }

  on(event: string, listener: (e: unknown) => void): () => void {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return () =>
      this.listeners.set(
        event,
        (this.listeners.get(event) ?? []).filter((l) => l !== listener),
      );
  }
  emit(event: string, payload: unknown = {}): void {
    for (const listener of this.listeners.get(event) ?? []) listener({ payload });
  }
  finishConnect(): void {
    this.letConnect();
  }
  async connect(): Promise<void> {
    this.calls.push('connect');
    await this.connected;
  }
  async subscribe(): Promise<void> {
    this.calls.push('subscribe');
  }
  async run(): Promise<void> {
    this.calls.push('run');
    this.emit(this.events.GROUP_JOIN);
    this.emit(this.events.FETCH);
  }
  async disconnect(): Promise<void> {
    this.calls.push('disconnect');
  }
  logger(): { warn: () => void; error: () => void } {
    return { warn: () => undefined, error: () => undefined };
  }
}

const flushPromises = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('KafkaSubscription', () => {
  it('starts no consumer after stop(), even when stop() comes while a replacement is connecting', async () => {
    const consumers: FakeConsumer[] = [];
    const kafka = {
      // The first consumer connects at once; its replacement waits until the test lets it through.
      consumer: () => {
        const consumer = new FakeConsumer(consumers.length === 0);
        consumers.push(consumer);
        return consumer as unknown as Consumer;
      },
    } as unknown as Kafka;
    const subscription = new KafkaSubscription(kafka, {
      topic: 'events',
      group: 'g',
      handler: async () => undefined,
      fromBeginning: true,
      retry: {},
      tuning: {
        sessionTimeout: 1_000,
        heartbeatInterval: 100,
        rebalanceTimeout: 1_000,
        maxWaitTimeInMs: 100,
        partitionsConsumedConcurrently: 1,
        retryDelayMs: 0,
        maxRetryDelayMs: 0,
        stallTimeoutMs: 60_000,
        progressTimeoutMs: 60_000,
        joinTimeoutMs: 1_000,
      },
      onStopped: () => undefined,
    });
    await subscription.start();

    consumers[0]!.emit('crash', { error: new Error('broker went away') });
    await waitFor(() => consumers[1]?.calls.includes('connect'), { what: 'the replacement to connect' });
    const stopping = subscription.stop();
    consumers[1]!.finishConnect();
    await stopping;
    await flushPromises();

    expect(consumers[0]!.calls).toEqual(['connect', 'subscribe', 'run', 'disconnect']);
    expect(consumers[1]!.calls).not.toContain('run');
    expect(consumers[1]!.calls.at(-1)).toBe('disconnect');
  });
});
