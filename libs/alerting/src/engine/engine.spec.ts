import type { StoredEvent } from '@followup/event-store';
import { ManualClock } from '@followup/platform';
import { SqliteReadModelStore } from '@followup/read-model';
import { waitFor } from '@followup/messaging/testing/wait-for';
import { SqliteAlertStore } from '../store/sqlite-alert-store';
import { eventIdsIn, hasValidSignature, testAlertingConfig } from '../testing/engine-fixtures';
import { startReceiver, type TestReceiver } from '../testing/receiver';
import { attemptRecord } from '../testing/records';
import { benefit, milestone, view } from '../testing/views';
import type { AlertingConfig } from '../config';
import { AlertEngine } from './alert-engine';
import { ReadModelBehindError } from './evaluator';
import { WebhookSender } from './senders';

const SECRET = 'engine-spec-secret-0123';

describe('alert engine (SQLite, in memory)', () => {
  let store: SqliteAlertStore;
  let views: SqliteReadModelStore;
  let clock: ManualClock;
  let fakeMs: number;
  const engines: AlertEngine[] = [];
  const receivers: TestReceiver[] = [];

  beforeEach(() => {
    store = new SqliteAlertStore(':memory:');
    views = new SqliteReadModelStore(':memory:');
    clock = new ManualClock(new Date('2025-03-10T12:00:00.000Z'));
    fakeMs = 1_000_000;
  });
  afterEach(async () => {
    await Promise.all(engines.splice(0).map((e) => e.stop()));
    await Promise.all(receivers.splice(0).map((r) => r.close()));
    await store.close();
    await views.close();
  });

  function engine(
    config: Partial<AlertingConfig> = {},
    options: { fakeTime?: boolean; instanceId?: string } = {},
  ): AlertEngine {
    const e = new AlertEngine({
      store,
      views,
      clock,
      config: testAlertingConfig(config),
      // The test receiver listens on loopback, which webhooks may reach only when allowed.
      webhook: new WebhookSender({ allow: ['127.0.0.1'] }),
      ...(options.fakeTime ? { realNow: () => fakeMs } : {}),
      ...(options.instanceId ? { instanceId: options.instanceId } : {}),
    });
    engines.push(e);
    return e;
  }

  async function receiver(behaviour?: Parameters<typeof startReceiver>[0]): Promise<TestReceiver> {
    const r = await startReceiver(behaviour);
    receivers.push(r);
    return r;
  }

  async function subscribe(
    id: string,
    initiativeId: string,
    url: string,
    minSeverity: 'info' | 'warning' | 'critical' = 'info',
  ) {
    await store.insertSubscription({
      id,
      initiativeId,
      owner: { sub: 'lena', name: 'Lena' },
      webhookUrl: url,
      secret: SECRET,
      minSeverity,
      createdAt: clock.now().toISOString(),
    });
  }

  /** An initiative with three overdue milestones (critical) and an overdue benefit (warning). */
  async function overdueProject(id = 'proj', parentId: string | null = null) {
    await views.putInitiative(
      view(id, {
        parentId,
        milestones: [
          milestone(`${id}-m1`, '2025-03-01T00:00:00.000Z'),
          milestone(`${id}-m2`, '2025-03-02T00:00:00.000Z'),
          milestone(`${id}-m3`, '2025-03-03T00:00:00.000Z'),
        ],
        benefits: [benefit(`${id}-b1`, '2025-03-01T00:00:00.000Z')],
      }),
    );
  }

  it('groups the alerts of one window into one signed notification per subscription', async () => {
    const r = await receiver();
    await overdueProject();
    await subscribe('s1', 'proj', r.url);
    const e = engine({ groupWaitMs: 30_000 }, { fakeTime: true });
    const report = await e.evaluateNow();
    expect(report.raised).toHaveLength(4);

    await e.dispatchNow();
    await e.idle();
    expect(r.requests).toHaveLength(0); // the window is still open

    fakeMs += 31_000;
    await e.dispatchNow();
    await e.idle();
    expect(r.requests).toHaveLength(1);
    const [request] = r.requests;
    expect(hasValidSignature(request!, SECRET)).toBe(true);
    expect(request!.headers['x-followup-timestamp']).toMatch(/^\d+$/);
    expect(request!.headers['x-followup-delivery']).toBe(request!.json.deliveryId);
    expect(request!.json.alerts.map((a: { alert: { id: string } }) => a.alert.id).sort()).toEqual(
      [...report.raised].sort(),
    );
    expect(request!.json.alerts.every((a: { event: string }) => a.event === 'raised')).toBe(true);
  });

  it('routes by subtree and minimum severity', async () => {
    const critical = await receiver();
    const elsewhere = await receiver();
    await views.putInitiative(view('fa', { kind: 'focusArea' }));
    await overdueProject('proj', 'fa');
    await views.putInitiative(view('other', { kind: 'focusArea' }));
    await subscribe('s-critical', 'fa', critical.url, 'critical');
    await subscribe('s-other', 'other', elsewhere.url);
    const e = engine({ groupWaitMs: 0 });
    e.start();
    await e.evaluateNow();
    await waitFor(() => eventIdsIn(critical.requests).length === 3, { what: 'three critical alerts' });
    await waitFor(async () => (await store.listDueNotifications(Number.MAX_SAFE_INTEGER, 10)).length === 0);
    await e.idle();
    expect(
      critical.requests.every((r) =>
        r.json.alerts.every((a: { alert: { severity: string } }) => a.alert.severity === 'critical'),
      ),
    ).toBe(true);
    expect(elsewhere.requests).toHaveLength(0);
  });

  it("gives an alert raised while its initiative's parent view was missing the full path once the parent is there", async () => {
    const e = engine();
    await views.putInitiative(view('fa', { kind: 'focusArea' }));
    await overdueProject('proj', 'prog'); // the programme's view is not saved yet
    await e.evaluateNow();
    const paths = async () => (await store.listAlerts({ initiativeId: 'proj' }, { limit: 50 })).map((a) => a.path);
    expect(await paths()).toEqual(Array(4).fill(['proj']));
    expect(await store.listAlerts({ initiativeId: 'fa' }, { limit: 50 })).toEqual([]);

    await views.putInitiative(view('prog', { kind: 'programme', parentId: 'fa' }));
    await e.evaluateNow();
    expect(await paths()).toEqual(Array(4).fill(['fa', 'prog', 'proj']));
    expect(await store.listAlerts({ initiativeId: 'fa' }, { limit: 50 })).toHaveLength(4);
  });

  it('moves open alerts with their initiative: listed under the new ancestor, no longer under the old one', async () => {
    const e = engine();
    const event = (streamId: string, streamVersion: number) => ({ streamId, streamVersion }) as StoredEvent;
    await views.putInitiative(view('fa', { kind: 'focusArea' }));
    await views.putInitiative(view('fa2', { kind: 'focusArea' }));
    await views.putInitiative(view('prog', { kind: 'programme', parentId: 'fa' }));
    await overdueProject('proj', 'prog');
    await e.evaluateNow();
    const under = async (initiativeId: string) =>
      (await store.listAlerts({ initiativeId, status: 'open' }, { limit: 50 })).map((a) => a.subjectId).sort();
    const projectAlerts = ['proj-b1', 'proj-m1', 'proj-m2', 'proj-m3'];
    expect(await under('fa')).toEqual(projectAlerts);

    // The programme moves to the other focus area: the project's alerts go with it, raised once only.
    await views.putInitiative(view('prog', { kind: 'programme', parentId: 'fa2', version: 2 }));
    const raised = (await store.listAlerts({}, { limit: 50 })).length;
    await e.handleEvents([event('prog', 2)]);
    expect((await store.listAlerts({}, { limit: 50 })).length).toBe(raised);
    expect(await under('fa')).toEqual([]);
    expect(await under('fa2')).toEqual(projectAlerts);
    const paths = (await store.listAlerts({ initiativeId: 'proj' }, { limit: 50 })).map((a) => a.path);
    expect(paths).toEqual(Array(4).fill(['fa2', 'prog', 'proj']));
  });

  it('retries a failing receiver with backoff and logs every attempt', async () => {
    const r = await receiver((i) => (i < 2 ? 500 : 200));
    await views.putInitiative(view('proj', { milestones: [milestone('m1', '2025-03-01T00:00:00.000Z')] }));
    await subscribe('s1', 'proj', r.url);
    const e = engine({ groupWaitMs: 0, retryBaseMs: 30 });
    e.start();
    const { raised } = await e.evaluateNow();
    await waitFor(async () => (await store.listDueNotifications(Number.MAX_SAFE_INTEGER, 10)).length === 0, {
      what: 'delivered',
    });
    await e.idle();
    expect(r.requests.map((q) => q.status)).toEqual([500, 500, 200]);
    const [item] = await store.listItemsOfAlert(raised[0]!);
    const attempts = await store.listAttempts([item!.notificationId]);
    expect(attempts.map((a) => [a.attempt, a.ok, a.statusCode])).toEqual([
      [1, false, 500],
      [2, false, 500],
      [3, true, 200],
    ]);
    // Exponential backoff: the second wait is at least the doubled base.
    expect(attempts[2]!.startedAtMs - attempts[1]!.startedAtMs).toBeGreaterThanOrEqual(60);
    expect((await store.getNotifications([item!.notificationId]))[0]).toMatchObject({
      done: true,
      outcome: 'delivered',
    });
  });

  it('survives a delivery whose outcome cannot be recorded, and sends it again under the same delivery id', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const r = await receiver();
      await views.putInitiative(view('proj', { milestones: [milestone('m1', '2025-03-01T00:00:00.000Z')] }));
      await subscribe('s1', 'proj', r.url);
      jest.spyOn(store, 'finishAttempt').mockRejectedValueOnce(new Error('connection 68 closed'));
      const e = engine({ groupWaitMs: 0, webhookTimeoutMs: 100, leaseGraceMs: 50 });
      e.start();
      const { raised } = await e.evaluateNow();
      const [item] = await waitFor(
        async () => {
          const items = await store.listItemsOfAlert(raised[0]!);
          const done = items[0] && (await store.getNotifications([items[0].notificationId]))[0]?.done;
          return done ? items : null;
        },
        { what: 'the notification delivered and recorded' },
      );
      await e.idle();
      expect(unhandled).toEqual([]);
      expect(r.requests.length).toBe(2);
      expect(new Set(r.requests.map((q) => q.json.deliveryId)).size).toBe(1);
      expect((await store.getNotifications([item!.notificationId]))[0]).toMatchObject({ outcome: 'delivered' });
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });

  it('dead-letters a receiver that never answers without holding up other deliveries', async () => {
    const hanging = await receiver(() => 'hang');
    const good = await receiver();
    await overdueProject('slow');
    await overdueProject('fast');
    await subscribe('s-slow', 'slow', hanging.url);
    await subscribe('s-fast', 'fast', good.url);
    const e = engine({ groupWaitMs: 0, webhookTimeoutMs: 1_500, maxAttempts: 2, deliveryConcurrency: 3 });
    e.start();
    await e.evaluateNow();
    // Every fast alert arrives while the slow receiver holds requests open.
    await waitFor(() => hanging.hanging() > 0, { what: 'a slow delivery in flight' });
    await waitFor(() => eventIdsIn(good.requests).length === 4, { what: 'fast deliveries' });
    expect(hanging.hanging()).toBeGreaterThan(0);
    await waitFor(async () => (await store.listDueNotifications(Number.MAX_SAFE_INTEGER, 50)).length === 0, {
      what: 'slow deliveries dead-lettered',
      timeoutMs: 20_000,
    });
    await e.idle();
    const slowItems = (await store.listAlerts({ initiativeId: 'slow' }, { limit: 10 })).map((a) => a.id);
    for (const alertId of slowItems) {
      const [item] = await store.listItemsOfAlert(alertId);
      const [n] = await store.getNotifications([item!.notificationId]);
      expect(n).toMatchObject({ done: true, outcome: 'deadLetter' });
      const attempts = await store.listAttempts([n!.id]);
      expect(attempts).toHaveLength(2);
      expect(attempts.every((a) => a.finished && !a.ok && /no answer within 1500 ms/.test(a.error ?? ''))).toBe(true);
    }
  }, 30_000);

  it('takes over an attempt whose instance died (lease expired) and routes events left unrouted', async () => {
    const r = await receiver();
    await views.putInitiative(view('proj', { milestones: [milestone('m1', '2025-03-01T00:00:00.000Z')] }));
    await subscribe('s1', 'proj', r.url);
    // Instance "dead" raised the alert and claimed attempt 1, then vanished.
    const dead = engine({ groupWaitMs: 0 }, { instanceId: 'dead' });
    await dead.dispatcher.stop();
    const { raised } = await dead.evaluateNow();
    const [item] = await store.listItemsOfAlert(raised[0]!);
    await store.insertAttempt(
      attemptRecord(item!.notificationId, 1, {
        instance: 'dead',
        startedAtMs: Date.now(),
        leaseUntilMs: Date.now() + 200,
        itemIds: [item!.id],
      }),
    );
    // And an event it recorded but never routed.
    await store.insertEvent({
      ...(await store.getEvent(`${raised[0]}:raised`))!,
      id: `${raised[0]}:repeat:1`,
      kind: 'repeated',
      recordedAtMs: Date.now() - 60_000,
      routed: false,
    });

    const survivor = engine({ groupWaitMs: 0, leaseGraceMs: 100 }, { instanceId: 'survivor' });
    survivor.start();
    await waitFor(() => eventIdsIn(r.requests).length === 2, { what: 'both events delivered by the survivor' });
    await survivor.idle();
    const attempts = await store.listAttempts([item!.notificationId]);
    expect(attempts.map((a) => [a.attempt, a.instance, a.finished])).toEqual([
      [1, 'dead', false],
      [2, 'survivor', true],
    ]);
    expect(new Set(eventIdsIn(r.requests))).toEqual(new Set([`${raised[0]}:raised`, `${raised[0]}:repeat:1`]));
  });

  it('on an event, waits for the read model to reach its version, and skips events the view is already past', async () => {
    const e = engine();
    const event = (streamVersion: number) => ({ streamId: 'proj', streamVersion }) as StoredEvent;
    await expect(e.handleEvent(event(1))).rejects.toBeInstanceOf(ReadModelBehindError);

    const evaluated = jest.spyOn(e.evaluator, 'evaluateSubtrees');
    const pending = e.handleEvent(event(1));
    await views.putInitiative(view('proj', { version: 1, milestones: [milestone('m1', '2025-03-01T00:00:00.000Z')] }));
    await pending;
    expect(evaluated).toHaveBeenCalledTimes(1);
    expect(await store.listAlerts({}, { limit: 10 })).toHaveLength(1);

    await views.putInitiative(view('proj', { version: 3 }));
    await e.handleEvent(event(2));
    expect(evaluated).toHaveBeenCalledTimes(1);
  });

  it('evaluates each initiative of a run of events once, at its newest version in the run, with one read of their open alerts', async () => {
    const e = engine();
    const event = (streamId: string, streamVersion: number) => ({ streamId, streamVersion }) as StoredEvent;
    await views.putInitiative(view('proj', { version: 3, milestones: [milestone('m1', '2025-03-01T00:00:00.000Z')] }));
    await views.putInitiative(view('other', { version: 1, milestones: [milestone('m2', '2025-03-01T00:00:00.000Z')] }));
    const evaluated = jest.spyOn(e.evaluator, 'evaluateSubtrees');
    const openAlertsRead = jest.spyOn(store, 'listUnresolved');
    await e.handleEvents([event('proj', 1), event('other', 1), event('proj', 2), event('proj', 3)]);
    expect(evaluated.mock.calls.map(([roots]) => roots.map((root) => [root.id, root.version]))).toEqual([
      [
        ['proj', 3],
        ['other', 1],
      ],
    ]);
    expect(openAlertsRead).toHaveBeenCalledTimes(1);
    expect((await store.listAlerts({}, { limit: 10 })).map((a) => a.initiativeId).sort()).toEqual(['other', 'proj']);
    // A run whose newest event the view has not reached yet is handed over again later.
    await expect(e.handleEvents([event('proj', 4)])).rejects.toBeInstanceOf(ReadModelBehindError);
  });

  it('evaluates what lies beneath an initiative only when its pause or place changed since it was last reconciled', async () => {
    const e = engine();
    const event = (streamId: string, streamVersion: number) => ({ streamId, streamVersion }) as StoredEvent;
    const focusArea = (version: number, status: 'active' | 'paused', parentId: string | null = null) =>
      views.putInitiative(view('fa', { kind: 'focusArea', version, status, parentId }));
    await views.putInitiative(view('top', { kind: 'focusArea', version: 1 }));
    await overdueProject('proj', 'fa');
    const childrenListed = jest.spyOn(views, 'listInitiatives');
    const milestoneAlerts = async () =>
      (await store.listAlerts({}, { limit: 50 })).filter(
        (a) => a.initiativeId === 'proj' && a.rule.startsWith('milestone'),
      );

    await focusArea(1, 'active');
    await e.handleEvents([event('fa', 1)]); // not reconciled here before: with everything beneath
    expect(childrenListed).toHaveBeenCalled();
    expect((await milestoneAlerts()).map((a) => [a.silenced, a.path])).toEqual(Array(3).fill([false, ['fa', 'proj']]));

    childrenListed.mockClear();
    await focusArea(2, 'active');
    await e.handleEvents([event('fa', 2)]); // a change of its own: alone
    expect(childrenListed).not.toHaveBeenCalled();

    await focusArea(3, 'paused');
    await e.handleEvents([event('fa', 3)]);
    expect(childrenListed).toHaveBeenCalled();
    expect((await milestoneAlerts()).map((a) => a.silenced)).toEqual([true, true, true]);

    childrenListed.mockClear();
    await focusArea(4, 'paused');
    await e.handleEvents([event('fa', 4)]);
    expect(childrenListed).not.toHaveBeenCalled();

    // Resumed and moved beneath another focus area: everything beneath is evaluated again.
    await focusArea(5, 'active', 'top');
    await e.handleEvents([event('fa', 5)]);
    expect(childrenListed).toHaveBeenCalled();
    expect((await milestoneAlerts()).map((a) => a.silenced)).toEqual([false, false, false]);
    childrenListed.mockClear();
    await focusArea(6, 'active', null);
    await e.handleEvents([event('fa', 6)]);
    expect(childrenListed).toHaveBeenCalled();
  });
});
