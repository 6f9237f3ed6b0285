import { randomUUID } from 'node:crypto';
import type { StoredEvent } from '@followup/event-store';
import type { MessageBus } from '../message-bus.port';
import { waitFor } from './wait-for';

let positionSeed = 0;
export function storedEvent(streamId: string, streamVersion: number, type = 'SomethingHappened'): StoredEvent {
  return {
    eventId: randomUUID(),
    streamId,
    streamVersion,
    position: ++positionSeed,
    commitId: randomUUID(),
    type,
    schemaVersion: 1,
    data: { n: streamVersion },
    occurredAt: '2025-01-01T00:00:00.000Z',
    recordedAt: '2025-01-01T00:00:01.000Z',
    actor: { sub: 'tester', name: 'Test Person', roles: ['caseworker'] },
    correlationId: randomUUID(),
    causationId: null,
    decisionId: null,
    caseRef: '2024/1234',
    reason: null,
    prevHash: null,
    hash: null,
  };
}

const versionsOf = (seen: StoredEvent[], stream: string) =>
  seen.filter((e) => e.streamId === stream).map((e) => e.streamVersion);

/** Per-stream order, at-least-once, and group progress that advances only past handled events. */
export function messageBusContract(adapter: string, create: () => Promise<MessageBus>, timeoutMs = 30_000): void {
  describe(`MessageBus contract: ${adapter}`, () => {
    let bus: MessageBus;
    beforeEach(async () => {
      bus = await create();
    });
    afterEach(async () => {
      await bus.close();
    });

    it('delivers every event of every stream to each group, in stream order', async () => {
      const a = `a-${randomUUID()}`;
      const b = `b-${randomUUID()}`;
      const seenBy: Record<string, StoredEvent[]> = { g1: [], g2: [] };
      const subs = await Promise.all(
        Object.keys(seenBy).map((g) =>
          bus.subscribe({
            group: `${g}-${randomUUID()}`,
            fromBeginning: true,
            handler: async (e) => {
              if (e.streamId === a || e.streamId === b) seenBy[g]!.push(e);
            },
          }),
        ),
      );
      for (let v = 1; v <= 10; v++) {
        await bus.publish([storedEvent(a, v), storedEvent(b, v)]);
      }
      for (const g of Object.keys(seenBy)) {
        await waitFor(() => seenBy[g]!.length >= 20, { timeoutMs, what: `group ${g} to see 20 events` });
        expect(versionsOf(seenBy[g]!, a)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
        expect(versionsOf(seenBy[g]!, b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
      }
      await Promise.all(subs.map((s) => s.stop()));
    });

    it('hands an event whose handler failed to the handler again, before the next event of its stream', async () => {
      const stream = `f-${randomUUID()}`;
      const handled: number[] = [];
      let failuresLeft = 2;
      const sub = await bus.subscribe({
        group: `retry-${randomUUID()}`,
        fromBeginning: true,
        handler: async (e) => {
          if (e.streamId !== stream) return;
          if (e.streamVersion === 2 && failuresLeft > 0) {
            failuresLeft--;
            throw new Error('projection store briefly down');
          }
          handled.push(e.streamVersion);
        },
      });
      await bus.publish([storedEvent(stream, 1), storedEvent(stream, 2), storedEvent(stream, 3)]);
      await waitFor(() => handled.includes(3), { timeoutMs, what: 'version 3 to be handled' });
      expect(failuresLeft).toBe(0);
      // At-least-once: duplicates of 1 are allowed, but 2 always comes before 3.
      expect(handled.filter((v) => v !== 1)).toEqual([2, 3]);
      await sub.stop();
    });

    it('resumes a group after the last event its handler finished, when it subscribes again', async () => {
      const stream = `r-${randomUUID()}`;
      const group = `resume-${randomUUID()}`;
      const first: number[] = [];
      const sub1 = await bus.subscribe({
        group,
        fromBeginning: true,
        handler: async (e) => {
          if (e.streamId === stream) first.push(e.streamVersion);
        },
      });
      await bus.publish([storedEvent(stream, 1), storedEvent(stream, 2)]);
      await waitFor(() => first.length >= 2, { timeoutMs, what: 'first two events' });
      await sub1.stop();

      await bus.publish([storedEvent(stream, 3), storedEvent(stream, 4)]);
      const second: number[] = [];
      const sub2 = await bus.subscribe({
        group,
        fromBeginning: true,
        handler: async (e) => {
          if (e.streamId === stream) second.push(e.streamVersion);
        },
      });
      await waitFor(() => second.includes(4), { timeoutMs, what: 'events published while the group was away' });
      expect(second).toEqual([3, 4]);
      await sub2.stop();
    });
  });
}
