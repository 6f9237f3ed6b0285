import type { AlertStore } from '../store/alert-store.port';
import { alertRecord, attemptRecord, eventRecord, notificationRecord, subscriptionRecord } from './records';

export interface StorePair {
  /** Two independent connections to the same data, as two notifier instances have. */
  readonly a: AlertStore;
  readonly b: AlertStore;
  dispose(): Promise<void>;
}

/** Behaviour every alert store owes the engine and the API; run against SQLite (unit) and MongoDB (int). */
export function alertStoreContract(adapter: string, open: () => Promise<StorePair>): void {
  describe(`AlertStore contract: ${adapter}`, () => {
    let pair: StorePair;
    let store: AlertStore;
    beforeEach(async () => {
      pair = await open();
      store = pair.a;
    });
    afterEach(async () => {
      await pair.dispose();
    });

    describe('alerts', () => {
      it('inserts an alert once: a second insert of the id is refused', async () => {
        const alert = alertRecord();
        expect(await store.insertAlert(alert)).toBe(true);
        expect(await store.insertAlert({ ...alert, message: 'other' })).toBe(false);
        expect(await store.getAlert(alert.id)).toEqual(alert);
        expect(await store.getAlert('al_missing')).toBeNull();
      });

      it('lets exactly one of many concurrent inserts of one id win, across connections', async () => {
        const alert = alertRecord();
        const results = await Promise.all(
          Array.from({ length: 12 }, (_, i) =>
            (i % 2 ? pair.a : pair.b).insertAlert({ ...alert, message: `try ${i}` }),
          ),
        );
        expect(results.filter(Boolean)).toHaveLength(1);
      });

      it('updates fields and acknowledges only an open alert', async () => {
        const alert = alertRecord();
        await store.insertAlert(alert);
        await store.updateAlert(alert.id, {
          silenced: true,
          silencedBy: 'prog',
          silencedSince: '2025-03-02T01:00:00.000Z',
          repeats: 2,
        });
        expect(await store.getAlert(alert.id)).toMatchObject({
          silenced: true,
          silencedBy: 'prog',
          repeats: 2,
          status: 'open',
        });
        const ack = {
          by: { sub: 'lena', name: 'Lena' },
          at: '2025-03-03T00:00:00.000Z',
          comment: 'On it',
          decisionId: 'd1',
        };
        expect(await store.acknowledge(alert.id, ack)).toMatchObject({ status: 'acknowledged', acknowledgement: ack });
        expect(await store.acknowledge(alert.id, { ...ack, comment: 'again' })).toBeNull();
        expect((await store.getAlert(alert.id))!.acknowledgement!.comment).toBe('On it');
        expect(await store.acknowledge('al_missing', ack)).toBeNull();
        await store.updateAlert(alert.id, {
          status: 'resolved',
          resolvedAt: '2025-03-04T00:00:00.000Z',
          resolvedBasisVersion: 2,
        });
        expect(await store.getAlert(alert.id)).toMatchObject({
          status: 'resolved',
          resolvedAt: '2025-03-04T00:00:00.000Z',
          acknowledgement: ack,
        });
      });

      it('lists by status, rule, severity and subtree, newest first, paged', async () => {
        const a1 = alertRecord({ subjectId: 'm1', raisedAt: '2025-03-01T00:00:00.000Z' });
        const a2 = alertRecord({ subjectId: 'm2', raisedAt: '2025-03-02T00:00:00.000Z', status: 'acknowledged' });
        const a3 = alertRecord({
          subjectId: 'm3',
          raisedAt: '2025-03-02T00:00:00.000Z',
          initiativeId: 'other',
          path: ['fa2', 'other'],
          rule: 'indicator.offTrack',
          severity: 'warning',
        });
        const a4 = alertRecord({ subjectId: 'm4', raisedAt: '2025-03-03T00:00:00.000Z', status: 'resolved' });
        for (const a of [a1, a2, a3, a4]) await store.insertAlert(a);
        const ids = async (...args: Parameters<AlertStore['listAlerts']>) =>
          (await store.listAlerts(...args)).map((a) => a.subjectId);
        const sameTime = [a2, a3].sort((x, y) => (x.id < y.id ? 1 : -1)).map((a) => a.subjectId);
        expect(await ids({}, { limit: 10 })).toEqual(['m4', ...sameTime, 'm1']);
        expect(await ids({ status: 'open' }, { limit: 10 })).toEqual(['m3', 'm1']);
        expect(await ids({ status: 'unresolved' }, { limit: 10 })).toEqual([...sameTime, 'm1']);
        expect(await ids({ initiativeId: 'fa' }, { limit: 10 })).toEqual(['m4', 'm2', 'm1']);
        expect(await ids({ initiativeId: 'prog', status: 'open' }, { limit: 10 })).toEqual(['m1']);
        expect(await ids({ initiativeId: 'other' }, { limit: 10 })).toEqual(['m3']);
        expect(await ids({ rule: 'indicator.offTrack' }, { limit: 10 })).toEqual(['m3']);
        expect(await ids({ severity: 'critical' }, { limit: 10 })).toEqual(['m4', 'm2', 'm1']);
        // Paging: each page starts after the last item of the previous one.
        const seen: string[] = [];
        let before: { raisedAt: string; id: string } | undefined;
        for (;;) {
          const page = await store.listAlerts({}, { limit: 1, ...(before ? { before } : {}) });
          if (page.length === 0) break;
          seen.push(page[0]!.subjectId);
          before = { raisedAt: page[0]!.raisedAt, id: page[0]!.id };
        }
        expect(seen).toEqual(['m4', ...sameTime, 'm1']);
      });

      it('lists an alert under its new path once its path is updated, and no longer under the old one', async () => {
        const moved = alertRecord({ subjectId: 'm1', path: ['fa', 'prog', 'p1'] });
        await store.insertAlert(moved);
        await store.updateAlert(moved.id, { path: ['fa2', 'prog2', 'p1'] });
        const under = async (initiativeId: string) =>
          (await pair.b.listAlerts({ initiativeId }, { limit: 10 })).map((a) => a.subjectId);
        expect(await under('prog')).toEqual([]);
        expect(await under('fa')).toEqual([]);
        expect(await under('prog2')).toEqual(['m1']);
        expect(await under('p1')).toEqual(['m1']);
        expect((await pair.b.getAlert(moved.id))?.path).toEqual(['fa2', 'prog2', 'p1']);
        // Acknowledging it afterwards keeps the new path.
        const by = { sub: 'lena', name: 'Lena' };
        await store.acknowledge(moved.id, { by, at: '2025-03-02T00:00:00.000Z', comment: 'Seen', decisionId: null });
        expect(await under('fa2')).toEqual(['m1']);
      });

      it('lists unresolved alerts of given initiatives and the latest occurrence per key', async () => {
        const first = alertRecord({ subjectId: 'm1', status: 'resolved' });
        const second = alertRecord({ subjectId: 'm1', key: first.key, occurrence: 2 });
        const other = alertRecord({ subjectId: 'm2', initiativeId: 'p2' });
        for (const a of [first, second, other]) await store.insertAlert(a);
        expect((await store.listUnresolved(['proj'])).map((a) => a.id)).toEqual([second.id]);
        expect((await store.listUnresolved(null)).map((a) => a.id).sort()).toEqual([second.id, other.id].sort());
        expect(await store.listUnresolved([])).toEqual([]);
        const latest = await store.latestByKeys([first.key, other.key, 'nope']);
        expect(latest.get(first.key)!.occurrence).toBe(2);
        expect(latest.get(other.key)!.id).toBe(other.id);
        expect(latest.has('nope')).toBe(false);
      });
    });

    describe('events', () => {
      it('inserts an event once; lists unrouted ones and those since a time, oldest first', async () => {
        const alert = alertRecord();
        const raised = eventRecord(alert, 'raised', 1_000);
        const resolved = eventRecord(alert, 'resolved', 3_000);
        const results = await Promise.all([
          pair.a.insertEvent(raised),
          pair.b.insertEvent(raised),
          pair.a.insertEvent(raised),
        ]);
        expect(results.filter(Boolean)).toHaveLength(1);
        await store.insertEvent(resolved);
        expect(await store.getEvent(raised.id)).toEqual(raised);
        expect((await store.listUnroutedEvents(2_000, 10)).map((e) => e.id)).toEqual([raised.id]);
        expect((await store.listUnroutedEvents(5_000, 10)).map((e) => e.id)).toEqual([raised.id, resolved.id]);
        await store.markEventRouted(raised.id);
        expect((await store.listUnroutedEvents(5_000, 10)).map((e) => e.id)).toEqual([resolved.id]);
        expect((await store.getEvent(raised.id))!.routed).toBe(true);
        expect((await store.listEventsSince(0, 10)).map((e) => e.id)).toEqual([raised.id, resolved.id]);
        expect((await store.listEventsSince(3_000, 10)).map((e) => e.id)).toEqual([resolved.id]);
        expect((await store.listEventsSince(0, 1)).map((e) => e.id)).toEqual([raised.id]);
      });
    });

    describe('subscriptions', () => {
      it('stores, lists per owner and deletes subscriptions', async () => {
        const mine = subscriptionRecord({ id: 's1' });
        const theirs = subscriptionRecord({
          id: 's2',
          owner: { sub: 'other', name: null },
          webhookUrl: null,
          secret: null,
          createdAt: '2025-03-02T00:00:00.000Z',
        });
        await store.insertSubscription(mine);
        await store.insertSubscription(theirs);
        expect(await store.getSubscription('s1')).toEqual(mine);
        expect((await store.listSubscriptions({ ownerSub: 'lena' })).map((s) => s.id)).toEqual(['s1']);
        expect((await pair.b.listSubscriptions()).map((s) => s.id)).toEqual(['s1', 's2']);
        expect(await store.deleteSubscription('s1')).toBe(true);
        expect(await store.deleteSubscription('s1')).toBe(false);
        expect(await store.getSubscription('s1')).toBeNull();
      });
    });

    describe('notifications, items and attempts', () => {
      it('creates notifications and items once; lists due ones; updates them', async () => {
        const n = notificationRecord({ id: 'wh:s1:1', dueAtMs: 1_000 });
        const later = notificationRecord({ id: 'wh:s1:2', dueAtMs: 5_000 });
        expect(await store.insertNotification(n)).toBe(true);
        expect(await pair.b.insertNotification({ ...n, dueAtMs: 9 })).toBe(false);
        await store.insertNotification(later);
        expect((await store.listDueNotifications(2_000, 10)).map((x) => x.id)).toEqual([n.id]);
        expect((await store.listDueNotifications(6_000, 10)).map((x) => x.id)).toEqual([n.id, later.id]);
        await store.updateNotification(n.id, { dueAtMs: 7_000 });
        expect((await store.listDueNotifications(6_000, 10)).map((x) => x.id)).toEqual([later.id]);
        await store.updateNotification(later.id, { done: true, outcome: 'deadLetter' });
        expect(await store.listDueNotifications(10_000, 10)).toHaveLength(1);
        expect((await store.getNotifications([later.id, 'none'])).map((x) => [x.id, x.done, x.outcome])).toEqual([
          [later.id, true, 'deadLetter'],
        ]);

        const item = { id: 'e1|s1', notificationId: n.id, eventId: 'e1', alertId: 'al_1' };
        const results = await Promise.all([
          pair.a.insertItem(item),
          pair.b.insertItem({ ...item, notificationId: 'elsewhere' }),
        ]);
        expect(results.filter(Boolean)).toHaveLength(1);
        await store.insertItem({ id: 'e2|s1', notificationId: n.id, eventId: 'e2', alertId: 'al_2' });
        expect((await store.listItems(n.id)).map((i) => i.id)).toEqual(results[0] ? ['e1|s1', 'e2|s1'] : ['e2|s1']);
        expect((await store.listItemsOfAlert('al_1')).map((i) => i.id)).toEqual(['e1|s1']);
      });

      it('claims an attempt once across connections and records its outcome', async () => {
        const claims = await Promise.all(
          Array.from({ length: 10 }, (_, i) =>
            (i % 2 ? pair.a : pair.b).insertAttempt(attemptRecord('n1', 1, { instance: `i${i}` })),
          ),
        );
        expect(claims.filter(Boolean)).toHaveLength(1);
        await store.insertAttempt(attemptRecord('n1', 2));
        await store.insertAttempt(attemptRecord('n2', 1));
        await store.finishAttempt('n1#1', { ok: false, statusCode: 500, error: 'HTTP 500', durationMs: 12 });
        const attempts = await pair.b.listAttempts(['n1', 'n2']);
        expect(attempts.map((a) => a.id)).toEqual(['n1#1', 'n1#2', 'n2#1']);
        expect(attempts[0]).toMatchObject({
          finished: true,
          ok: false,
          statusCode: 500,
          error: 'HTTP 500',
          durationMs: 12,
        });
        expect(attempts[1]).toMatchObject({ finished: false, ok: null });
        expect(await store.listAttempts([])).toEqual([]);
      });
    });

    it('answers ping', async () => {
      await expect(store.ping()).resolves.toBeUndefined();
    });
  });
}
