import { startApi, type ApiHarness } from '../support/api-harness';
import { build, expectStatus, InitiativesClient, NOW } from '../support/initiatives-client';

/** Every command of docs/api.md "Commands": what it answers and what GET /initiatives/{id} shows afterwards. */
describe('initiative commands (success)', () => {
  let api: ApiHarness;
  let cw: InitiativesClient;

  beforeAll(async () => {
    api = await startApi();
    cw = await InitiativesClient.as(api, ['caseworker']);
  });
  afterAll(() => api.dispose());

  describe('POST /initiatives', () => {
    it('registers a focus area with every field and shows it as planned', async () => {
      const body = build.initiative({
        description: 'Everything that cuts emissions in the county',
        partners: ['NTNU', 'Innovasjon Norge'],
        startsAt: '2025-01-01T00:00:00Z',
        endsAt: '2027-12-31T00:00:00Z',
      });
      const res = await expectStatus(cw.post('/initiatives', body), 201);
      expect(res.body).toEqual({ id: expect.any(String), version: 1 });
      expect(res.headers.etag).toBe('"1"');

      const read = await expectStatus(cw.get(`/initiatives/${res.body.id}`), 200);
      expect(read.headers.etag).toBe('"1"');
      expect(read.body).toMatchObject({
        id: res.body.id,
        kind: 'focusArea',
        title: 'Green transition',
        parentId: null,
        description: 'Everything that cuts emissions in the county',
        ownerUnit: 'Regional development',
        responsible: 'Kari Nordmann',
        partners: ['NTNU', 'Innovasjon Norge'],
        startsAt: '2025-01-01T00:00:00Z',
        endsAt: '2027-12-31T00:00:00Z',
        status: 'planned',
        rag: 'unknown',
        version: 1,
        updatedAt: NOW,
        goals: [],
        milestones: [],
        benefits: [],
        lastDecision: null,
        closure: null,
      });
    });

    it('accepts a client-chosen id and builds the plan hierarchy beneath a focus area', async () => {
      const focusArea = await cw.register({ id: 'fa-digital-2025' });
      expect(focusArea).toBe('fa-digital-2025');
      const programme = await cw.register({ kind: 'programme', title: 'Digital schools', parentId: focusArea });
      const agreed = await cw.register({ kind: 'agreedDelivery', title: 'Broadband deal', parentId: focusArea });
      const project = await cw.register({ kind: 'project', title: 'Tablets for pupils', parentId: programme });
      const measure = await cw.register({ kind: 'measure', title: 'Teacher courses', parentId: agreed });
      const direct = await cw.register({
        kind: 'project',
        title: 'Directly under the focus area',
        parentId: focusArea,
      });

      expect(await cw.status(programme)).toMatchObject({ kind: 'programme', parentId: focusArea, status: 'planned' });
      expect(await cw.status(agreed)).toMatchObject({ kind: 'agreedDelivery', parentId: focusArea });
      expect(await cw.status(project)).toMatchObject({
        kind: 'project',
        parentId: programme,
        title: 'Tablets for pupils',
      });
      expect(await cw.status(measure)).toMatchObject({ kind: 'measure', parentId: agreed });
      expect(await cw.status(direct)).toMatchObject({ kind: 'project', parentId: focusArea });
    });
  });

  describe('POST /initiatives/{id}/activate', () => {
    it('moves a planned initiative to active (200 with { id, version })', async () => {
      const id = await cw.register();
      const res = await expectStatus(cw.post(`/initiatives/${id}/activate`), 200);
      expect(res.body).toEqual({ id, version: 2 });
      expect(res.headers.etag).toBe('"2"');
      expect(await cw.status(id)).toMatchObject({ status: 'active', version: 2 });
    });

    it('accepts an empty JSON body and a decision context', async () => {
      const id = await cw.register();
      await expectStatus(cw.raw('post', `/initiatives/${id}/activate`, ''), 200);
      const other = await cw.register();
      const res = await expectStatus(
        cw.post(`/initiatives/${other}/activate`, {
          reason: 'Funding granted',
          caseRef: '2025/0042',
          decidedBy: 'County council',
          occurredAt: '2025-02-20T00:00:00Z',
        }),
        200,
      );
      expect(res.body).toEqual({ id: other, version: 2 });
      expect(await cw.status(other)).toMatchObject({ status: 'active' });
    });
  });

  describe('goals', () => {
    it('POST /goals defines a goal (201 with { id, initiativeId, version })', async () => {
      const id = await cw.activeInitiative();
      const res = await expectStatus(cw.post(`/initiatives/${id}/goals`, build.goal()), 201);
      expect(res.body).toEqual({ id: expect.any(String), initiativeId: id, version: 3 });
      expect(res.body.id).not.toBe(id);
      expect(res.headers.etag).toBe('"3"');
      expect((await cw.status(id)).goals).toEqual([
        {
          id: res.body.id,
          statement: 'More pupils in rural schools master basic digital skills',
          resultLevel: 'userEffect',
          indicators: [],
          // Defined on an active initiative, so not checked at activation; the view says it cannot be verified yet.
          definedAt: NOW,
          verifiable: false,
          contextIndicators: [],
        },
      ]);
    });

    it('PATCH /goals/{goalId} revises statement and result level (200 with { id, version })', async () => {
      const id = await cw.activeInitiative();
      const goalId = await cw.defineGoal(id);
      const other = await cw.defineGoal(id, { statement: 'Untouched', resultLevel: 'output' });

      const res = await expectStatus(
        cw.patch(`/initiatives/${id}/goals/${goalId}`, {
          statement: 'Every pupil masters basic digital skills',
          reason: 'Sharper',
          caseRef: 'PS-2025/7',
        }),
        200,
      );
      expect(res.body).toEqual({ id, version: 5 });
      expect(res.headers.etag).toBe('"5"');
      await expectStatus(
        cw.patch(`/initiatives/${id}/goals/${goalId}`, { resultLevel: 'societalEffect', reason: 'Aim higher' }),
        200,
      );

      const goals = (await cw.status(id)).goals;
      expect(goals).toEqual([
        {
          id: goalId,
          statement: 'Every pupil masters basic digital skills',
          resultLevel: 'societalEffect',
          indicators: [],
          definedAt: NOW,
          verifiable: false,
          contextIndicators: [],
        },
        {
          id: other,
          statement: 'Untouched',
          resultLevel: 'output',
          indicators: [],
          definedAt: NOW,
          verifiable: false,
          contextIndicators: [],
        },
      ]);
    });
  });

  describe('indicators and measurements', () => {
    it('POST /indicators defines an indicator with sorted targets, no measurement yet', async () => {
      const id = await cw.activeInitiative();
      const goalId = await cw.defineGoal(id);
      const res = await expectStatus(
        cw.post(
          `/initiatives/${id}/goals/${goalId}/indicators`,
          build.indicator({
            aggregation: 'sum',
            targets: [
              { value: 50, at: '2025-12-31T00:00:00Z' },
              { value: 30, at: '2025-06-30T00:00:00Z' },
            ],
          }),
        ),
        201,
      );
      expect(res.body).toEqual({ id: expect.any(String), initiativeId: id, version: 4 });
      expect(res.headers.etag).toBe('"4"');

      const [goal] = (await cw.status(id)).goals;
      expect(goal.indicators).toEqual([
        expect.objectContaining({
          id: res.body.id,
          name: 'Share of pupils passing the test',
          unit: 'percent',
          direction: 'increase',
          aggregation: 'sum',
          baseline: { value: 10, at: '2025-01-01T00:00:00Z' },
          targets: [
            { value: 30, at: '2025-06-30T00:00:00Z' },
            { value: 50, at: '2025-12-31T00:00:00Z' },
          ],
          latest: null,
          status: 'unknown',
        }),
      ]);
    });

    it('POST /measurements records a measurement that becomes the latest and sets the indicator status', async () => {
      const id = await cw.activeInitiative();
      const goalId = await cw.defineGoal(id);
      const indicatorId = await cw.defineIndicator(id, goalId);

      const res = await expectStatus(
        cw.post(
          `/initiatives/${id}/indicators/${indicatorId}/measurements`,
          build.measurement({ source: 'SSB', note: 'Spring survey' }),
        ),
        201,
      );
      expect(res.body).toEqual({ id: expect.any(String), initiativeId: id, version: 5 });
      expect(res.headers.etag).toBe('"5"');

      const status = await cw.status(id);
      const indicator = status.goals[0].indicators[0];
      // Baseline 10 (January 1st) towards 30 (June 30th): by February 28th about 16.4 is expected; 20 is ahead.
      expect(indicator.latest).toMatchObject({
        value: 20,
        at: '2025-02-28T00:00:00Z',
        source: 'SSB',
        note: 'Spring survey',
      });
      expect(indicator.status).toBe('onTrack');
      expect(status.rag).toBe('green');
    });

    it('keeps the latest measurement by time, also when a late report is recorded afterwards', async () => {
      const id = await cw.activeInitiative();
      const goalId = await cw.defineGoal(id);
      const indicatorId = await cw.defineIndicator(id, goalId);
      await cw.recordMeasurement(id, indicatorId, { value: 20, at: '2025-02-28T00:00:00Z' });
      await cw.recordMeasurement(id, indicatorId, { value: 11, at: '2025-02-01T00:00:00Z' });
      // 2025-02-27T23:00Z: earlier than the latest although its text sorts after it.
      await cw.recordMeasurement(id, indicatorId, { value: 12, at: '2025-02-28T01:00:00+02:00' });

      let indicator = (await cw.status(id)).goals[0].indicators[0];
      expect(indicator.latest).toMatchObject({ value: 20, at: '2025-02-28T00:00:00Z' });
      expect(indicator.measurementCount).toBe(3);

      // A newer, poor measurement: far behind the path to the target.
      await cw.recordMeasurement(id, indicatorId, { value: 12, at: '2025-03-01T08:00:00+01:00' });
      const status = await cw.status(id);
      indicator = status.goals[0].indicators[0];
      expect(indicator.latest).toMatchObject({ value: 12, at: '2025-03-01T08:00:00+01:00' });
      expect(indicator.status).toBe('offTrack');
      expect(status.rag).toBe('red');
    });
  });

  describe('milestones', () => {
    it('POST /milestones plans a milestone that shows as the next one due', async () => {
      const id = await cw.activeInitiative();
      const res = await expectStatus(
        cw.post(`/initiatives/${id}/milestones`, build.milestone({ description: 'All ten schools have tablets' })),
        201,
      );
      expect(res.body).toEqual({ id: expect.any(String), initiativeId: id, version: 3 });
      expect(res.headers.etag).toBe('"3"');
      const status = await cw.status(id);
      expect(status.milestones).toEqual([
        expect.objectContaining({
          id: res.body.id,
          title: 'Pilot done',
          description: 'All ten schools have tablets',
          dueAt: '2025-06-01T00:00:00Z',
          status: 'planned',
          overdue: false,
        }),
      ]);
      expect(status.nextMilestone).toMatchObject({ id: res.body.id });
      expect(status.overdueMilestones).toEqual([]);
      expect(status.rag).toBe('green');
    });

    it('shows a planned milestone past its due time as overdue (and the initiative red)', async () => {
      const id = await cw.activeInitiative();
      const later = await cw.planMilestone(id, { dueAt: '2025-06-01T00:00:00Z' });
      const late = await cw.planMilestone(id, { title: 'Procurement', dueAt: '2025-02-01T00:00:00Z' });
      const status = await cw.status(id);
      expect(status.milestones.find((m: { id: string }) => m.id === late)).toMatchObject({
        status: 'planned',
        overdue: true,
      });
      expect(status.milestones.find((m: { id: string }) => m.id === later)).toMatchObject({ overdue: false });
      expect(status.overdueMilestones).toEqual([late]);
      expect(status.nextMilestone).toMatchObject({ id: later });
      expect(status.rag).toBe('red');
    });

    it('orders the next milestone by time, whatever offset the due times are written with', async () => {
      const id = await cw.activeInitiative();
      await cw.planMilestone(id, { title: 'B', dueAt: '2025-03-31T23:00:00Z' });
      const first = await cw.planMilestone(id, { title: 'A', dueAt: '2025-04-01T01:00:00+03:00' }); // 2025-03-31T22:00Z
      expect((await cw.status(id)).nextMilestone).toMatchObject({ id: first, title: 'A' });
    });

    it('POST /achieve records the achievement and interim evaluation (200); overdue no more', async () => {
      const id = await cw.activeInitiative();
      const milestoneId = await cw.planMilestone(id, { dueAt: '2025-02-01T00:00:00Z' });
      expect((await cw.status(id)).rag).toBe('red');
      const res = await expectStatus(
        cw.post(
          `/initiatives/${id}/milestones/${milestoneId}/achieve`,
          build.achieve({ evaluation: 'Delivered with a small delay' }),
        ),
        200,
      );
      expect(res.body).toEqual({ id, version: 4 });
      expect(res.headers.etag).toBe('"4"');
      const status = await cw.status(id);
      expect(status.milestones[0]).toMatchObject({
        id: milestoneId,
        status: 'achieved',
        achievedAt: '2025-02-27T00:00:00Z',
        evaluation: 'Delivered with a small delay',
        overdue: false,
      });
      expect(status.overdueMilestones).toEqual([]);
      expect(status.rag).toBe('green');
    });

    it('POST /reschedule moves the due time and keeps the reason (200)', async () => {
      const id = await cw.activeInitiative();
      const milestoneId = await cw.planMilestone(id, { dueAt: '2025-02-01T00:00:00Z' });
      const res = await expectStatus(
        cw.post(`/initiatives/${id}/milestones/${milestoneId}/reschedule`, build.reschedule()),
        200,
      );
      expect(res.body).toEqual({ id, version: 4 });
      expect(res.headers.etag).toBe('"4"');
      const status = await cw.status(id);
      expect(status.milestones[0]).toMatchObject({
        id: milestoneId,
        status: 'planned',
        dueAt: '2025-09-01T00:00:00Z',
        reason: 'Supplier delay',
        rescheduleCount: 1,
        overdue: false,
      });
      expect(status.rag).toBe('green');
    });

    it('POST /miss records a milestone missed once its due time has passed (200)', async () => {
      const id = await cw.activeInitiative();
      const milestoneId = await cw.planMilestone(id, { dueAt: '2025-02-15T00:00:00Z' });
      const res = await expectStatus(
        cw.post(`/initiatives/${id}/milestones/${milestoneId}/miss`, { reason: 'Supplier went bankrupt' }),
        200,
      );
      expect(res.body).toEqual({ id, version: 4 });
      expect(res.headers.etag).toBe('"4"');
      const status = await cw.status(id);
      expect(status.milestones[0]).toMatchObject({
        status: 'missed',
        reason: 'Supplier went bankrupt',
        overdue: false,
      });
      expect(status.rag).toBe('red');
    });

    it('POST /cancel cancels a planned milestone (200)', async () => {
      const id = await cw.activeInitiative();
      const milestoneId = await cw.planMilestone(id);
      const res = await expectStatus(
        cw.post(`/initiatives/${id}/milestones/${milestoneId}/cancel`, { reason: 'Out of scope' }),
        200,
      );
      expect(res.body).toEqual({ id, version: 4 });
      expect(res.headers.etag).toBe('"4"');
      const status = await cw.status(id);
      expect(status.milestones[0]).toMatchObject({ status: 'cancelled', reason: 'Out of scope', overdue: false });
      expect(status.nextMilestone).toBeNull();
    });
  });

  describe('POST /initiatives/{id}/decisions', () => {
    it('records a follow-up decision as the last decision (201 with { id, initiativeId, version })', async () => {
      const id = await cw.activeInitiative();
      const goalId = await cw.defineGoal(id);
      const res = await expectStatus(
        cw.post(
          `/initiatives/${id}/decisions`,
          build.decision({ caseRef: '2025/1234', followUpBy: '2025-06-01T00:00:00Z', affects: [goalId] }),
        ),
        201,
      );
      expect(res.body).toEqual({ id: expect.any(String), initiativeId: id, version: 4 });
      expect(res.headers.etag).toBe('"4"');
      const status = await cw.status(id);
      expect(status.status).toBe('active');
      expect(status.lastDecision).toEqual({
        id: res.body.id,
        kind: 'continue',
        summary: 'Continue as planned',
        caseRef: '2025/1234',
        decidedBy: 'Steering group',
        occurredAt: '2025-03-01T09:00:00Z',
        followUpBy: '2025-06-01T00:00:00Z',
      });
    });

    it('pause and resume decisions change the status (each writes the decision and the status change)', async () => {
      const id = await cw.activeInitiative();
      const paused = await expectStatus(
        cw.post(
          `/initiatives/${id}/decisions`,
          build.decision({ kind: 'pause', summary: 'Pause until funding is clear' }),
        ),
        201,
      );
      expect(paused.body).toEqual({ id: expect.any(String), initiativeId: id, version: 4 });
      expect(await cw.status(id)).toMatchObject({
        status: 'paused',
        version: 4,
        lastDecision: { id: paused.body.id, kind: 'pause', summary: 'Pause until funding is clear' },
      });

      const resumed = await expectStatus(
        cw.post(
          `/initiatives/${id}/decisions`,
          build.decision({ kind: 'resume', summary: 'Funding is back', occurredAt: '2025-03-01T11:00:00Z' }),
        ),
        201,
      );
      expect(resumed.body).toEqual({ id: expect.any(String), initiativeId: id, version: 6 });
      expect(await cw.status(id)).toMatchObject({
        status: 'active',
        version: 6,
        lastDecision: { id: resumed.body.id, kind: 'resume', occurredAt: '2025-03-01T11:00:00Z' },
      });
    });

    // A stop decision sets the status stopping: test/audit-reads/follow-ups.e2e-spec.ts.
    it.each(['adjust', 'escalate'])('records a %s decision without changing the status', async (kind) => {
      const id = await cw.activeInitiative();
      const decisionId = await cw.decide(id, { kind });
      expect(await cw.status(id)).toMatchObject({
        status: 'active',
        version: 3,
        lastDecision: { id: decisionId, kind },
      });
    });
  });

  describe('POST /initiatives/{id}/course-corrections', () => {
    it('applies every change in one commit under one decision', async () => {
      const id = await cw.activeInitiative();
      const goalId = await cw.defineGoal(id);
      const indicatorId = await cw.defineIndicator(id, goalId);
      const milestoneId = await cw.planMilestone(id);
      const before = await cw.version(id);

      const res = await expectStatus(
        cw.post(
          `/initiatives/${id}/course-corrections`,
          build.courseCorrection(
            [
              {
                type: 'reviseGoal',
                goalId,
                statement: 'Half of the pupils master basic digital skills',
                resultLevel: 'output',
              },
              { type: 'changeTargets', indicatorId, targets: [{ value: 25, at: '2025-09-30T00:00:00Z' }] },
              { type: 'rescheduleMilestone', milestoneId, dueAt: '2025-10-01T00:00:00Z' },
              {
                type: 'planMilestone',
                title: 'Extra check-in',
                dueAt: '2025-08-01T00:00:00Z',
                description: 'With the schools',
              },
            ],
            { caseRef: 'PS-2025/12', occurredAt: '2025-02-28T15:00:00Z' },
          ),
        ),
        201,
      );
      // One CourseCorrected event plus one event per change.
      expect(res.body).toEqual({ id: expect.any(String), initiativeId: id, version: before + 5 });
      expect(res.headers.etag).toBe(`"${before + 5}"`);

      const status = await cw.status(id);
      expect(status.version).toBe(before + 5);
      expect(status.goals[0]).toMatchObject({
        id: goalId,
        statement: 'Half of the pupils master basic digital skills',
        resultLevel: 'output',
      });
      expect(status.goals[0].indicators[0].targets).toEqual([{ value: 25, at: '2025-09-30T00:00:00Z' }]);
      expect(status.milestones).toEqual([
        expect.objectContaining({
          id: milestoneId,
          dueAt: '2025-10-01T00:00:00Z',
          status: 'planned',
          reason: 'Behind plan',
          rescheduleCount: 1,
        }),
        expect.objectContaining({
          id: expect.any(String),
          title: 'Extra check-in',
          description: 'With the schools',
          dueAt: '2025-08-01T00:00:00Z',
          status: 'planned',
        }),
      ]);
      expect(status.lastDecision).toEqual({
        id: res.body.id,
        kind: 'courseCorrection',
        summary: 'Behind plan',
        caseRef: 'PS-2025/12',
        decidedBy: 'Steering group',
        occurredAt: '2025-02-28T15:00:00Z',
        followUpBy: null,
      });
    });
  });

  describe('benefits', () => {
    it('POST /benefits registers a benefit and a dis-benefit (201)', async () => {
      const id = await cw.activeInitiative();
      const goalId = await cw.defineGoal(id);
      const indicatorId = await cw.defineIndicator(id, goalId);
      const res = await expectStatus(
        cw.post(`/initiatives/${id}/benefits`, build.benefit({ indicatorId, baseline: 100, target: 80 })),
        201,
      );
      expect(res.body).toEqual({ id: expect.any(String), initiativeId: id, version: 5 });
      expect(res.headers.etag).toBe('"5"');
      const dis = await cw.registerBenefit(id, {
        kind: 'disbenefit',
        description: 'More screen time',
        owner: 'School board',
      });

      expect((await cw.status(id)).benefits).toEqual([
        {
          id: res.body.id,
          kind: 'benefit',
          description: 'Lower travel costs',
          owner: 'Head of finance',
          indicatorId,
          baseline: 100,
          target: 80,
          realisationDue: '2026-12-31T00:00:00Z',
          realisations: [],
        },
        expect.objectContaining({
          id: dis,
          kind: 'disbenefit',
          description: 'More screen time',
          owner: 'School board',
          indicatorId: null,
          realisations: [],
        }),
      ]);
    });

    it('POST /realisations records realisations of a benefit (201)', async () => {
      const id = await cw.activeInitiative();
      const benefitId = await cw.registerBenefit(id);
      const res = await expectStatus(
        cw.post(
          `/initiatives/${id}/benefits/${benefitId}/realisations`,
          build.realisation({ value: 7.5, note: 'First quarter' }),
        ),
        201,
      );
      expect(res.body).toEqual({ id: expect.any(String), initiativeId: id, version: 4 });
      expect(res.headers.etag).toBe('"4"');
      const second = await cw.recordRealisation(id, benefitId, { value: 3, at: '2025-03-01T10:00:00Z' });
      expect((await cw.status(id)).benefits[0].realisations).toEqual([
        { id: res.body.id, value: 7.5, at: '2025-02-28T00:00:00Z', note: 'First quarter' },
        { id: second, value: 3, at: '2025-03-01T10:00:00Z', note: null },
      ]);
    });
  });

  describe('POST /initiatives/{id}/close', () => {
    it('closes with final evaluation and goal assessments; benefit realisations are still accepted', async () => {
      const id = await cw.activeInitiative();
      const goalA = await cw.defineGoal(id);
      const goalB = await cw.defineGoal(id, { statement: 'Teachers are confident', resultLevel: 'output' });
      const milestoneId = await cw.planMilestone(id);
      await expectStatus(cw.post(`/initiatives/${id}/milestones/${milestoneId}/achieve`, build.achieve()), 200);
      const benefitId = await cw.registerBenefit(id);
      const before = await cw.version(id);

      const res = await expectStatus(
        cw.post(`/initiatives/${id}/close`, {
          outcome: 'completed',
          finalEvaluation: 'Delivered what was promised',
          goalAssessments: [
            { goalId: goalA, achievement: 'full', comment: 'Reached' },
            { goalId: goalB, achievement: 'partial', comment: 'Two schools left' },
          ],
          lessons: 'Involve the teachers earlier',
        }),
        200,
      );
      expect(res.body).toEqual({ id, version: before + 1 });
      expect(res.headers.etag).toBe(`"${before + 1}"`);
      const closed = await cw.status(id);
      expect(closed.status).toBe('closed');
      expect(closed.closure).toEqual({
        outcome: 'completed',
        finalEvaluation: 'Delivered what was promised',
        goalAssessments: [
          { goalId: goalA, achievement: 'full', comment: 'Reached' },
          { goalId: goalB, achievement: 'partial', comment: 'Two schools left' },
        ],
        lessons: 'Involve the teachers earlier',
        closedAt: NOW,
        caseRef: null,
        decidedBy: null,
      });

      const realisation = await expectStatus(
        cw.post(`/initiatives/${id}/benefits/${benefitId}/realisations`, build.realisation({ value: 42 })),
        201,
      );
      expect(realisation.body).toEqual({ id: expect.any(String), initiativeId: id, version: before + 2 });
      const after = await cw.status(id);
      expect(after.status).toBe('closed');
      expect(after.benefits[0].realisations).toEqual([expect.objectContaining({ id: realisation.body.id, value: 42 })]);
    });

    it('closes as cancelled while milestones are still planned', async () => {
      const id = await cw.activeInitiative();
      const goalId = await cw.defineGoal(id);
      await cw.planMilestone(id);
      await cw.close(id, [goalId], {
        outcome: 'cancelled',
        finalEvaluation: 'Stopped by the council',
        occurredAt: '2025-02-28T00:00:00Z',
      });
      const status = await cw.status(id);
      expect(status).toMatchObject({
        status: 'closed',
        closure: {
          outcome: 'cancelled',
          finalEvaluation: 'Stopped by the council',
          lessons: null,
          closedAt: '2025-02-28T00:00:00Z',
        },
      });
      expect(status.closure.goalAssessments).toEqual([{ goalId, achievement: 'full', comment: 'Reached' }]);
    });
  });

  it('walks planned -> active -> paused -> active -> closed', async () => {
    const id = await cw.register();
    const seen: string[] = [(await cw.status(id)).status];
    await cw.activate(id);
    seen.push((await cw.status(id)).status);
    await cw.decide(id, { kind: 'pause' });
    seen.push((await cw.status(id)).status);
    await cw.decide(id, { kind: 'resume' });
    seen.push((await cw.status(id)).status);
    await cw.close(id, []);
    seen.push((await cw.status(id)).status);
    expect(seen).toEqual(['planned', 'active', 'paused', 'active', 'closed']);
    expect(await cw.version(id)).toBe(7);
  });
});
