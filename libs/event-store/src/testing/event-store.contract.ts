import { randomUUID } from 'node:crypto';
import { EventStore, NewEvent, StoredEvent, WrongExpectedVersionError } from '../event-store.port';
import { eventHash } from '../hash-chain';

/** Builds a minimal valid event for store tests. */
export function newEvent(type = 'SomethingHappened', data: unknown = { n: 1 }): NewEvent {
  return {
    eventId: randomUUID(),
    type,
    schemaVersion: 1,
    data,
    occurredAt: '2025-01-01T00:00:00.000Z',
    actor: { sub: 'tester', name: 'Test Person', roles: ['caseworker'] },
    correlationId: randomUUID(),
    causationId: null,
    decisionId: null,
    caseRef: null,
    reason: null,
  };
}

const commit = () => randomUUID();

/**
 * The behaviour every event store adapter owes its users. Call it from a spec of each adapter;
 * `create` gets a fresh, empty store per test.
 */
export function eventStoreContract(adapter: string, create: () => Promise<EventStore>): void {
  describe(`EventStore contract: ${adapter}`, () => {
    let store: EventStore;
    beforeEach(async () => {
      store = await create();
    });
    afterEach(async () => {
      await store.close();
    });

    it('appends a commit to a new stream and reads it back in order with versions 1..n', async () => {
      const stream = `s-${randomUUID()}`;
      const result = await store.append(stream, [newEvent('A', { i: 1 }), newEvent('B', { i: 2 })], {
        expectedVersion: 0,
        commitId: commit(),
      });
      expect(result.version).toBe(2);
      const events = await store.readStream(stream);
      expect(events.map((e) => [e.type, e.streamVersion, e.data])).toEqual([
        ['A', 1, { i: 1 }],
        ['B', 2, { i: 2 }],
      ]);
      expect(events[0]!.actor).toEqual({ sub: 'tester', name: 'Test Person', roles: ['caseworker'] });
      expect(events[0]!.commitId).toBe(result.commitId);
      expect(Date.parse(events[0]!.recordedAt)).not.toBeNaN();
      expect(await store.streamVersion(stream)).toBe(2);
      expect(await store.streamVersion(`missing-${randomUUID()}`)).toBe(0);
    });

    it('refuses an append whose expected version is stale, and stores nothing of it', async () => {
      const stream = `s-${randomUUID()}`;
      await store.append(stream, [newEvent()], { expectedVersion: 0, commitId: commit() });
      await expect(
        store.append(stream, [newEvent('Late')], { expectedVersion: 0, commitId: commit() }),
      ).rejects.toEqual(
        expect.objectContaining({ name: 'WrongExpectedVersionError', actualVersion: 1, expectedVersion: 0 }),
      );
      await expect(
        store.append(stream, [newEvent('Ahead')], { expectedVersion: 5, commitId: commit() }),
      ).rejects.toBeInstanceOf(WrongExpectedVersionError);
      expect((await store.readStream(stream)).map((e) => e.type)).toEqual(['SomethingHappened']);
    });

    it('lets exactly one of many concurrent writers with the same expected version win', async () => {
      const stream = `s-${randomUUID()}`;
      await store.append(stream, [newEvent()], { expectedVersion: 0, commitId: commit() });
      const attempts = await Promise.allSettled(
        Array.from({ length: 8 }, (_, i) =>
          store.append(stream, [newEvent(`W${i}`), newEvent(`W${i}b`)], { expectedVersion: 1, commitId: commit() }),
        ),
      );
      const winners = attempts.filter((a) => a.status === 'fulfilled');
      expect(winners).toHaveLength(1);
      attempts
        .filter((a): a is PromiseRejectedResult => a.status === 'rejected')
        .forEach((a) => expect(a.reason).toBeInstanceOf(WrongExpectedVersionError));
      const events = await store.readStream(stream);
      expect(events.map((e) => e.streamVersion)).toEqual([1, 2, 3]);
      // The winner's commit is whole: both of its events, in order.
      expect(events[1]!.type + 'b').toBe(events[2]!.type);
    });

    it('gives every event a global position that increases in commit order across streams', async () => {
      const before = await store.headPosition();
      const a = `a-${randomUUID()}`;
      const b = `b-${randomUUID()}`;
      await store.append(a, [newEvent('A1')], { expectedVersion: 0, commitId: commit() });
      await store.append(b, [newEvent('B1'), newEvent('B2')], { expectedVersion: 0, commitId: commit() });
      await store.append(a, [newEvent('A2')], { expectedVersion: 1, commitId: commit() });
      const all = await store.readAll({ after: before, limit: 100 });
      expect(all.map((e) => e.type)).toEqual(['A1', 'B1', 'B2', 'A2']);
      const positions = all.map((e) => e.position);
      expect([...positions].sort((x, y) => x - y)).toEqual(positions);
      expect(new Set(positions).size).toBe(4);
      expect(await store.headPosition()).toBe(positions[3]);
    });

    it('reads all events in pages without skipping or repeating', async () => {
      const before = await store.headPosition();
      const stream = `s-${randomUUID()}`;
      for (let i = 0; i < 7; i++) {
        await store.append(stream, [newEvent(`E${i}`)], { expectedVersion: i, commitId: commit() });
      }
      const seen: string[] = [];
      let after = before;
      for (;;) {
        const page = await store.readAll({ after, limit: 3 });
        if (page.length === 0) break;
        seen.push(...page.map((e) => e.type));
        after = page[page.length - 1]!.position;
      }
      expect(seen).toEqual(['E0', 'E1', 'E2', 'E3', 'E4', 'E5', 'E6']);
    });

    it('reads a stream from a given version on', async () => {
      const stream = `s-${randomUUID()}`;
      await store.append(stream, [newEvent('V1'), newEvent('V2'), newEvent('V3')], {
        expectedVersion: 0,
        commitId: commit(),
      });
      expect((await store.readStream(stream, 2)).map((e) => e.type)).toEqual(['V2', 'V3']);
    });

    it('reads a stream from a version on, only what was recorded by a given time', async () => {
      const stream = `s-${randomUUID()}`;
      let expectedVersion = 0;
      for (const type of ['V1', 'V2', 'V3']) {
        await store.append(stream, [newEvent(type)], { expectedVersion: expectedVersion++, commitId: commit() });
      }
      const all = await store.readStream(stream);
      const byV2 = all[1]!.recordedAt;
      const recordedBy = (bound: string) => all.filter((e) => Date.parse(e.recordedAt) <= Date.parse(bound));
      expect(await store.readStreamRecordedBy(stream, 1, byV2)).toEqual(recordedBy(byV2));
      expect((await store.readStreamRecordedBy(stream, 2, byV2)).map((e) => e.type)).toEqual(
        recordedBy(byV2)
          .slice(1)
          .map((e) => e.type),
      );
      // The same instant written with an offset; and a moment before the stream began.
      const withOffset = byV2.replace('Z', '+00:00');
      expect(await store.readStreamRecordedBy(stream, 1, withOffset)).toEqual(recordedBy(byV2));
      const before = new Date(Date.parse(all[0]!.recordedAt) - 1).toISOString();
      expect(await store.readStreamRecordedBy(stream, 1, before)).toEqual([]);
    });

    it('stores an idempotency record atomically with its commit and refuses the key a second time', async () => {
      const stream = `s-${randomUUID()}`;
      const key = `k-${randomUUID()}`;
      await store.append(stream, [newEvent()], {
        expectedVersion: 0,
        commitId: commit(),
        idempotency: { key, fingerprint: 'f1', response: { id: stream, version: 1 } },
      });
      expect(await store.findIdempotency(key)).toEqual({
        key,
        fingerprint: 'f1',
        response: { id: stream, version: 1 },
      });
      await expect(
        store.append(stream, [newEvent()], {
          expectedVersion: 1,
          commitId: commit(),
          idempotency: { key, fingerprint: 'f1', response: {} },
        }),
      ).rejects.toEqual(expect.objectContaining({ name: 'IdempotencyKeyTakenError' }));
      expect(await store.streamVersion(stream)).toBe(1);
      expect(await store.findIdempotency(`other-${randomUUID()}`)).toBeNull();
    });

    it('lists stored commits as unpublished, oldest first, until they are marked published', async () => {
      const drain = async () => {
        for (let page = await store.readUnpublished(100); page.length > 0; page = await store.readUnpublished(100)) {
          await store.markPublished(page.map((c) => c.commitId));
        }
      };
      await drain();
      const stream = `s-${randomUUID()}`;
      const first = await store.append(stream, [newEvent('A'), newEvent('B')], {
        expectedVersion: 0,
        commitId: commit(),
      });
      const second = await store.append(stream, [newEvent('C')], { expectedVersion: 2, commitId: commit() });
      const pending = await store.readUnpublished(10);
      expect(pending.map((c) => c.commitId)).toEqual([first.commitId, second.commitId]);
      expect(pending[0]!.events.map((e) => [e.type, e.streamVersion])).toEqual([
        ['A', 1],
        ['B', 2],
      ]);
      expect(pending[0]!.streamId).toBe(stream);
      expect((await store.readUnpublished(1)).map((c) => c.commitId)).toEqual([first.commitId]);
      await store.markPublished([first.commitId]);
      expect((await store.readUnpublished(10)).map((c) => c.commitId)).toEqual([second.commitId]);
      await store.markPublished([second.commitId]);
      expect(await store.readUnpublished(10)).toEqual([]);
    });

    it('counts unpublished commits up to a cap, without changing what the outbox lists or marks', async () => {
      for (let page = await store.readUnpublished(100); page.length > 0; page = await store.readUnpublished(100)) {
        await store.markPublished(page.map((c) => c.commitId));
      }
      expect(await store.countUnpublished(10)).toBe(0);
      const stream = `s-${randomUUID()}`;
      const appended = [];
      for (let version = 0; version < 3; version++) {
        appended.push(await store.append(stream, [newEvent('A')], { expectedVersion: version, commitId: commit() }));
      }
      const listed = await store.readUnpublished(2);
      expect(await store.countUnpublished(10)).toBe(3);
      expect(await store.countUnpublished(2)).toBe(2);
      await store.markPublished(listed.map((c) => c.commitId));
      expect(await store.countUnpublished(10)).toBe(1);
      expect((await store.readUnpublished(10)).map((c) => c.commitId)).toEqual([appended[2]!.commitId]);
    });

    it('chains every event of a stream to the one before it, with a hash of its canonical form', async () => {
      const stream = `h-${randomUUID()}`;
      const awkward = {
        measured: 0.1,
        tiny: 1e-7,
        huge: 1e21,
        negative: -12.5,
        text: 'Vestland fylkeskommune: mål "nådd" \n\t ✓ 😀',
        nested: { zeta: [3, { b: null, a: true }], alpha: [] },
        skipped: undefined,
      };
      const first = await store.append(stream, [newEvent('A', awkward), newEvent('B')], {
        expectedVersion: 0,
        commitId: commit(),
      });
      const second = await store.append(stream, [newEvent('C', { n: 2 })], { expectedVersion: 2, commitId: commit() });
      const other = await store.append(`o-${randomUUID()}`, [newEvent('X')], {
        expectedVersion: 0,
        commitId: commit(),
      });

      const read = await store.readStream(stream);
      const checkChain = (events: readonly StoredEvent[]) => {
        events.forEach((event, i) => {
          expect(event.hash).toMatch(/^[0-9a-f]{64}$/);
          expect(eventHash(event)).toBe(event.hash);
          expect(event.prevHash).toBe(i === 0 ? null : events[i - 1]!.hash);
        });
      };
      checkChain(read);
      expect(read.map((e) => e.type)).toEqual(['A', 'B', 'C']);
      // What append answered is what was stored.
      expect([...first.events, ...second.events].map((e) => [e.prevHash, e.hash])).toEqual(
        read.map((e) => [e.prevHash, e.hash]),
      );
      // Another stream starts its own chain.
      expect(other.events[0]!.prevHash).toBeNull();
      expect(eventHash(other.events[0]!)).toBe(other.events[0]!.hash);
      // readAll gives the same envelopes, hashes included.
      const all = await store.readAll({ after: read[0]!.position - 1, limit: 100 });
      checkChain(all.filter((e) => e.streamId === stream));
      // The hash covers the content: another value gives another hash.
      expect(eventHash({ ...read[0]!, data: { ...awkward, measured: 0.2 } })).not.toBe(read[0]!.hash);
    });

    it('keeps the chain intact when concurrent writers race for the same stream', async () => {
      const stream = `r-${randomUUID()}`;
      let version = 0;
      for (let round = 0; round < 4; round++) {
        const attempts = await Promise.allSettled(
          Array.from({ length: 4 }, () =>
            store.append(stream, [newEvent(), newEvent()], { expectedVersion: version, commitId: commit() }),
          ),
        );
        version += 2 * attempts.filter((a) => a.status === 'fulfilled').length;
      }
      const events = await store.readStream(stream);
      expect(events).toHaveLength(version);
      events.forEach((event, i) => {
        expect(event.streamVersion).toBe(i + 1);
        expect(event.prevHash).toBe(i === 0 ? null : events[i - 1]!.hash);
        expect(eventHash(event)).toBe(event.hash);
      });
    });

    it('keeps every concurrently acknowledged commit on different streams', async () => {
      const streams = Array.from({ length: 20 }, () => `c-${randomUUID()}`);
      const results = await Promise.all(
        streams.map((s) => store.append(s, [newEvent(), newEvent()], { expectedVersion: 0, commitId: commit() })),
      );
      for (const s of streams) expect(await store.streamVersion(s)).toBe(2);
      // Concurrent commits never share a global position.
      const positions = results.flatMap((r) => r.events.map((e) => e.position));
      expect(new Set(positions).size).toBe(positions.length);
      const stored = (await Promise.all(streams.map((s) => store.readStream(s)))).flat().map((e) => e.position);
      expect(new Set(stored).size).toBe(stored.length);
    });
  });
}
