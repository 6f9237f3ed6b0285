import { startApi, type ApiHarness } from '../support/api-harness';
import { expectStatus, InitiativesClient } from '../support/initiatives-client';

/*
 * GET /initiatives/{id}/rollup over real HTTP writes. The plan, written at 2025-03-01T12:00Z
 * and read at 2025-03-08T12:00Z (30 days later: 2025-04-07T12:00Z):
 *
 *   fa  focusArea  active   co2  "tonnes" sum  decrease 1000 -> 800, measured 960   onTrack
 *   ├─ prog  programme  paused (decision)   milestones "Tender" due 03-05 (overdue at 03-08),
 *   │  │                                    "Contract" due 03-20 (due soon), "Go-live" due 04-15 (later)
 *   │  └─ proj  project  active   co2  "tonnes" sum  decrease 500 -> 300, measured 490  offTrack
 *   │                            pax  "percent" mean increase 40 -> 50 @02-01, 70 @12-31, unmeasured: offTrack (target date passed)
 *   │                            cost "NOK" none                                       unknown
 *   │                            benefit due 03-05, nothing realised (overdue)
 *   └─ meas  measure  active (directly under the focus area)
 *                                sat  "percent" mean increase 60 -> 80, measured 64    onTrack
 *                                benefit due 2026-12-31, realised
 *
 * (Statuses: baseline 2025-01-01, last target 2025-12-31, measured 2025-02-28, so 58/364 of the
 * way is expected: co2 fa 31.9 due / 40 done; proj 31.9 due / 10 done; sat 3.2 due / 4 done.)
 */
describe('GET /initiatives/{id}/rollup', () => {
  let api: ApiHarness;
  let cw: InitiativesClient;
  const ids: Record<string, string> = {};
  const measured = { value: 0, at: '2025-02-28T00:00:00Z' };
  const baseline = (value: number) => ({ value, at: '2025-01-01T00:00:00Z' });
  const target = (value: number) => [{ value, at: '2025-12-31T00:00:00Z' }];

  beforeAll(async () => {
    api = await startApi({ now: '2025-03-01T12:00:00.000Z' });
    cw = await InitiativesClient.as(api, ['caseworker']);

    ids.fa = await cw.activeInitiative({ id: 'ro-fa', title: 'Green transition' });
    const faGoal = await cw.defineGoal(ids.fa);
    const faCo2 = await cw.defineIndicator(ids.fa, faGoal, {
      name: 'CO2 emissions',
      unit: 'tonnes',
      aggregation: 'sum',
      direction: 'decrease',
      baseline: baseline(1000),
      targets: target(800),
    });
    await cw.recordMeasurement(ids.fa, faCo2, { ...measured, value: 960 });

    ids.prog = await cw.activeInitiative({
      id: 'ro-prog',
      kind: 'programme',
      title: 'Clean transport',
      parentId: ids.fa,
    });
    ids.tender = await cw.planMilestone(ids.prog, { title: 'Tender', dueAt: '2025-03-05T00:00:00Z' });
    ids.contract = await cw.planMilestone(ids.prog, { title: 'Contract', dueAt: '2025-03-20T00:00:00Z' });
    await cw.planMilestone(ids.prog, { title: 'Go-live', dueAt: '2025-04-15T00:00:00Z' });
    await cw.decide(ids.prog, { kind: 'pause', summary: 'Wait for the budget' });

    ids.proj = await cw.activeInitiative({
      id: 'ro-proj',
      kind: 'project',
      title: 'Electric ferries',
      parentId: ids.prog,
    });
    const projGoal = await cw.defineGoal(ids.proj);
    const projCo2 = (ids.projCo2 = await cw.defineIndicator(ids.proj, projGoal, {
      name: 'CO2 emissions',
      unit: 'tonnes',
      aggregation: 'sum',
      direction: 'decrease',
      baseline: baseline(500),
      targets: target(300),
    }));
    await cw.recordMeasurement(ids.proj, projCo2, { ...measured, value: 490 });
    ids.pax = await cw.defineIndicator(ids.proj, projGoal, {
      name: 'Satisfied passengers',
      unit: 'percent',
      aggregation: 'mean',
      baseline: baseline(40),
      targets: [
        { value: 50, at: '2025-02-01T00:00:00Z' },
        { value: 70, at: '2025-12-31T00:00:00Z' },
      ],
    });
    ids.cost = await cw.defineIndicator(ids.proj, projGoal, {
      name: 'Cost',
      unit: 'NOK',
      aggregation: 'none',
      baseline: baseline(100),
      targets: target(200),
    });
    await cw.registerBenefit(ids.proj, { realisationDue: '2025-03-05T00:00:00Z' });

    ids.meas = await cw.activeInitiative({ id: 'ro-meas', kind: 'measure', title: 'Pupil survey', parentId: ids.fa });
    const measGoal = await cw.defineGoal(ids.meas);
    const sat = await cw.defineIndicator(ids.meas, measGoal, {
      name: 'Satisfied pupils',
      unit: 'percent',
      aggregation: 'mean',
      baseline: baseline(60),
      targets: target(80),
    });
    await cw.recordMeasurement(ids.meas, sat, { ...measured, value: 64 });
    const benefit = await cw.registerBenefit(ids.meas, { kind: 'benefit', realisationDue: '2026-12-31T00:00:00Z' });
    await cw.recordRealisation(ids.meas, benefit, { at: '2025-03-01T00:00:00Z' });

    api.clock.set(new Date('2025-03-08T12:00:00.000Z'));
  });
  afterAll(() => api.dispose());

  it('aggregates the whole subtree of a focus area', async () => {
    const { body } = await expectStatus(cw.get(`/initiatives/${ids.fa}/rollup`), 200);
    expect(body.computedAt).toBe('2025-03-08T12:00:00.000Z');
    // fa's own RAG is green (its co2 is on track); prog (overdue tender) and proj (off track) are red.
    expect(body.root).toEqual({
      id: ids.fa,
      kind: 'focusArea',
      title: 'Green transition',
      status: 'active',
      rag: 'green',
      subtreeRag: 'red',
      // The red descendants are prog and proj; prog comes first by id.
      worstChild: { id: ids.prog, title: 'Clean transport', rag: 'red' },
      ragReasons: [
        {
          kind: 'childRed',
          subjectId: ids.prog,
          title: 'Clean transport',
          detail: 'programme is red: Tender (overdue since 2025-03-05)',
        },
        {
          kind: 'childRed',
          subjectId: ids.proj,
          title: 'Electric ferries',
          detail:
            'project is red: CO2 emissions (off track: latest 490 tonnes at 2025-02-28); ' +
            'Satisfied passengers (off track: nothing measured)',
        },
      ],
    });
    expect(body.initiatives).toBe(4);
    expect(body.byStatus).toEqual({ planned: 0, active: 3, paused: 1, closed: 0, stopping: 0 });
    // green: fa, meas; red: prog (overdue milestone), proj (off track twice)
    expect(body.byRag).toEqual({ green: 2, amber: 0, red: 2, unknown: 0 });
    expect(body.byKind).toEqual({ focusArea: 1, programme: 1, agreedDelivery: 0, project: 1, measure: 1 });
    expect(body.milestones).toEqual({
      overdue: [
        {
          initiativeId: ids.prog,
          initiativeTitle: 'Clean transport',
          milestoneId: ids.tender,
          title: 'Tender',
          dueAt: '2025-03-05T00:00:00Z',
        },
      ],
      dueIn30Days: [
        {
          initiativeId: ids.prog,
          initiativeTitle: 'Clean transport',
          milestoneId: ids.contract,
          title: 'Contract',
          dueAt: '2025-03-20T00:00:00Z',
        },
      ],
      planned: 3,
      achieved: 0,
      missed: 0,
      cancelled: 0,
    });
    // onTrack: fa co2, meas sat; offTrack: proj co2, pax (its 02-01 target passed, nothing measured); unknown: cost
    expect(body.indicators).toEqual({
      total: 5,
      byStatus: { onTrack: 2, atRisk: 0, offTrack: 2, stale: 0, unknown: 1 },
    });
    expect(body.benefits).toMatchObject({ planned: 2, realised: 1, overdue: 1 });
  });

  it('sums tonnes, averages percent, and names what it left out', async () => {
    const { body } = await expectStatus(cw.get(`/initiatives/${ids.fa}/rollup`), 200);
    // Members are listed breadth first, siblings by id: ro-fa, ro-meas, ro-prog, ro-proj.
    // percent/mean: (60 + 40) / 2 = 50 baseline; (64 + 40, pax unmeasured) / 2 = 52 latest; (80 + 70, pax's next target) / 2 = 75
    // tonnes/sum:   1000 + 500 = 1500 baseline;   960 + 490 = 1450 latest;                  800 + 300 = 1100 target
    expect(body.aggregates).toEqual([
      expect.objectContaining({
        unit: 'percent',
        aggregation: 'mean',
        indicatorCount: 2,
        baseline: 50,
        latest: 52,
        measuredCount: 1,
        target: 75,
        initiatives: [ids.meas, ids.proj],
      }),
      expect.objectContaining({
        name: 'CO2 emissions',
        unit: 'tonnes',
        aggregation: 'sum',
        indicatorCount: 2,
        baseline: 1500,
        latest: 1450,
        target: 1100,
      }),
    ]);
    expect(body.notAggregated).toEqual([
      {
        indicatorId: ids.cost,
        initiativeId: ids.proj,
        name: 'Cost',
        unit: 'NOK',
        aggregation: 'none',
        reason: 'aggregation is none',
      },
    ]);
  });

  it('agrees with GET /initiatives/{id} on each own RAG', async () => {
    const rags = await Promise.all([ids.fa, ids.prog, ids.proj, ids.meas].map(async (id) => (await cw.status(id)).rag));
    expect(rags).toEqual(['green', 'red', 'red', 'green']);
  });

  it('rolls up a middle level: the programme and its project', async () => {
    const { body } = await expectStatus(cw.get(`/initiatives/${ids.prog}/rollup`), 200);
    expect(body.root).toMatchObject({ id: ids.prog, status: 'paused', rag: 'red', subtreeRag: 'red' });
    expect(body.initiatives).toBe(2);
    expect(body.aggregates).toEqual([]);
    // Alone beneath the programme, the project's tonnes and percent indicators have nothing to add up with.
    expect(body.notAggregated.map((n: { indicatorId: string; reason: string }) => [n.indicatorId, n.reason])).toEqual([
      [ids.projCo2, 'only indicator with unit "tonnes" aggregated by sum'],
      [ids.pax, 'only indicator with unit "percent" aggregated by mean'],
      [ids.cost, 'aggregation is none'],
    ]);
  });

  it('moves with the clock: the contract becomes overdue after 03-20', async () => {
    api.clock.set(new Date('2025-03-21T00:00:00.000Z'));
    try {
      const { body } = await expectStatus(cw.get(`/initiatives/${ids.fa}/rollup`), 200);
      expect(body.milestones.overdue.map((m: { title: string }) => m.title)).toEqual(['Tender', 'Contract']);
      expect(body.milestones.dueIn30Days.map((m: { title: string }) => m.title)).toEqual(['Go-live']);
    } finally {
      api.clock.set(new Date('2025-03-08T12:00:00.000Z'));
    }
  });

  it('is open to every role', async () => {
    for (const role of ['leader', 'auditor', 'admin']) {
      const client = await InitiativesClient.as(api, [role]);
      await expectStatus(client.get(`/initiatives/${ids.meas}/rollup`), 200);
    }
  });

  it('answers 404 for an unknown initiative, 400 for a malformed id, 401 without a token', async () => {
    const missing = await expectStatus(cw.get('/initiatives/no-such-initiative/rollup'), 404);
    expect(missing.body).toMatchObject({ statusCode: 404, code: 'InitiativeNotFound' });
    const bad = await expectStatus(cw.get('/initiatives/bad%20id!/rollup'), 400);
    expect(bad.body.details).toEqual([expect.objectContaining({ field: 'id' })]);
    await expectStatus(api.http.get(`/initiatives/${ids.fa}/rollup`), 401);
  });
});
