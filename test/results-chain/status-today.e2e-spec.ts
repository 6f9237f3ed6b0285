import { startApi, type ApiHarness } from '../support/api-harness';
import { expectStatus, InitiativesClient } from '../support/initiatives-client';

/*
 * Indicator status judged against the business clock, RAG reasons, subtreeRag naming its worst child,
 * context indicators kept out of the RAG, and closed initiatives counted by outcome instead of RAG.
 *
 * Written at 2025-03-01T12:00Z. Baselines 2025-01-01.
 *   fa (focusArea, active)  pace  "percent" increase 10 -> 30 by 2025-06-30, measured 20 on 02-28, monthly
 *   ├─ late (project, active)  jobs "count" increase 0 -> 50 by 2025-03-31, measured 45 on 03-01
 *   │                          unemployment (context) decrease 5 -> 4, measured 6 on 03-01
 *   └─ done (project, closed as cancelled)
 */
describe('status judged today, with reasons', () => {
  let api: ApiHarness;
  let cw: InitiativesClient;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    api = await startApi({ now: '2025-03-01T12:00:00.000Z' });
    cw = await InitiativesClient.as(api, ['caseworker']);

    ids.fa = await cw.register({ id: 'st-fa' });
    const faGoal = await cw.defineGoal(ids.fa);
    ids.pace = await cw.defineIndicator(ids.fa, faGoal, { name: 'Pace', frequency: 'monthly', method: 'survey' });
    await cw.recordMeasurement(ids.fa, ids.pace, { value: 20, at: '2025-02-28T00:00:00Z' });
    await cw.activate(ids.fa);

    ids.late = await cw.register({ id: 'st-late', kind: 'project', parentId: ids.fa, title: 'Jobs' });
    const lateGoal = await cw.defineGoal(ids.late, { resultLevel: 'societalEffect' });
    ids.jobs = await cw.defineIndicator(ids.late, lateGoal, {
      name: 'New jobs',
      unit: 'count',
      targets: [{ value: 50, at: '2025-03-31T00:00:00Z' }],
      baseline: { value: 0, at: '2025-01-01T00:00:00Z' },
    });
    ids.unemployment = await cw.defineIndicator(ids.late, lateGoal, {
      name: 'Unemployment',
      direction: 'decrease',
      baseline: { value: 5, at: '2025-01-01T00:00:00Z' },
      targets: [{ value: 4, at: '2025-03-31T00:00:00Z' }],
      role: 'context',
      method: 'statistics',
      frequency: 'monthly',
    });
    await cw.recordMeasurement(ids.late, ids.jobs, { value: 45, at: '2025-03-01T00:00:00Z' });
    await cw.recordMeasurement(ids.late, ids.unemployment, { value: 6, at: '2025-03-01T00:00:00Z' });
    await cw.activate(ids.late);

    ids.done = await cw.activeInitiative({ id: 'st-done', kind: 'project', parentId: ids.fa, title: 'Done' });
    await cw.close(ids.done, [], { outcome: 'cancelled' });
  });
  afterAll(() => api.dispose());

  it('shows frequency, method and role, and lists context indicators apart with an attribution note', async () => {
    const late = await cw.status(ids.late);
    const [goal] = late.goals;
    expect(goal.indicators.map((i: any) => i.id)).toEqual([ids.jobs]);
    expect(goal.indicators[0]).toMatchObject({ role: 'performance', frequency: null, method: null, staleSince: null });
    expect(goal.contextIndicators).toHaveLength(1);
    expect(goal.contextIndicators[0]).toMatchObject({
      id: ids.unemployment,
      role: 'context',
      method: 'statistics',
      frequency: 'monthly',
    });
    expect(goal.contextIndicators[0].attributionNote).toEqual(expect.any(String));
    // 6 against a falling target of 4 would be off track, but a context indicator does not count.
    expect(late.rag).toBe('green');
    expect(late.ragReasons).toEqual([]);
  });

  it('turns an unmet target date into offTrack today, with the reason named', async () => {
    api.clock.set(new Date('2025-04-01T12:00:00.000Z'));
    const late = await cw.status(ids.late);
    expect(late.goals[0].indicators[0].status).toBe('offTrack');
    expect(late.rag).toBe('red');
    expect(late.ragReasons).toEqual([
      {
        kind: 'indicatorOffTrack',
        subjectId: ids.jobs,
        title: 'New jobs',
        detail: 'off track: latest 45 count at 2025-03-01',
      },
    ]);
  });

  it('marks a monthly indicator stale one month after its latest measurement, with staleSince', async () => {
    api.clock.set(new Date('2025-04-01T12:00:00.000Z'));
    const fa = await cw.status(ids.fa);
    expect(fa.goals[0].indicators[0]).toMatchObject({ status: 'stale', staleSince: '2025-03-28T00:00:00.000Z' });
    expect(fa.rag).toBe('amber');
    expect(fa.ragReasons.map((r: any) => [r.kind, r.subjectId])).toEqual([['indicatorStale', ids.pace]]);
  });

  it('names the worst child in the rollup and gives a childRed reason', async () => {
    api.clock.set(new Date('2025-04-01T12:00:00.000Z'));
    const rollup = (await expectStatus(cw.get(`/initiatives/${ids.fa}/rollup`), 200)).body;
    expect(rollup.root).toMatchObject({
      rag: 'amber',
      subtreeRag: 'red',
      worstChild: { id: ids.late, title: 'Jobs', rag: 'red' },
    });
    expect(rollup.root.ragReasons.map((r: any) => [r.kind, r.subjectId])).toEqual([
      ['indicatorStale', ids.pace],
      ['childRed', ids.late],
    ]);
  });

  it('gives a closed initiative rag null and its outcome, counted in byOutcome, not byRag nor ?rag=', async () => {
    const done = await cw.status(ids.done);
    expect(done).toMatchObject({ status: 'closed', rag: null, outcome: 'cancelled', ragReasons: [] });
    const rollup = (await expectStatus(cw.get(`/initiatives/${ids.fa}/rollup`), 200)).body;
    expect(rollup.byOutcome).toEqual({ completed: 0, cancelled: 1 });
    const byRag = rollup.byRag as Record<string, number>;
    expect(Object.values(byRag).reduce((a, b) => a + b, 0)).toBe(2);
    for (const rag of ['green', 'amber', 'red', 'unknown']) {
      const list = (await expectStatus(cw.get(`/initiatives?rag=${rag}`), 200)).body;
      expect(list.items.map((i: any) => i.id)).not.toContain(ids.done);
    }
    const portfolio = (await expectStatus(cw.get('/portfolio'), 200)).body;
    expect(portfolio.totals.byOutcome).toEqual({ completed: 0, cancelled: 1 });
  });
});
