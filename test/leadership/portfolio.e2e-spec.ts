import { startApi, type ApiHarness } from '../support/api-harness';
import { expectStatus, InitiativesClient } from '../support/initiatives-client';

/*
 * GET /portfolio on a fresh store:
 *   pf-a  focusArea active   milestone due 03-10 (due soon at 03-01)
 *   ├─ pf-a-prog  programme planned
 *   │  └─ pf-a-proj  project active, "count" sum 10 -> 30, measured 20 at 02-28
 *   └─ pf-a-meas   measure  active, "count" sum  5 -> 15, measured 10 at 02-28
 *   pf-b  focusArea planned   (nothing beneath)
 * Totals: 5 initiatives; count/sum over both focus areas' indicators = the pf-a ones:
 * baseline 10 + 5 = 15, latest 20 + 10 = 30, target 30 + 15 = 45.
 */
describe('GET /portfolio', () => {
  let api: ApiHarness;
  let cw: InitiativesClient;

  beforeAll(async () => {
    api = await startApi({ now: '2025-03-01T12:00:00.000Z' });
    cw = await InitiativesClient.as(api, ['caseworker']);
  });
  afterAll(() => api.dispose());

  it('is empty before anything is registered', async () => {
    const { body } = await expectStatus(cw.get('/portfolio'), 200);
    expect(body.focusAreas).toEqual([]);
    expect(body.totals).toMatchObject({
      focusAreas: 0,
      initiatives: 0,
      subtreeRag: 'unknown',
      aggregates: [],
      notAggregated: [],
    });
  });

  it('rolls up every focus area and totals the portfolio', async () => {
    await cw.activeInitiative({ id: 'pf-a', title: 'Growth' });
    await cw.planMilestone('pf-a', { title: 'Strategy adopted', dueAt: '2025-03-10T00:00:00Z' });
    await cw.register({ id: 'pf-a-prog', kind: 'programme', title: 'Business support', parentId: 'pf-a' });
    for (const [id, kind, parentId, base, goal, latest] of [
      ['pf-a-proj', 'project', 'pf-a-prog', 10, 30, 20],
      ['pf-a-meas', 'measure', 'pf-a', 5, 15, 10],
    ] as const) {
      await cw.activeInitiative({ id, kind, title: `Title ${id}`, parentId });
      const goalId = await cw.defineGoal(id);
      const indicatorId = await cw.defineIndicator(id, goalId, {
        name: 'Businesses helped',
        unit: 'count',
        aggregation: 'sum',
        baseline: { value: base, at: '2025-01-01T00:00:00Z' },
        targets: [{ value: goal, at: '2025-12-31T00:00:00Z' }],
      });
      await cw.recordMeasurement(id, indicatorId, { value: latest, at: '2025-02-28T00:00:00Z' });
    }
    await cw.register({ id: 'pf-b', title: 'Culture' });

    const leader = await InitiativesClient.as(api, ['leader']);
    const { body } = await expectStatus(leader.get('/portfolio'), 200);
    expect(body.computedAt).toBe('2025-03-01T12:00:00.000Z');
    expect(body.focusAreas.map((r: any) => [r.root.id, r.initiatives, r.root.status])).toEqual([
      ['pf-a', 4, 'active'],
      ['pf-b', 1, 'planned'],
    ]);
    const [a, b] = body.focusAreas;
    expect(a.byKind).toEqual({ focusArea: 1, programme: 1, agreedDelivery: 0, project: 1, measure: 1 });
    expect(a.milestones.dueIn30Days).toEqual([
      expect.objectContaining({ initiativeId: 'pf-a', title: 'Strategy adopted' }),
    ]);
    expect(a.aggregates).toEqual([
      expect.objectContaining({
        name: 'Businesses helped',
        unit: 'count',
        aggregation: 'sum',
        baseline: 15,
        latest: 30,
        target: 45,
        initiatives: ['pf-a-meas', 'pf-a-proj'],
      }),
    ]);
    expect(b).toMatchObject({
      root: { id: 'pf-b', rag: 'unknown', subtreeRag: 'unknown' },
      initiatives: 1,
      aggregates: [],
    });

    // The rollup endpoint gives the same document for a focus area.
    const single = await expectStatus(cw.get('/initiatives/pf-a/rollup'), 200);
    expect(single.body).toEqual(a);

    expect(body.totals).toMatchObject({
      focusAreas: 2,
      initiatives: 5,
      byStatus: { planned: 2, active: 3, paused: 0, closed: 0, stopping: 0 },
      byKind: { focusArea: 2, programme: 1, agreedDelivery: 0, project: 1, measure: 1 },
      milestones: { planned: 1, overdue: [], dueIn30Days: [expect.objectContaining({ title: 'Strategy adopted' })] },
      indicators: { total: 2 },
      aggregates: [expect.objectContaining({ unit: 'count', baseline: 15, latest: 30, target: 45 })],
    });
    // green: pf-a (milestone not yet due), pf-a-proj and pf-a-meas (well ahead of the path); unknown: pf-a-prog, pf-b
    expect(body.totals.byRag).toEqual({ green: 3, amber: 0, red: 0, unknown: 2 });
    expect(body.totals.subtreeRag).toBe('green');
  });

  it('is open to every role and needs a token', async () => {
    for (const role of ['caseworker', 'leader', 'auditor', 'admin']) {
      await expectStatus((await InitiativesClient.as(api, [role])).get('/portfolio'), 200);
    }
    const anonymous = await expectStatus(api.http.get('/portfolio'), 401);
    expect(anonymous.body).toMatchObject({ statusCode: 401 });
  });
});
