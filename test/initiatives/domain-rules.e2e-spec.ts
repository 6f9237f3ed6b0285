import type { Response } from 'supertest';
import { startApi, type ApiHarness } from '../support/api-harness';
import {
  build,
  expectStatus,
  fieldsOf,
  InitiativesClient,
  NOW,
  richInitiative,
  type Fixture,
} from '../support/initiatives-client';

type Body = Record<string, unknown>;

/**
 * Rules of the domain over HTTP: illegal transitions are 409, broken rules 422, each with a
 * code and the offending fields, and a refused write stores nothing.
 */
describe('initiative commands (domain rules)', () => {
  /** richInitiative measures 20 against a final target of 30: its goal is partly achieved. */
  const partly = (goalId: string) => ({ goalId, achievement: 'partial', comment: '20 of 30' });
  let api: ApiHarness;
  let cw: InitiativesClient;

  beforeAll(async () => {
    api = await startApi();
    cw = await InitiativesClient.as(api, ['caseworker']);
  });
  afterEach(() => api.clock.set(NOW));
  afterAll(() => api.dispose());

  /** Sends a write that must be refused with `status`, and checks that the initiative is unchanged. */
  async function refused(
    id: string,
    request: () => Promise<Response>,
    status: number,
    code: string,
  ): Promise<Response> {
    const before = await cw.status(id);
    const res = await expectStatus(request(), status);
    expect(res.body).toMatchObject({ statusCode: status, code, message: expect.any(String) });
    expect(res.headers.etag).toBeUndefined();
    expect(await cw.status(id)).toEqual(before);
    return res;
  }

  describe('status transitions (409)', () => {
    it('refuses activating twice', async () => {
      const id = await cw.activeInitiative();
      const res = await refused(id, () => cw.post(`/initiatives/${id}/activate`), 409, 'InvalidStatusTransition');
      expect(res.body.error).toBe('Conflict');
      expect(res.body.message).toContain('already active');
      expect((await cw.status(id)).version).toBe(2);
    });

    it('refuses activating a paused initiative (resume is a decision)', async () => {
      const id = await cw.activeInitiative();
      await cw.decide(id, { kind: 'pause' });
      const res = await refused(id, () => cw.post(`/initiatives/${id}/activate`), 409, 'InvalidStatusTransition');
      expect(res.body.message).toContain('resume');
    });

    it('refuses pausing a planned or paused initiative and resuming an active one', async () => {
      const planned = await cw.register();
      await refused(
        planned,
        () => cw.post(`/initiatives/${planned}/decisions`, build.decision({ kind: 'pause' })),
        409,
        'InvalidStatusTransition',
      );
      const id = await cw.activeInitiative();
      await refused(
        id,
        () => cw.post(`/initiatives/${id}/decisions`, build.decision({ kind: 'resume' })),
        409,
        'InvalidStatusTransition',
      );
      await cw.decide(id, { kind: 'pause' });
      const res = await refused(
        id,
        () => cw.post(`/initiatives/${id}/decisions`, build.decision({ kind: 'pause' })),
        409,
        'InvalidStatusTransition',
      );
      expect(fieldsOf(res)).toEqual(['kind']);
      expect((await cw.status(id)).status).toBe('paused');
    });

    it('refuses registering an id that already exists', async () => {
      const id = await cw.register({ id: 'taken-id-1' });
      const res = await refused(
        id,
        () => cw.post('/initiatives', build.initiative({ id, title: 'Another' })),
        409,
        'InitiativeAlreadyExists',
      );
      expect(res.body.message).toContain(id);
      expect((await cw.status(id)).title).toBe('Green transition');
    });

    it('refuses registering beneath a closed parent', async () => {
      const parent = await cw.activeInitiative();
      await cw.close(parent, []);
      const before = (await expectStatus(cw.get(`/initiatives?parentId=${parent}`), 200)).body.items;
      const res = await expectStatus(
        cw.post('/initiatives', build.initiative({ kind: 'programme', parentId: parent })),
        409,
      );
      expect(res.body).toMatchObject({
        code: 'ParentClosed',
        details: [{ field: 'parentId', message: expect.any(String) }],
      });
      expect((await expectStatus(cw.get(`/initiatives?parentId=${parent}`), 200)).body.items).toEqual(before);
    });
  });

  describe('milestone transitions', () => {
    it('refuses achieving twice, cancelling a missed milestone and missing a cancelled one (409)', async () => {
      const id = await cw.activeInitiative();
      const achieved = await cw.planMilestone(id);
      await expectStatus(cw.post(`/initiatives/${id}/milestones/${achieved}/achieve`, build.achieve()), 200);
      await refused(
        id,
        () => cw.post(`/initiatives/${id}/milestones/${achieved}/achieve`, build.achieve()),
        409,
        'InvalidMilestoneTransition',
      );
      await refused(
        id,
        () => cw.post(`/initiatives/${id}/milestones/${achieved}/reschedule`, build.reschedule()),
        409,
        'InvalidMilestoneTransition',
      );

      const missed = await cw.planMilestone(id, { dueAt: '2025-02-01T00:00:00Z' });
      await expectStatus(cw.post(`/initiatives/${id}/milestones/${missed}/miss`, build.reason()), 200);
      await refused(
        id,
        () => cw.post(`/initiatives/${id}/milestones/${missed}/cancel`, build.reason()),
        409,
        'InvalidMilestoneTransition',
      );

      const cancelled = await cw.planMilestone(id, { dueAt: '2025-02-01T00:00:00Z' });
      await expectStatus(cw.post(`/initiatives/${id}/milestones/${cancelled}/cancel`, build.reason()), 200);
      const res = await refused(
        id,
        () => cw.post(`/initiatives/${id}/milestones/${cancelled}/miss`, build.reason()),
        409,
        'InvalidMilestoneTransition',
      );
      expect(res.body.message).toContain('cancelled');
    });

    it('a milestone can only be missed once its due time has passed (422, then 200 after the clock passes it)', async () => {
      const id = await cw.activeInitiative();
      const milestoneId = await cw.planMilestone(id, { dueAt: '2025-03-10T00:00:00Z' });
      const res = await refused(
        id,
        () => cw.post(`/initiatives/${id}/milestones/${milestoneId}/miss`, build.reason()),
        422,
        'MilestoneNotYetDue',
      );
      expect(res.body.error).toBe('Unprocessable Entity');
      expect(fieldsOf(res)).toEqual(['milestoneId']);

      api.clock.set('2025-03-10T00:00:01Z');
      // Business time before the due time is still refused.
      await refused(
        id,
        () =>
          cw.post(
            `/initiatives/${id}/milestones/${milestoneId}/miss`,
            build.reason({ occurredAt: '2025-03-09T00:00:00Z' }),
          ),
        422,
        'MilestoneNotYetDue',
      );
      await expectStatus(cw.post(`/initiatives/${id}/milestones/${milestoneId}/miss`, build.reason()), 200);
      expect((await cw.status(id)).milestones[0]).toMatchObject({ status: 'missed' });
    });

    it('refuses rescheduling to the same due time (422) and needs a reason (400)', async () => {
      const id = await cw.activeInitiative();
      const milestoneId = await cw.planMilestone(id, { dueAt: '2025-06-01T00:00:00Z' });
      const same = await refused(
        id,
        () =>
          cw.post(
            `/initiatives/${id}/milestones/${milestoneId}/reschedule`,
            build.reschedule({ dueAt: '2025-06-01T02:00:00+02:00' }),
          ),
        422,
        'NoChange',
      );
      expect(fieldsOf(same)).toEqual(['dueAt']);
      for (const reason of [undefined, '  ']) {
        const res = await refused(
          id,
          () =>
            cw.post(`/initiatives/${id}/milestones/${milestoneId}/reschedule`, {
              dueAt: '2025-07-01T00:00:00Z',
              ...(reason === undefined ? {} : { reason }),
            }),
          400,
          'ValidationFailed',
        );
        expect(fieldsOf(res)).toEqual(['reason']);
      }
    });
  });

  describe('goals', () => {
    it('refuses a goal revision without a reason (400 naming reason) or without a change (422)', async () => {
      const id = await cw.activeInitiative();
      const goalId = await cw.defineGoal(id);
      const noReason = await refused(
        id,
        () => cw.patch(`/initiatives/${id}/goals/${goalId}`, { statement: 'New' }),
        400,
        'ValidationFailed',
      );
      expect(fieldsOf(noReason)).toEqual(['reason']);
      const blank = await refused(
        id,
        () => cw.patch(`/initiatives/${id}/goals/${goalId}`, { statement: 'New', reason: ' ' }),
        400,
        'ValidationFailed',
      );
      expect(fieldsOf(blank)).toEqual(['reason']);

      const nothing = await refused(
        id,
        () => cw.patch(`/initiatives/${id}/goals/${goalId}`, { reason: 'Why not' }),
        422,
        'NoChange',
      );
      expect(fieldsOf(nothing).sort()).toEqual(['resultLevel', 'statement']);
      const same = await refused(
        id,
        () => cw.patch(`/initiatives/${id}/goals/${goalId}`, { ...build.goal(), reason: 'Same again' }),
        422,
        'NoChange',
      );
      expect(fieldsOf(same).sort()).toEqual(['resultLevel', 'statement']);
    });
  });

  describe('business time (422)', () => {
    const tomorrow = '2025-03-02T00:00:00Z';

    it('refuses occurredAt in the future on any write, naming the field', async () => {
      const id = await cw.register();
      const res = await refused(
        id,
        () => cw.post(`/initiatives/${id}/activate`, { occurredAt: tomorrow }),
        422,
        'OccurredInFuture',
      );
      expect(fieldsOf(res)).toEqual(['occurredAt']);
      expect(res.body.message).toContain(tomorrow);
      const active = await cw.activeInitiative();
      await refused(
        active,
        () => cw.post(`/initiatives/${active}/goals`, build.goal({ occurredAt: tomorrow })),
        422,
        'OccurredInFuture',
      );
      await refused(
        active,
        () => cw.post(`/initiatives/${active}/decisions`, build.decision({ occurredAt: tomorrow })),
        422,
        'OccurredInFuture',
      );
      await refused(
        active,
        () =>
          cw.post(
            `/initiatives/${active}/course-corrections`,
            build.courseCorrection([{ type: 'planMilestone', title: 'T', dueAt: '2025-09-01' }], {
              occurredAt: tomorrow,
            }),
          ),
        422,
        'OccurredInFuture',
      );
    });

    it('refuses measurements, achievements and realisations dated in the future', async () => {
      const f = await richInitiative(cw);
      const m = await refused(
        f.id,
        () =>
          cw.post(`/initiatives/${f.id}/indicators/${f.indicatorId}/measurements`, build.measurement({ at: tomorrow })),
        422,
        'OccurredInFuture',
      );
      expect(fieldsOf(m)).toEqual(['at']);
      const a = await refused(
        f.id,
        () =>
          cw.post(`/initiatives/${f.id}/milestones/${f.milestoneId}/achieve`, build.achieve({ achievedAt: tomorrow })),
        422,
        'OccurredInFuture',
      );
      expect(fieldsOf(a)).toEqual(['achievedAt']);
      const r = await refused(
        f.id,
        () => cw.post(`/initiatives/${f.id}/benefits/${f.benefitId}/realisations`, build.realisation({ at: tomorrow })),
        422,
        'OccurredInFuture',
      );
      expect(fieldsOf(r)).toEqual(['at']);
      // Exactly now is not the future.
      await cw.recordMeasurement(f.id, f.indicatorId, { at: NOW });
    });

    it('accepts a measurement dated later once the clock has moved on', async () => {
      const f = await richInitiative(cw);
      api.clock.advance(2 * 24 * 3600_000);
      await cw.recordMeasurement(f.id, f.indicatorId, { value: 25, at: tomorrow });
      expect((await cw.status(f.id)).goals[0].indicators[0].latest).toMatchObject({ value: 25, at: tomorrow });
    });

    it('refuses a follow-up date before the decision and references to unknown parts', async () => {
      const f = await richInitiative(cw);
      const res = await refused(
        f.id,
        () =>
          cw.post(
            `/initiatives/${f.id}/decisions`,
            build.decision({ followUpBy: '2025-02-01T00:00:00Z', affects: [f.goalId, 'not-a-part', f.goalId] }),
          ),
        422,
        'FollowUpBeforeDecision',
      );
      expect(fieldsOf(res)).toEqual(['followUpBy', 'affects[1]', 'affects[2]']);
    });
  });

  describe('plan hierarchy (422)', () => {
    let focusArea: string;
    let project: string;
    beforeAll(async () => {
      focusArea = await cw.register();
      project = await cw.register({ kind: 'project', parentId: focusArea });
    });

    it.each<[string, () => Body, string]>([
      ['a programme without a parent', () => build.initiative({ kind: 'programme' }), 'ParentRequired'],
      ['a project without a parent', () => build.initiative({ kind: 'project' }), 'ParentRequired'],
      ['a focus area with a parent', () => build.initiative({ parentId: focusArea }), 'ParentNotAllowed'],
      [
        'a programme beneath a project',
        () => build.initiative({ kind: 'programme', parentId: project }),
        'ParentKindNotAllowed',
      ],
      [
        'a project beneath a project',
        () => build.initiative({ kind: 'project', parentId: project }),
        'ParentKindNotAllowed',
      ],
      [
        'a measure beneath an unknown parent',
        () => build.initiative({ kind: 'measure', parentId: 'no-such-parent' }),
        'ParentNotFound',
      ],
      [
        'an initiative as its own parent',
        () => build.initiative({ id: 'self-1', kind: 'project', parentId: 'self-1' }),
        'ParentNotFound',
      ],
    ])('refuses %s, naming parentId', async (_label, body, code) => {
      const before = (await expectStatus(cw.get('/initiatives?limit=200'), 200)).body.items.length;
      const res = await expectStatus(cw.post('/initiatives', body()), 422);
      expect(res.body).toMatchObject({ statusCode: 422, error: 'Unprocessable Entity', code });
      expect(fieldsOf(res)).toEqual(['parentId']);
      expect((await expectStatus(cw.get('/initiatives?limit=200'), 200)).body.items.length).toBe(before);
    });

    it('refuses an end before the start and duplicate partners, listing both', async () => {
      const res = await expectStatus(
        cw.post(
          '/initiatives',
          build.initiative({ startsAt: '2025-06-01', endsAt: '2025-01-01', partners: ['NTNU', 'ntnu '] }),
        ),
        422,
      );
      expect(fieldsOf(res).sort()).toEqual(['endsAt', 'partners[1]']);
    });
  });

  describe('indicators (422)', () => {
    it('refuses targets that contradict the direction, come before the baseline or share a day, naming each', async () => {
      const f = await richInitiative(cw);
      const res = await refused(
        f.id,
        () =>
          cw.post(
            `/initiatives/${f.id}/goals/${f.goalId}/indicators`,
            build.indicator({
              targets: [
                { value: 5, at: '2025-06-30T00:00:00Z' },
                { value: 40, at: '2024-12-01T00:00:00Z' },
                { value: 50, at: '2025-06-30T12:00:00Z' },
              ],
            }),
          ),
        422,
        'TargetContradictsDirection',
      );
      expect(fieldsOf(res)).toEqual(['targets[0].value', 'targets[1].at', 'targets[2].at']);
    });

    it('refuses a benefit tied to an unknown indicator', async () => {
      const f = await richInitiative(cw);
      const res = await refused(
        f.id,
        () => cw.post(`/initiatives/${f.id}/benefits`, build.benefit({ indicatorId: 'nope-1' })),
        422,
        'IndicatorNotFound',
      );
      expect(fieldsOf(res)).toEqual(['indicatorId']);
    });
  });

  describe('course corrections: all or nothing', () => {
    let f: Fixture;
    beforeEach(async () => {
      f = await richInitiative(cw);
    });

    const correct = (changes: Body[]) => () =>
      cw.post(`/initiatives/${f.id}/course-corrections`, build.courseCorrection(changes));

    it('applies nothing when the last change names an unknown milestone (422, not 404)', async () => {
      const res = await refused(
        f.id,
        correct([
          { type: 'planMilestone', title: 'Extra', dueAt: '2025-05-01T00:00:00Z' },
          { type: 'reviseGoal', goalId: f.goalId, statement: 'Changed' },
          { type: 'rescheduleMilestone', milestoneId: 'no-such-milestone', dueAt: '2025-06-01T00:00:00Z' },
        ]),
        422,
        'MilestoneNotFound',
      );
      expect(fieldsOf(res)).toEqual(['changes[2].milestoneId']);
      expect(res.body.message).toMatch(/no change of this course correction was applied/);
      const status = await cw.status(f.id);
      expect(status.milestones).toHaveLength(1);
      expect(status.goals[0].statement).toBe(build.goal().statement);
      expect(status.lastDecision).toBeNull();
    });

    it('applies nothing when one change breaks a rule (targets against the direction)', async () => {
      const res = await refused(
        f.id,
        correct([
          { type: 'rescheduleMilestone', milestoneId: f.milestoneId, dueAt: '2025-08-01T00:00:00Z' },
          { type: 'changeTargets', indicatorId: f.indicatorId, targets: [{ value: 1, at: '2025-12-31T00:00:00Z' }] },
        ]),
        422,
        'TargetContradictsDirection',
      );
      expect(fieldsOf(res)).toEqual(['changes[1].targets[0].value']);
    });

    it('applies nothing when a change would not change anything', async () => {
      const res = await refused(
        f.id,
        correct([
          { type: 'planMilestone', title: 'Extra', dueAt: '2025-05-01T00:00:00Z' },
          { type: 'rescheduleMilestone', milestoneId: f.milestoneId, dueAt: build.milestone().dueAt },
        ]),
        422,
        'NoChange',
      );
      expect(fieldsOf(res)).toEqual(['changes[1].dueAt']);
    });

    it('applies nothing when a change touches a finished milestone (409)', async () => {
      await expectStatus(cw.post(`/initiatives/${f.id}/milestones/${f.milestoneId}/achieve`, build.achieve()), 200);
      await refused(
        f.id,
        correct([
          { type: 'reviseGoal', goalId: f.goalId, resultLevel: 'output' },
          { type: 'rescheduleMilestone', milestoneId: f.milestoneId, dueAt: '2025-08-01T00:00:00Z' },
        ]),
        409,
        'InvalidMilestoneTransition',
      );
    });
  });

  describe('closure', () => {
    it('refuses closing without assessing every goal (422), listing the missing ones', async () => {
      const f = await richInitiative(cw);
      const second = await cw.defineGoal(f.id, { statement: 'Second goal' });
      const none = await refused(
        f.id,
        () => cw.post(`/initiatives/${f.id}/close`, build.close([], { outcome: 'cancelled' })),
        422,
        'GoalAssessmentMissing',
      );
      expect(fieldsOf(none)).toEqual(['goalAssessments', 'goalAssessments']);
      expect(none.body.message).toContain(f.goalId);
      expect(none.body.message).toContain(second);
      const one = await refused(
        f.id,
        () => cw.post(`/initiatives/${f.id}/close`, build.close([f.goalId], { outcome: 'cancelled' })),
        422,
        'GoalAssessmentMissing',
      );
      expect(one.body.message).toContain(second);
      expect(one.body.message).not.toContain(`goal ${f.goalId}`);
    });

    it('refuses assessing an unknown goal or a goal twice (422)', async () => {
      const f = await richInitiative(cw);
      const res = await refused(
        f.id,
        () =>
          cw.post(
            `/initiatives/${f.id}/close`,
            build.close([f.goalId, 'unknown-goal', f.goalId], { outcome: 'cancelled' }),
          ),
        422,
        'UnknownGoal',
      );
      expect(fieldsOf(res)).toEqual(['goalAssessments[1].goalId', 'goalAssessments[2].goalId']);
    });

    it('refuses closing as completed while a milestone is still planned (409), naming it', async () => {
      const f = await richInitiative(cw);
      const res = await refused(
        f.id,
        () => cw.post(`/initiatives/${f.id}/close`, build.close([f.goalId], { goalAssessments: [partly(f.goalId)] })),
        409,
        'MilestonesOpen',
      );
      expect(fieldsOf(res)).toEqual([`milestones.${f.milestoneId}`]);
      await expectStatus(cw.post(`/initiatives/${f.id}/milestones/${f.milestoneId}/cancel`, build.reason()), 200);
      await cw.close(f.id, [f.goalId], { goalAssessments: [partly(f.goalId)] });
      expect((await cw.status(f.id)).closure).toMatchObject({ outcome: 'completed' });
    });

    describe('a closed initiative', () => {
      let f: Fixture;
      beforeAll(async () => {
        f = await richInitiative(cw);
        await cw.close(f.id, [f.goalId], { outcome: 'cancelled', goalAssessments: [partly(f.goalId)] });
      });

      it.each<[string, (f: Fixture) => [method: 'post' | 'patch', path: string, body: Body | undefined]]>([
        ['activate', (x) => ['post', `/initiatives/${x.id}/activate`, undefined]],
        ['define a goal', (x) => ['post', `/initiatives/${x.id}/goals`, build.goal()]],
        ['revise a goal', (x) => ['patch', `/initiatives/${x.id}/goals/${x.goalId}`, build.reviseGoal()]],
        [
          'define an indicator',
          (x) => ['post', `/initiatives/${x.id}/goals/${x.goalId}/indicators`, build.indicator()],
        ],
        [
          'record a measurement',
          (x) => ['post', `/initiatives/${x.id}/indicators/${x.indicatorId}/measurements`, build.measurement()],
        ],
        ['plan a milestone', (x) => ['post', `/initiatives/${x.id}/milestones`, build.milestone()]],
        [
          'achieve a milestone',
          (x) => ['post', `/initiatives/${x.id}/milestones/${x.milestoneId}/achieve`, build.achieve()],
        ],
        [
          'reschedule a milestone',
          (x) => ['post', `/initiatives/${x.id}/milestones/${x.milestoneId}/reschedule`, build.reschedule()],
        ],
        [
          'cancel a milestone',
          (x) => ['post', `/initiatives/${x.id}/milestones/${x.milestoneId}/cancel`, build.reason()],
        ],
        ['record a decision', (x) => ['post', `/initiatives/${x.id}/decisions`, build.decision()]],
        [
          'correct course',
          (x) => [
            'post',
            `/initiatives/${x.id}/course-corrections`,
            build.courseCorrection([{ type: 'planMilestone', title: 'T', dueAt: '2025-09-01' }]),
          ],
        ],
        ['register a benefit', (x) => ['post', `/initiatives/${x.id}/benefits`, build.benefit()]],
        ['close again', (x) => ['post', `/initiatives/${x.id}/close`, build.close([x.goalId])]],
      ])('refuses to %s (409 InitiativeClosed)', async (_label, request) => {
        const [method, path, body] = request(f);
        const res = await refused(
          f.id,
          () => (method === 'post' ? cw.post(path, body) : cw.patch(path, body)),
          409,
          'InitiativeClosed',
        );
        expect(res.body.error).toBe('Conflict');
        expect(res.body.message).toContain('closed');
      });

      it('still records benefit realisations', async () => {
        const before = await cw.version(f.id);
        await cw.recordRealisation(f.id, f.benefitId);
        expect(await cw.version(f.id)).toBe(before + 1);
      });
    });
  });
});
