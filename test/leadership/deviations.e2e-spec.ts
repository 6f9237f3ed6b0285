import { startApi, type ApiHarness } from '../support/api-harness';
import { build, expectStatus, InitiativesClient } from '../support/initiatives-client';

/*
 * Timeline, each step at its own clock time (recordedAt):
 *   03-01T12:00  project registered and activated; goal G; indicator I (targets 30 @06-30);
 *                milestones M1 (due 06-01), M2 (due 05-01), M3 (due 04-01)
 *   03-02T12:00  follow-up decision D (continue)
 *   03-03T12:00  course correction CC: revise G, change I's targets, reschedule M1, plan M4
 *   03-04T12:00  M2 achieved, M3 cancelled, goal G2 defined
 */
describe('GET /initiatives/{id}/deviations', () => {
  let api: ApiHarness;
  let cw: InitiativesClient;
  let id: string;
  let goalId: string;
  let goal2Id: string;
  let indicatorId: string;
  let m1: string;
  let m2: string;
  let m3: string;
  let decisionId: string;
  let courseCorrectionId: string;

  const at = (day: string) => api.clock.set(new Date(`2025-03-${day}T12:00:00.000Z`));
  const deviations = (since: string, client = cw) =>
    client.get(`/initiatives/${id}/deviations?since=${encodeURIComponent(since)}`);

  beforeAll(async () => {
    api = await startApi({ now: '2025-03-01T12:00:00.000Z' });
    cw = await InitiativesClient.as(api, ['caseworker']);

    id = await cw.activeInitiative({ kind: 'focusArea', title: 'Digital skills' });
    goalId = await cw.defineGoal(id, { statement: 'Pupils master basic digital skills', resultLevel: 'output' });
    indicatorId = await cw.defineIndicator(id, goalId, { targets: [{ value: 30, at: '2025-06-30T00:00:00Z' }] });
    m1 = await cw.planMilestone(id, { title: 'Pilot done', dueAt: '2025-06-01T00:00:00Z' });
    m2 = await cw.planMilestone(id, { title: 'Teachers trained', dueAt: '2025-05-01T00:00:00Z' });
    m3 = await cw.planMilestone(id, { title: 'Survey', dueAt: '2025-04-01T00:00:00Z' });

    at('02');
    decisionId = await cw.decide(id, { kind: 'continue', occurredAt: '2025-03-02T10:00:00Z', caseRef: '2025/101' });

    at('03');
    const cc = await expectStatus(
      cw.post(
        `/initiatives/${id}/course-corrections`,
        build.courseCorrection(
          [
            {
              type: 'reviseGoal',
              goalId,
              statement: 'Half of the pupils master basic digital skills',
              resultLevel: 'userEffect',
            },
            { type: 'changeTargets', indicatorId, targets: [{ value: 25, at: '2025-09-30T00:00:00Z' }] },
            { type: 'rescheduleMilestone', milestoneId: m1, dueAt: '2025-10-01T00:00:00Z' },
            { type: 'planMilestone', title: 'Extra check-in', dueAt: '2025-08-01T00:00:00Z' },
          ],
          { caseRef: 'PS-2025/12' },
        ),
      ),
      201,
    );
    courseCorrectionId = cc.body.id;

    at('04');
    await expectStatus(
      cw.post(`/initiatives/${id}/milestones/${m2}/achieve`, build.achieve({ achievedAt: '2025-03-04T00:00:00Z' })),
      200,
    );
    await expectStatus(cw.post(`/initiatives/${id}/milestones/${m3}/cancel`, build.reason()), 200);
    goal2Id = await cw.defineGoal(id, { statement: 'Teachers use the new tools', resultLevel: 'userEffect' });
  });
  afterAll(() => api.dispose());

  it('since a decision: everything changed after the commit that recorded it', async () => {
    const leader = await InitiativesClient.as(api, ['leader']);
    const { body } = await expectStatus(deviations(decisionId, leader), 200);
    expect(body.initiativeId).toBe(id);
    expect(body.since).toMatchObject({
      input: decisionId,
      kind: 'decision',
      at: '2025-03-02T12:00:00.000Z',
      decision: { id: decisionId, kind: 'continue', caseRef: '2025/101', occurredAt: '2025-03-02T10:00:00Z' },
    });
    expect(body.existedAtSince).toBe(true);
    expect(body.goals.revised).toEqual([
      {
        goalId,
        before: { statement: 'Pupils master basic digital skills', resultLevel: 'output' },
        after: { statement: 'Half of the pupils master basic digital skills', resultLevel: 'userEffect' },
        revisions: 1,
        cause: expect.objectContaining({
          eventType: 'GoalRevised',
          decisionId: courseCorrectionId,
          caseRef: 'PS-2025/12',
        }),
      },
    ]);
    expect(body.goals.added).toEqual([
      expect.objectContaining({ goalId: goal2Id, statement: 'Teachers use the new tools', resultLevel: 'userEffect' }),
    ]);
    expect(body.indicators).toEqual({
      added: [],
      targetsChanged: [
        expect.objectContaining({
          indicatorId,
          goalId,
          before: [{ value: 30, at: '2025-06-30T00:00:00Z' }],
          after: [{ value: 25, at: '2025-09-30T00:00:00Z' }],
          cause: expect.objectContaining({ decisionId: courseCorrectionId }),
        }),
      ],
    });
    expect(body.milestones.rescheduled).toEqual([
      expect.objectContaining({
        milestoneId: m1,
        title: 'Pilot done',
        before: { dueAt: '2025-06-01T00:00:00Z', status: 'planned' },
        after: { dueAt: '2025-10-01T00:00:00Z', status: 'planned' },
      }),
    ]);
    expect(body.milestones.added).toEqual([
      expect.objectContaining({ title: 'Extra check-in', dueAt: '2025-08-01T00:00:00Z', status: 'planned' }),
    ]);
    expect(body.milestones.achieved).toEqual([
      expect.objectContaining({ milestoneId: m2, achievedAt: '2025-03-04T00:00:00Z' }),
    ]);
    expect(body.milestones.cancelled).toEqual([
      expect.objectContaining({ milestoneId: m3, reason: 'No longer relevant' }),
    ]);
    expect(body.milestones.missed).toEqual([]);
    expect(body.decisions).toEqual([
      expect.objectContaining({ id: courseCorrectionId, kind: 'courseCorrection', caseRef: 'PS-2025/12' }),
    ]);
    expect(body.changeCount).toBe(7);
    expect(body.current.version).toBe(await cw.version(id));
  });

  it('since a time: the record as it stood then, compared with now', async () => {
    const { body } = await expectStatus(deviations('2025-03-02T12:00:00Z'), 200);
    expect(body.since).toMatchObject({ kind: 'time', at: '2025-03-02T12:00:00.000Z', decision: null });
    // The same moment as just after decision D, so the same changes.
    const byDecision = (await expectStatus(deviations(decisionId), 200)).body;
    expect({ ...body, since: null }).toEqual({ ...byDecision, since: null });

    // Before the course correction was recorded on 03-03 but after D: D itself is not listed as a later decision.
    const evening = (await expectStatus(deviations('2025-03-02T23:00:00+02:00'), 200)).body;
    expect(evening.since.at).toBe('2025-03-02T21:00:00.000Z');
    expect(evening.decisions.map((d: { id: string }) => d.id)).toEqual([courseCorrectionId]);
  });

  it('since the course correction: only what followed it', async () => {
    const { body } = await expectStatus(deviations(courseCorrectionId), 200);
    expect(body.since).toMatchObject({
      kind: 'decision',
      decision: { id: courseCorrectionId, kind: 'courseCorrection' },
    });
    expect(body.goals.revised).toEqual([]);
    expect(body.indicators.targetsChanged).toEqual([]);
    expect(body.milestones.rescheduled).toEqual([]);
    expect(body.milestones.added).toEqual([]);
    expect(body.goals.added.map((g: { goalId: string }) => g.goalId)).toEqual([goal2Id]);
    expect(body.changeCount).toBe(3);
  });

  it('since before the initiative existed: everything is new', async () => {
    const { body } = await expectStatus(deviations('2025-02-01'), 200);
    expect(body.existedAtSince).toBe(false);
    expect(body.since.version).toBe(0);
    expect(body.goals.added.map((g: { goalId: string }) => g.goalId)).toEqual([goalId, goal2Id]);
    expect(body.milestones.added).toHaveLength(4);
  });

  it('answers 404 for an unknown decision or one of another initiative, and for an unknown initiative', async () => {
    const unknown = await expectStatus(deviations('no-such-decision'), 404);
    expect(unknown.body).toMatchObject({ statusCode: 404, code: 'DecisionNotFound' });

    const other = await cw.activeInitiative({ title: 'Another focus area' });
    const otherDecision = await cw.decide(other, { occurredAt: '2025-03-04T10:00:00Z' });
    await expectStatus(deviations(otherDecision), 404);

    const missing = await expectStatus(cw.get('/initiatives/no-such-initiative/deviations?since=2025-03-01'), 404);
    expect(missing.body).toMatchObject({ code: 'InitiativeNotFound' });
  });

  it('answers 400 naming since when it is missing, a malformed time, or neither time nor id', async () => {
    for (const query of [
      '',
      '?since=2025-13-45T00:00:00Z',
      '?since=2025-03-01T12:00:00',
      '?since=last%20week!',
      '?since=2025-03-01&extra=1',
    ]) {
      const res = await expectStatus(cw.get(`/initiatives/${id}/deviations${query}`), 400);
      const fields = (res.body.details as Array<{ field: string }>).map((d) => d.field);
      expect(fields).toContain(query.includes('extra') ? 'extra' : 'since');
    }
  });

  it('needs a token', async () => {
    await expectStatus(api.http.get(`/initiatives/${id}/deviations?since=2025-03-01`), 401);
  });
});
