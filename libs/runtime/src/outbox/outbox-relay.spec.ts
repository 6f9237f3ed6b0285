import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { SqliteEventStore, type StoredEvent } from '@followup/event-store';
import { newEvent } from '@followup/event-store/testing/event-store.contract';
import { InProcessMessageBus, type MessageBus, type Subscription } from '@followup/messaging';
import { waitFor } from '@followup/messaging/testing/wait-for';
import { loadConfig } from '@followup/platform';
import { OutboxRelay } from './outbox-relay';

/** The in-process bus, refusing the next `failures` publishes as a broker outage would. */
class FlakyBus implements MessageBus {
  failures = 0;
  constructor(readonly inner = new InProcessMessageBus({ retryDelayMs: 5 })) {}
  async publish(events: readonly StoredEvent[]): Promise<void> {
    if (this.failures > 0) {
      this.failures--;
      throw new Error('broker unavailable');
    }
    await this.inner.publish(events);
  }
  subscribe: MessageBus['subscribe'] = (options) => this.inner.subscribe(options);
  ping = (): Promise<void> => this.inner.ping();
  close = (): Promise<void> => this.inner.close();
}

describe('OutboxRelay (SQLite event store, in-process bus)', () => {
  let dir: string;
  let store: SqliteEventStore;
  let bus: FlakyBus;
  let relay: OutboxRelay;
  let received: StoredEvent[];
  let consumer: Subscription;

  /** Appends one commit of `count` events to a stream and returns its events' ids. */
  async function commit(streamId: string, count = 1): Promise<string[]> {
    const events = Array.from({ length: count }, () => newEvent());
    await store.append(streamId, events, {
      expectedVersion: await store.streamVersion(streamId),
      commitId: randomUUID(),
    });
    return events.map((e) => e.eventId);
  }

  const receivedIds = (): string[] => received.map((e) => e.eventId);

  beforeAll(() => Logger.overrideLogger(false));

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'followup-relay-'));
    store = new SqliteEventStore({ filename: join(dir, 'events.db') });
    bus = new FlakyBus();
    relay = new OutboxRelay(store, bus, loadConfig({ DATA_DIR: dir, OUTBOX_SWEEP_MS: '20' }));
    received = [];
    consumer = await bus.subscribe({
      group: 'observer',
      fromBeginning: true,
      handler: async (e) => void received.push(e),
    });
  });

  afterEach(async () => {
    await relay.onApplicationShutdown();
    await consumer.stop();
    await bus.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('publishes every stored commit once, in commit order, and then has nothing pending', async () => {
    const stored = [...(await commit('a', 2)), ...(await commit('b')), ...(await commit('a'))];
    await relay.drain();
    await relay.drain();
    await waitFor(() => received.length >= stored.length, { what: 'the published events' });
    expect(receivedIds()).toEqual(stored);
    expect(await store.readUnpublished(100)).toEqual([]);
    expect(relay.publishedCount).toBe(stored.length);
  });

  it('publishes each commit once when triggers arrive while it is publishing', async () => {
    const stored: string[] = [];
    const drains: Promise<void>[] = [];
    for (let i = 0; i < 10; i++) {
      stored.push(...(await commit(`s-${i % 3}`)));
      drains.push(relay.drain());
    }
    await Promise.all(drains);
    await relay.drain();
    await waitFor(() => received.length >= stored.length, { what: 'the published events' });
    expect(receivedIds()).toEqual(stored);
    expect(relay.publishedCount).toBe(stored.length);
  });

  it('leaves a commit it could not publish pending and resumes with it, in order, on the next pass', async () => {
    const published = [...(await commit('a')), ...(await commit('a')), ...(await commit('b'))];
    await relay.drain();
    const more = await commit('a');
    bus.failures = 1;
    await relay.drain();
    expect((await store.readUnpublished(100)).flatMap((c) => c.events.map((e) => e.eventId))).toEqual(more);

    await relay.drain();
    await waitFor(() => received.length >= 4, { what: 'the published events' });
    expect(receivedIds()).toEqual([...published, ...more]);
    expect(await store.readUnpublished(100)).toEqual([]);
  });

  it('stops at the first commit the bus refuses, so nothing after it overtakes it', async () => {
    const stored = [...(await commit('a')), ...(await commit('a')), ...(await commit('a'))];
    bus.failures = 1;
    await relay.drain();
    expect(received).toEqual([]);
    expect(await store.readUnpublished(100)).toHaveLength(3);
    await relay.drain();
    await waitFor(() => received.length >= 3, { what: 'the published events' });
    expect(receivedIds()).toEqual(stored);
  });

  it('publishes the next commit while the mark of the one before is still being written, and drain() waits for both marks', async () => {
    // A store whose marks take effect at once but are written slowly (a remote server).
    let writeMarks!: () => void;
    const marksHeld = new Promise<void>((resolve) => (writeMarks = resolve));
    const markNow = store.markPublished.bind(store);
    jest.spyOn(store, 'markPublished').mockImplementation(async (ids) => {
      await markNow(ids);
      await marksHeld;
    });
    const first = await commit('a');
    let firstDrained = false;
    const firstDrain = relay.drain().then(() => (firstDrained = true));
    await waitFor(() => received.length >= 1, { what: 'the first commit on the bus' });
    const second = await commit('b');
    void relay.drain();
    await waitFor(() => received.length >= 2, {
      what: 'the second commit on the bus, its predecessor still being marked',
    });
    expect(firstDrained).toBe(false);

    writeMarks();
    await firstDrain;
    await relay.drain();
    expect(receivedIds()).toEqual([...first, ...second]);
    expect(await store.readUnpublished(100)).toEqual([]);
  });

  it('publishes on its own: what is stored at start and later commits reach the bus without a trigger', async () => {
    const before = await commit('a');
    bus.failures = 2;
    relay.onApplicationBootstrap();
    const after = await commit('b');
    await waitFor(() => received.length >= 2, { what: 'the swept events' });
    expect(receivedIds()).toEqual([...before, ...after]);
  });
});
