/**
 * Two notifier instances (evaluator + router + dispatcher each) on one alert store and one
 * read model: every alert is raised once and every notification delivered once. Run on
 * SQLite (unit) and MongoDB (int).
 */
import { ManualClock } from '@followup/platform';
import type { InitiativeView, ReadModelStore } from '@followup/read-model';
import { waitFor } from '@followup/messaging/testing/wait-for';
import { AlertEngine } from '../engine/alert-engine';
import type { AlertStore } from '../store/alert-store.port';
import { eventIdsIn, hasValidSignature, loopbackWebhooks, testAlertingConfig } from './engine-fixtures';
import { startReceiver, type TestReceiver } from './receiver';
import { benefit, indicator, milestone, view, withIndicators } from './views';

export interface TwoInstancesSetup {
  readonly storeA: AlertStore;
  readonly storeB: AlertStore;
  readonly views: ReadModelStore;
}

const SECRET_1 = 'first-subscription-secret';
const SECRET_2 = 'second-subscription-secret';

export function twoInstancesScenario(
  adapter: string,
  open: () => Promise<TwoInstancesSetup & { dispose(): Promise<void> }>,
): void {
  describe(`two notifier instances on shared stores: ${adapter}`, () => {
    let setup: TwoInstancesSetup & { dispose(): Promise<void> };
    let receivers: TestReceiver[] = [];
    let engines: AlertEngine[] = [];

    afterEach(async () => {
      await Promise.all(engines.map((e) => e.stop()));
      await Promise.all(receivers.map((r) => r.close()));
      await setup.dispose();
      engines = [];
      receivers = [];
    });

    async function put(...views: InitiativeView[]) {
      for (const v of views) await setup.views.putInitiative(v);
    }

    /** Every notification either delivered or dead-lettered, and no instance sending. */
    async function settled() {
      await waitFor(async () => (await setup.storeA.listDueNotifications(Number.MAX_SAFE_INTEGER, 10)).length === 0, {
        what: 'every notification done',
      });
      await Promise.all(engines.map((e) => e.idle()));
    }

    it('raises, delivers and resolves each alert exactly once', async () => {
      setup = await open();
      const clock = new ManualClock(new Date('2025-03-10T12:00:00.000Z'));
      const r1 = await startReceiver();
      const r2 = await startReceiver();
      receivers = [r1, r2];
      const config = testAlertingConfig();
      engines = [
        new AlertEngine({
          store: setup.storeA,
          views: setup.views,
          clock,
          config,
          instanceId: 'A',
          webhook: loopbackWebhooks(),
        }),
        new AlertEngine({
          store: setup.storeB,
          views: setup.views,
          clock,
          config,
          instanceId: 'B',
          webhook: loopbackWebhooks(),
        }),
      ];
      const [a, b] = engines as [AlertEngine, AlertEngine];

      const fa = view('fa', { kind: 'focusArea', title: 'Green transition' });
      const prog = view('prog', { kind: 'programme', parentId: 'fa' });
      let proj = withIndicators(
        view('proj', {
          parentId: 'prog',
          milestones: [milestone('m1', '2025-03-05T00:00:00.000Z'), milestone('m2', '2025-03-08T00:00:00.000Z')],
          benefits: [benefit('b1', '2025-03-01T00:00:00.000Z')],
        }),
        [indicator('i1', { value: 11, at: '2025-03-01T00:00:00.000Z' })],
      );
      const fa2 = view('fa2', { kind: 'focusArea', milestones: [milestone('m3', '2025-03-09T00:00:00.000Z')] });
      await put(fa, prog, proj, fa2);
      const sub = (id: string, initiativeId: string, url: string, secret: string) =>
        setup.storeA.insertSubscription({
          id,
          initiativeId,
          owner: { sub: 'lena', name: 'Lena Leader' },
          webhookUrl: url,
          secret,
          minSeverity: 'info',
          createdAt: clock.now().toISOString(),
        });
      await sub('s1', 'fa', r1.url, SECRET_1);
      await sub('s2', 'fa2', r2.url, SECRET_2);

      // Both instances evaluate at once, twice each.
      const reports = await Promise.all([a.evaluateNow(), b.evaluateNow(), a.evaluateNow(), b.evaluateNow()]);
      const raised = reports.flatMap((r) => r.raised);
      expect(raised).toHaveLength(5);
      expect(new Set(raised).size).toBe(5);
      expect(await setup.storeB.listAlerts({}, { limit: 50 })).toHaveLength(5);

      a.start();
      b.start();
      await waitFor(() => new Set(eventIdsIn(r1.requests)).size === 4 && new Set(eventIdsIn(r2.requests)).size === 1, {
        what: 'deliveries of the five raised alerts',
      });
      await settled();
      const delivered = [...eventIdsIn(r1.requests), ...eventIdsIn(r2.requests)];
      expect(delivered).toHaveLength(5);
      expect(new Set(delivered)).toEqual(new Set(raised.map((id) => `${id}:raised`)));
      for (const request of r1.requests) expect(hasValidSignature(request, SECRET_1)).toBe(true);
      for (const request of r2.requests) expect(hasValidSignature(request, SECRET_2)).toBe(true);

      // A change both instances see: one milestone achieved -> its overdue alert resolves once.
      proj = {
        ...proj,
        version: 2,
        milestones: [
          milestone('m1', '2025-03-05T00:00:00.000Z', { status: 'achieved', achievedAt: '2025-03-10T00:00:00.000Z' }),
          proj.milestones[1]!,
        ],
      };
      await put(proj);
      const second = await Promise.all([a.evaluateNow(), b.evaluateNow()]);
      const resolved = second.flatMap((r) => r.resolved);
      const newlyRaised = second.flatMap((r) => r.raised);
      expect(resolved).toHaveLength(1);
      expect(newlyRaised).toHaveLength(1); // the "achieved" notice
      await waitFor(() => eventIdsIn(r1.requests).length >= 6, { what: 'resolution and notice delivered' });
      await settled();
      const all = eventIdsIn(r1.requests);
      expect(all).toHaveLength(6);
      expect(new Set(all).size).toBe(6);
      expect(all).toContain(`${resolved[0]}:resolved`);
      expect(all).toContain(`${newlyRaised[0]}:raised`);

      // Both instances handle the same event (at-least-once delivery): still nothing twice.
      proj = {
        ...proj,
        version: 3,
        benefits: [
          benefit('b1', '2025-03-01T00:00:00.000Z', {
            realisations: [{ id: 'r1', value: 1, at: '2025-03-10T00:00:00.000Z', note: null }],
          }),
        ],
      };
      await put(proj);
      const event = { streamId: 'proj', streamVersion: 3 } as Parameters<AlertEngine['handleEvent']>[0];
      await Promise.all([a.handleEvent(event), b.handleEvent(event), a.handleEvent(event)]);
      await waitFor(() => eventIdsIn(r1.requests).length >= 7, { what: 'benefit resolution delivered' });
      await settled();
      expect(eventIdsIn(r1.requests)).toHaveLength(7);
      const alerts = await setup.storeA.listAlerts({}, { limit: 50 });
      expect(alerts).toHaveLength(6);
      expect(
        alerts
          .filter((x) => x.status === 'resolved')
          .map((x) => x.rule)
          .sort(),
      ).toEqual(['benefit.realisationOverdue', 'milestone.overdue']);
    });
  });
}
