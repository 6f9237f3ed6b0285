import { randomUUID } from 'node:crypto';
import type { EventStore, StoredEvent } from '../event-store.port';
import { eventHash } from '../hash-chain';
import { computeDigest, verifyLedger } from '../ledger';
import { newEvent } from './event-store.contract';

/** Edits the stored record directly, behind the store's back, as someone with file or database access could. */
export interface Tamperer {
  /** Overwrites the stored event with what `change` returns (its position and version stay). */
  update(eventId: string, change: (event: StoredEvent) => StoredEvent): Promise<void>;
  /** Deletes the stored event. */
  remove(eventId: string): Promise<void>;
  /** The two events trade places: each takes the other's position and version, keeping its own content and hashes. */
  swapPlaces(eventIdA: string, eventIdB: string): Promise<void>;
}

export interface TamperSubject {
  readonly store: EventStore;
  readonly tamper: Tamperer;
  close(): Promise<void>;
}

/**
 * Tamper evidence, proven on a real adapter: every direct change, deletion or reordering of
 * stored events is caught by `verifyLedger`, which names the event; a deleted last event of a
 * stream, or a chain rewritten consistently, by a digest saved before.
 */
export function tamperContract(adapter: string, create: () => Promise<TamperSubject>): void {
  describe(`Tamper evidence: ${adapter}`, () => {
    let subject: TamperSubject;
    let store: EventStore;
    /** Stream `a`: a1 | a2 a3 | a4 (three commits); stream `b`: b1 b2, interleaved. */
    let ids: Record<'a1' | 'a2' | 'a3' | 'a4' | 'b1' | 'b2', StoredEvent>;
    let stream: { a: string; b: string };

    beforeEach(async () => {
      subject = await create();
      store = subject.store;
      stream = { a: `a-${randomUUID()}`, b: `b-${randomUUID()}` };
      const c = () => randomUUID();
      const [a1] = (
        await store.append(stream.a, [newEvent('A1', { goal: 'Fleire lærlingar', target: 12.5 })], {
          expectedVersion: 0,
          commitId: c(),
        })
      ).events;
      const [b1] = (await store.append(stream.b, [newEvent('B1')], { expectedVersion: 0, commitId: c() })).events;
      const [a2, a3] = (
        await store.append(stream.a, [newEvent('A2', { n: 2 }), newEvent('A3', { n: 3 })], {
          expectedVersion: 1,
          commitId: c(),
        })
      ).events;
      const [b2] = (await store.append(stream.b, [newEvent('B2')], { expectedVersion: 1, commitId: c() })).events;
      const [a4] = (await store.append(stream.a, [newEvent('A4', { n: 4 })], { expectedVersion: 3, commitId: c() }))
        .events;
      ids = { a1: a1!, a2: a2!, a3: a3!, a4: a4!, b1: b1!, b2: b2! };
    });
    afterEach(async () => {
      await subject.close();
    });

    const named = (event: StoredEvent, reason: string) => ({
      eventId: event.eventId,
      streamId: event.streamId,
      streamVersion: event.streamVersion,
      position: event.position,
      reason,
    });

    it('accepts the untouched record', async () => {
      const result = await verifyLedger(store);
      expect(result).toEqual({ ok: true, checkedEvents: 6, brokenEvents: 0, head: await computeDigest(store) });
      expect(result.head.position).toBe(ids.a4.position);
    });

    it('names an event whose data was changed', async () => {
      await subject.tamper.update(ids.a2.eventId, (e) => ({ ...e, data: { n: 20 } }));
      const result = await verifyLedger(store);
      expect(result).toMatchObject({
        ok: false,
        checkedEvents: 6,
        brokenEvents: 1,
        firstBroken: named(ids.a2, 'hashMismatch'),
      });
    });

    it('names an event whose envelope was changed (actor, recordedAt)', async () => {
      await subject.tamper.update(ids.b1.eventId, (e) => ({ ...e, actor: { ...e.actor, name: 'Someone Else' } }));
      expect((await verifyLedger(store)).firstBroken).toMatchObject(named(ids.b1, 'hashMismatch'));
      await subject.tamper.update(ids.b1.eventId, () => ids.b1);
      expect((await verifyLedger(store)).ok).toBe(true);
      await subject.tamper.update(ids.a1.eventId, (e) => ({ ...e, recordedAt: '2024-12-31T23:59:59.000Z' }));
      expect((await verifyLedger(store)).firstBroken).toMatchObject(named(ids.a1, 'hashMismatch'));
    });

    it('names the event after a deleted one', async () => {
      await subject.tamper.remove(ids.a2.eventId);
      const result = await verifyLedger(store);
      expect(result).toMatchObject({ ok: false, checkedEvents: 5, firstBroken: named(ids.a3, 'versionGap') });
      expect(result.firstBroken!.detail).toContain('version 2 missing');
    });

    it('names the moved event when two events of one commit trade places', async () => {
      await subject.tamper.swapPlaces(ids.a2.eventId, ids.a3.eventId);
      const result = await verifyLedger(store);
      // a3 now sits at a2's position and version: it links to a2, which is not before it.
      expect(result.firstBroken).toMatchObject({
        eventId: ids.a3.eventId,
        streamVersion: 2,
        position: ids.a2.position,
        reason: 'prevHashMismatch',
      });
    });

    it('names the moved event when the first event of a stream trades places', async () => {
      await subject.tamper.swapPlaces(ids.a1.eventId, ids.a2.eventId);
      expect((await verifyLedger(store)).firstBroken).toMatchObject({
        eventId: ids.a2.eventId,
        streamVersion: 1,
        position: ids.a1.position,
        reason: 'prevHashMismatch',
      });
    });

    it('names the moved event when events trade places across commits', async () => {
      await subject.tamper.swapPlaces(ids.a3.eventId, ids.a4.eventId);
      expect((await verifyLedger(store)).firstBroken).toMatchObject({
        eventId: ids.a4.eventId,
        streamVersion: 3,
        position: ids.a3.position,
        reason: 'prevHashMismatch',
      });
    });

    it('catches a deleted last event of a stream through a saved digest', async () => {
      const saved = await computeDigest(store);
      await subject.tamper.remove(ids.b2.eventId);
      // Every remaining link holds: the chains alone cannot show a missing tail.
      expect(await verifyLedger(store)).toMatchObject({ ok: true, checkedEvents: 5 });
      const result = await verifyLedger(store, { digest: saved.digest });
      expect(result).toMatchObject({
        ok: false,
        digestCheck: { digest: saved.digest, coveredPosition: saved.position, matches: false },
      });
      expect(result.firstBroken).toBeUndefined();
    });

    it('catches a deleted last event of the whole ledger through a saved digest', async () => {
      const saved = await computeDigest(store);
      await subject.tamper.remove(ids.a4.eventId);
      expect((await verifyLedger(store)).ok).toBe(true);
      const result = await verifyLedger(store, { digest: saved.digest });
      expect(result).toMatchObject({ ok: false, digestCheck: { matches: false } });
      expect(result.digestCheck!.detail).toContain(`ends at position ${ids.b2.position}`);
    });

    it('catches a consistently rewritten chain through a saved digest', async () => {
      const saved = await computeDigest(store);
      // Someone who knows the algorithm changes the last event of b and recomputes its hash.
      await subject.tamper.update(ids.b2.eventId, (e) => {
        const forged = { ...e, data: { forged: true } };
        return { ...forged, hash: eventHash(forged) };
      });
      expect((await verifyLedger(store)).ok).toBe(true);
      expect(await verifyLedger(store, { digest: saved.digest })).toMatchObject({
        ok: false,
        digestCheck: { matches: false },
      });
    });

    it('proves a saved digest after the record has grown', async () => {
      const saved = await computeDigest(store);
      await store.append(stream.b, [newEvent('B3')], { expectedVersion: 2, commitId: randomUUID() });
      const result = await verifyLedger(store, { digest: saved.digest });
      expect(result).toMatchObject({
        ok: true,
        checkedEvents: 7,
        digestCheck: { matches: true, recomputed: saved.digest },
      });
    });
  });
}
