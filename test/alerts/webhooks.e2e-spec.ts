import { waitFor } from '@followup/messaging/testing/wait-for';
import { eventIdsIn, hasValidSignature } from '@followup/alerting/testing/engine-fixtures';
import { startReceiver, type TestReceiver } from '@followup/alerting/testing/receiver';
import { startApi, type ApiHarness } from '../support/api-harness';
import { expectStatus, InitiativesClient } from '../support/initiatives-client';
import { alertEnv, listAlerts, notifier, waitForAlerts } from './support/alerts';

/*
 * Webhook delivery end to end: a real HTTP receiver on 127.0.0.1 (random port), subscriptions
 * made over the API, alerts raised by the embedded notifier. Short windows and retries here;
 * the defaults are 30 s grouping, 1 s base backoff, 5 tries, 5 s timeout.
 */
alertEnv({
  ALERT_GROUP_WAIT_MS: '150',
  ALERT_DISPATCH_MS: '20',
  ALERT_RETRY_BASE_MS: '50',
  ALERT_MAX_ATTEMPTS: '3',
  ALERT_WEBHOOK_TIMEOUT_MS: '1000',
  ALERT_LEASE_GRACE_MS: '1000',
});

const SECRET = 'webhook-e2e-secret-0123456789';

interface Delivery {
  status: 'pending' | 'delivered' | 'deadLetter';
  channel: string;
  subscriptionId?: string;
  attempts: Array<{
    attempt: number;
    at: string;
    outcome: string;
    statusCode?: number;
    error?: string;
    durationMs?: number;
  }>;
}

describe('webhook delivery (embedded mode, real HTTP receiver)', () => {
  let api: ApiHarness;
  let cw: InitiativesClient;
  let leader: InitiativesClient;
  let receivers: TestReceiver[];

  beforeEach(async () => {
    api = await startApi({ now: '2025-03-10T12:00:00.000Z' });
    cw = await InitiativesClient.as(api, ['caseworker']);
    leader = await InitiativesClient.as(api, ['leader'], 'lena', 'Lena Leader');
    receivers = [];
  });
  afterEach(async () => {
    await api.dispose();
    await Promise.all(receivers.map((r) => r.close()));
  });

  async function receiver(behaviour?: Parameters<typeof startReceiver>[0]): Promise<TestReceiver> {
    const r = await startReceiver(behaviour);
    receivers.push(r);
    return r;
  }

  async function subscribe(initiativeId: string, url: string): Promise<string> {
    return (
      await expectStatus(leader.post('/alert-subscriptions', { initiativeId, webhookUrl: url, secret: SECRET }), 201)
    ).body.id;
  }

  /**
   * A focus area the leader subscribes to (a subscription gets the alert events recorded after
   * it), with a project holding `overdue` milestones already past due.
   */
  async function area(title: string, overdue: number, url: string) {
    const fa = await cw.activeInitiative({ kind: 'focusArea', title });
    await subscribe(fa, url);
    const proj = await cw.activeInitiative({ kind: 'project', title: `${title} project`, parentId: fa });
    const milestones: string[] = [];
    for (let i = 1; i <= overdue; i++)
      milestones.push(await cw.planMilestone(proj, { title: `${title} M${i}`, dueAt: `2025-03-0${i}T00:00:00Z` }));
    return { fa, proj, milestones };
  }

  const deliveriesOf = async (alertId: string): Promise<Delivery[]> =>
    (await expectStatus(leader.get(`/alerts/${alertId}/deliveries`), 200)).body.items;

  async function settledDeliveries(alertId: string, timeoutMs = 10_000): Promise<Delivery[]> {
    return waitFor(
      async () => {
        const deliveries = await deliveriesOf(alertId);
        return deliveries.length > 0 && deliveries.every((d) => d.status !== 'pending') ? deliveries : null;
      },
      { timeoutMs, what: `deliveries of ${alertId} to settle` },
    );
  }

  it('delivers each alert once, signed, grouped per subscription; the delivery log shows it', async () => {
    const r = await receiver();
    const fa = await cw.activeInitiative({ kind: 'focusArea', title: 'Ferries' });
    await subscribe(fa, r.url);
    const proj = await cw.activeInitiative({ kind: 'project', title: 'Ferry project', parentId: fa });
    const milestones: string[] = [];
    for (const day of ['01', '02', '03'])
      milestones.push(await cw.planMilestone(proj, { title: `Ferry M${day}`, dueAt: `2025-05-${day}T00:00:00Z` }));
    await cw.registerBenefit(proj, { realisationDue: '2025-05-05T00:00:00Z' });
    // All four fall due together: one evaluation raises them, within one grouping window.
    api.clock.set('2025-05-10T12:00:00.000Z');
    await notifier(api).evaluateNow();
    const alerts = await waitForAlerts(leader, `status=open&initiativeId=${fa}`, [
      'benefit.realisationOverdue:warning/2025-05-05',
      'milestone.overdue:critical/2025-05-01',
      'milestone.overdue:critical/2025-05-02',
      'milestone.overdue:critical/2025-05-03',
    ]);

    await waitFor(() => eventIdsIn(r.requests).length >= 4, { what: 'four alerts delivered' });
    for (const alert of alerts) await settledDeliveries(alert.id);
    // Each alert exactly once, every body signed with the subscription's secret.
    expect(eventIdsIn(r.requests).sort()).toEqual(alerts.map((a) => `${a.id}:raised`).sort());
    for (const request of r.requests) {
      expect(hasValidSignature(request, SECRET)).toBe(true);
      expect(hasValidSignature(request, 'another-secret-entirely')).toBe(false);
      expect(request.headers['content-type']).toBe('application/json');
      expect(Number(request.headers['x-followup-timestamp'])).toBeGreaterThan(1_700_000_000);
      expect(request.headers['x-followup-delivery']).toBe(request.json.deliveryId);
    }
    // Raised in one evaluation, they share one window (two when it straddles a window boundary).
    expect(r.requests.length).toBeLessThanOrEqual(2);
    const body = r.requests[0]!.json;
    expect(body.alerts[0]).toMatchObject({
      event: 'raised',
      alert: { initiativeId: proj, status: 'open', severity: expect.any(String) },
    });

    const detail = (await expectStatus(leader.get(`/alerts/${alerts[0]!.id}`), 200)).body;
    expect(detail.deliveries).toEqual([
      {
        notificationId: expect.stringMatching(/^wh:/),
        channel: 'webhook',
        subscriptionId: expect.any(String),
        status: 'delivered',
        attempts: [
          {
            attempt: 1,
            at: '2025-05-10T12:00:00.000Z',
            outcome: 'success',
            statusCode: 200,
            durationMs: expect.any(Number),
          },
        ],
      },
    ]);

    // The condition clears: the resolution is delivered too, once.
    await expectStatus(
      cw.post(`/initiatives/${proj}/milestones/${milestones[0]}/achieve`, {
        achievedAt: '2025-05-10T00:00:00Z',
        evaluation: 'Late but done',
      }),
      200,
    );
    const overdue1 = alerts.find((a) => a.dueAt?.startsWith('2025-05-01'))!;
    await waitFor(() => eventIdsIn(r.requests).includes(`${overdue1.id}:resolved`), { what: 'resolution delivered' });
    const achieved = await waitFor(
      async () => (await listAlerts(leader, `rule=milestone.achieved&initiativeId=${fa}`))[0],
      { what: 'achieved notice' },
    );
    await waitFor(() => eventIdsIn(r.requests).includes(`${achieved.id}:raised`), {
      what: 'achieved notice delivered',
    });
    await settledDeliveries(overdue1.id);
    const ids = eventIdsIn(r.requests);
    expect(ids).toHaveLength(new Set(ids).size);
    expect(ids).toHaveLength(6);
  });

  it('a receiver answering 500 twice, then 200, gets exactly one successful delivery after three logged attempts', async () => {
    const r = await receiver((i) => (i < 2 ? 500 : 200));
    const { fa } = await area('Flaky', 1, r.url);
    await notifier(api).evaluateNow();
    const [alert] = await waitForAlerts(leader, `status=open&initiativeId=${fa}`, [
      'milestone.overdue:critical/2025-03-01',
    ]);
    const [delivery] = await settledDeliveries(alert!.id);
    expect(delivery).toMatchObject({ status: 'delivered', channel: 'webhook' });
    expect(delivery!.attempts.map((a) => [a.attempt, a.outcome, a.statusCode])).toEqual([
      [1, 'failure', 500],
      [2, 'failure', 500],
      [3, 'success', 200],
    ]);
    expect(delivery!.attempts[0]!.error).toBe('HTTP 500');
    expect(r.requests.map((q) => q.status)).toEqual([500, 500, 200]);
    expect(r.requests.filter((q) => q.status === 200)).toHaveLength(1);
    // Every attempt carries the same alert, signed, with its attempt number.
    expect(r.requests.map((q) => q.headers['x-followup-attempt'])).toEqual(['1', '2', '3']);
    expect(new Set(r.requests.map((q) => q.headers['x-followup-delivery'])).size).toBe(1);
    expect(r.requests.every((q) => hasValidSignature(q, SECRET))).toBe(true);
    expect(eventIdsIn(r.requests.filter((q) => q.status === 200))).toEqual([`${alert!.id}:raised`]);
  });

  it('a receiver that never answers ends in dead letter without blocking other deliveries', async () => {
    const hanging = await receiver(() => 'hang');
    const good = await receiver();
    const slow = await area('Silent receiver', 2, hanging.url);
    const fast = await area('Good receiver', 2, good.url);
    await notifier(api).evaluateNow();
    const slowAlerts = await waitForAlerts(leader, `status=open&initiativeId=${slow.fa}`, [
      'milestone.overdue:critical/2025-03-01',
      'milestone.overdue:critical/2025-03-02',
    ]);
    const fastAlerts = await listAlerts(leader, `status=open&initiativeId=${fast.fa}`);

    // The good receiver gets everything while the silent one still holds a request open.
    await waitFor(() => hanging.hanging() > 0, { what: 'a request held by the silent receiver' });
    await waitFor(() => eventIdsIn(good.requests).length === 2, { what: 'deliveries to the good receiver' });
    expect(hanging.hanging()).toBeGreaterThan(0);
    expect(eventIdsIn(good.requests).sort()).toEqual(fastAlerts.map((a) => `${a.id}:raised`).sort());

    // Three tries of one second each (plus backoff), then dead letter.
    for (const alert of slowAlerts) {
      const [delivery] = await settledDeliveries(alert.id, 20_000);
      expect(delivery!.status).toBe('deadLetter');
      expect(delivery!.attempts).toHaveLength(3);
      for (const attempt of delivery!.attempts) {
        expect(attempt).toMatchObject({ outcome: 'failure', error: 'no answer within 1000 ms' });
        expect(attempt.durationMs).toBeGreaterThanOrEqual(900);
      }
    }
    for (const alert of fastAlerts) expect((await settledDeliveries(alert.id))[0]!.status).toBe('delivered');
  }, 30_000);

  it('a pause keeps milestone alerts beneath it from being delivered; resume delivers them', async () => {
    const r = await receiver();
    const fa = await cw.activeInitiative({ kind: 'focusArea', title: 'Culture' });
    await subscribe(fa, r.url);
    const prog = await cw.activeInitiative({ kind: 'programme', title: 'Libraries', parentId: fa });
    const proj = await cw.activeInitiative({ kind: 'project', title: 'Library bus', parentId: prog });
    await cw.decide(prog, { kind: 'pause', summary: 'Budget freeze', occurredAt: '2025-03-10T00:00:00Z' });
    await cw.planMilestone(proj, { title: 'Bus bought', dueAt: '2025-03-05T00:00:00Z' });
    await cw.registerBenefit(proj, { realisationDue: '2025-03-05T00:00:00Z' });
    await notifier(api).evaluateNow();
    const alerts = await waitForAlerts(leader, `status=open&initiativeId=${fa}`, [
      'benefit.realisationOverdue:warning/2025-03-05',
      'milestone.overdue:critical/2025-03-05',
    ]);
    const milestoneAlert = alerts.find((a) => a.rule === 'milestone.overdue')!;
    const benefitAlert = alerts.find((a) => a.rule === 'benefit.realisationOverdue')!;
    expect(milestoneAlert.silenced).toBe(true);
    expect(benefitAlert.silenced).toBe(false);

    // The benefit alert (not silenced) is delivered; the milestone alert is not.
    await settledDeliveries(benefitAlert.id);
    expect(eventIdsIn(r.requests)).toEqual([`${benefitAlert.id}:raised`]);
    expect(await deliveriesOf(milestoneAlert.id)).toEqual([]);

    await cw.decide(prog, { kind: 'resume', summary: 'Budget granted', occurredAt: '2025-03-10T06:00:00Z' });
    await waitFor(() => eventIdsIn(r.requests).some((id) => id.startsWith(`${milestoneAlert.id}:restored`)), {
      what: 'restored alert delivered',
    });
    const restored = r.requests
      .flatMap((q) => q.json.alerts)
      .find((a: { alert: { id: string } }) => a.alert.id === milestoneAlert.id);
    expect(restored).toMatchObject({ event: 'restored', alert: { silenced: false, status: 'open' } });
    expect((await expectStatus(leader.get(`/alerts/${milestoneAlert.id}`), 200)).body.silenced).toBe(false);
  });

  it('re-notifies an unacknowledged overdue alert every repeat interval (24 h), not once acknowledged', async () => {
    const r = await receiver();
    const { fa } = await area('Roads', 1, r.url);
    await notifier(api).evaluateNow();
    const [alert] = await waitForAlerts(leader, `status=open&initiativeId=${fa}`, [
      'milestone.overdue:critical/2025-03-01',
    ]);
    await waitFor(() => eventIdsIn(r.requests).length === 1, { what: 'first notification' });

    api.clock.advance(23 * 60 * 60 * 1000);
    expect((await notifier(api).evaluateNow()).repeated).toEqual([]);
    api.clock.advance(60 * 60 * 1000);
    expect((await notifier(api).evaluateNow()).repeated).toEqual([alert!.id]);
    expect((await notifier(api).evaluateNow()).repeated).toEqual([]);
    await waitFor(() => eventIdsIn(r.requests).includes(`${alert!.id}:repeat:1`), { what: 'repeat delivered' });
    expect(r.requests.flatMap((q) => q.json.alerts).map((a: { event: string }) => a.event)).toEqual([
      'raised',
      'repeated',
    ]);

    await expectStatus(leader.post(`/alerts/${alert!.id}/acknowledge`, { comment: 'Contractor is on it' }), 200);
    api.clock.advance(24 * 60 * 60 * 1000);
    expect((await notifier(api).evaluateNow()).repeated).toEqual([]);
  });
});
