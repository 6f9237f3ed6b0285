import type { ApiHarness, HarnessOptions } from '../support/api-harness';

/**
 * A multi-year life of one project, written through HTTP with the clock moved between
 * steps. The test keeps its own expectation of the record after every step and checks that
 * `?asOf=` at each recorded time answers exactly that, then reads the audit history, the
 * decision log, the roll-up and the ledger of the same life. The same suite runs on the
 * embedded default and on the production adapters (MongoDB, Kafka, projector), so both
 * answer the same.
 */
interface Expected {
  version: number;
  status: string;
  goal: string | null;
  targets: number[];
  milestones: Record<string, { dueAt: string; status: string }>;
  realisations: number;
  closed: boolean;
}

export function readSideSuite(mode: string, start: (options: HarnessOptions) => Promise<ApiHarness>): void {
  describe(`read side (${mode}): history, as-of, decision log, roll-up and ledger over a multi-year scenario`, () => {
    let api: ApiHarness;
    let auth: Record<string, string>;
    let auditor: Record<string, string>;
    let leader: Record<string, string>;
    const snapshots: Array<{ at: string; expected: Expected }> = [];
    let expected: Expected = {
      version: 0,
      status: 'planned',
      goal: null,
      targets: [],
      milestones: {},
      realisations: 0,
      closed: false,
    };
    let projectId = '';
    const ids: Record<string, string> = {};

    const step = async (
      at: string,
      send: () => Promise<{ status: number; body: Record<string, unknown> }>,
      change: (e: Expected) => void,
    ) => {
      api.clock.set(at);
      const response = await send();
      if (response.status >= 300)
        throw new Error(`step at ${at} failed: ${response.status} ${JSON.stringify(response.body)}`);
      const next = structuredClone(expected);
      change(next);
      next.version = response.body.version as number;
      expected = next;
      snapshots.push({ at, expected });
      return response.body;
    };
    const post = (path: string, body: object = {}) => api.http.post(path).set(auth).send(body);

    beforeAll(async () => {
      api = await start({ now: '2024-01-10T08:00:00.000Z' });
      auth = { Authorization: `Bearer ${await api.token(['caseworker'], 'cw-1', 'Kari Nordmann')}` };
      auditor = { Authorization: `Bearer ${await api.token(['auditor'], 'aud-1', 'Revisor Ruud')}` };
      leader = { Authorization: `Bearer ${await api.token(['leader'], 'lead-1', 'Leiar Lie')}` };

      const focusArea = await post('/initiatives', {
        kind: 'focusArea',
        title: 'Green transition',
        ownerUnit: 'Regional development',
        responsible: 'Kari',
      });
      const body = await step(
        '2024-01-10T09:00:00.000Z',
        () =>
          post('/initiatives', {
            kind: 'project',
            parentId: focusArea.body.id,
            title: 'Solar on school roofs',
            ownerUnit: 'Property',
            responsible: 'Ola',
          }),
        () => undefined,
      );
      projectId = body.id as string;
      const p = `/initiatives/${projectId}`;
      await step(
        '2024-01-15T09:00:00.000Z',
        () => post(`${p}/activate`),
        (e) => (e.status = 'active'),
      );
      ids.goal = (
        await step(
          '2024-01-16T09:00:00.000Z',
          () => post(`${p}/goals`, { statement: 'Schools produce electricity', resultLevel: 'userEffect' }),
          (e) => (e.goal = 'Schools produce electricity'),
        )
      ).id as string;
      ids.indicator = (
        await step(
          '2024-01-17T09:00:00.000Z',
          () =>
            post(`${p}/goals/${ids.goal}/indicators`, {
              name: 'Capacity',
              unit: 'kWp',
              direction: 'increase',
              baseline: { value: 0, at: '2024-01-01T00:00:00Z' },
              targets: [
                { value: 200, at: '2024-12-31T00:00:00Z' },
                { value: 500, at: '2025-12-31T00:00:00Z' },
              ],
              aggregation: 'sum',
            }),
          (e) => (e.targets = [200, 500]),
        )
      ).id as string;
      ids.m1 = (
        await step(
          '2024-01-18T09:00:00.000Z',
          () => post(`${p}/milestones`, { title: 'First ten roofs', dueAt: '2024-06-30T00:00:00Z' }),
          (e) => (e.milestones['First ten roofs'] = { dueAt: '2024-06-30T00:00:00Z', status: 'planned' }),
        )
      ).id as string;
      ids.benefit = (
        await step(
          '2024-02-01T09:00:00.000Z',
          () =>
            post(`${p}/benefits`, {
              description: 'Lower energy costs',
              owner: 'Head of Education',
              kind: 'benefit',
              realisationDue: '2026-12-31T00:00:00Z',
            }),
          () => undefined,
        )
      ).id as string;
      ids.d1 = (
        await step(
          '2024-06-20T09:00:00.000Z',
          () =>
            post(`${p}/decisions`, {
              kind: 'adjust',
              summary: 'Accept the delay',
              rationale: 'Supplier problems',
              caseRef: '2024/0620',
              decidedBy: 'Steering group',
              occurredAt: '2024-06-19T14:00:00Z',
              followUpBy: '2024-10-01T00:00:00Z',
              affects: [ids.m1],
            }),
          () => undefined,
        )
      ).id as string;
      await step(
        '2024-06-21T09:00:00.000Z',
        () =>
          post(`${p}/milestones/${ids.m1}/reschedule`, {
            dueAt: '2024-09-30T00:00:00Z',
            reason: 'Supplier delay',
            caseRef: '2024/0620',
          }),
        (e) => (e.milestones['First ten roofs']!.dueAt = '2024-09-30T00:00:00Z'),
      );
      await step(
        '2024-09-25T09:00:00.000Z',
        () =>
          post(`${p}/milestones/${ids.m1}/achieve`, {
            achievedAt: '2024-09-24T00:00:00Z',
            evaluation: 'Done, two weeks early on the new date',
          }),
        (e) => (e.milestones['First ten roofs']!.status = 'achieved'),
      );
      await step(
        '2025-01-15T09:00:00.000Z',
        () =>
          api.http.patch(`${p}/goals/${ids.goal}`).set(auth).send({
            statement: 'Schools cover half their electricity',
            reason: 'Goal was not verifiable',
            caseRef: '2025/0011',
          }),
        (e) => (e.goal = 'Schools cover half their electricity'),
      );
      ids.cc = (
        await step(
          '2025-02-10T09:00:00.000Z',
          () =>
            post(`${p}/course-corrections`, {
              rationale: 'Grid capacity is lower than assumed',
              caseRef: '2025/0210',
              decidedBy: 'County board',
              changes: [
                {
                  type: 'changeTargets',
                  indicatorId: ids.indicator,
                  targets: [
                    { value: 150, at: '2024-12-31T00:00:00Z' },
                    { value: 400, at: '2025-12-31T00:00:00Z' },
                  ],
                },
                { type: 'planMilestone', title: 'Grid study', dueAt: '2025-06-30T00:00:00Z' },
              ],
            }),
          (e) => {
            e.targets = [150, 400];
            e.milestones['Grid study'] = { dueAt: '2025-06-30T00:00:00Z', status: 'planned' };
          },
        )
      ).id as string;
      // Read your writes: in production the projector may still be on its way.
      const status = await api.http.get(p).query({ minVersion: expected.version }).set(auth).expect(200);
      ids.m2 = status.body.milestones.find((m: { title: string }) => m.title === 'Grid study').id;
      await step(
        '2025-06-20T09:00:00.000Z',
        () =>
          post(`${p}/milestones/${ids.m2}/achieve`, {
            achievedAt: '2025-06-19T00:00:00Z',
            evaluation: 'Study delivered',
          }),
        (e) => (e.milestones['Grid study']!.status = 'achieved'),
      );
      await step(
        '2025-12-15T09:00:00.000Z',
        () =>
          post(`${p}/close`, {
            outcome: 'completed',
            finalEvaluation: 'Delivered 380 kWp',
            goalAssessments: [{ goalId: ids.goal, achievement: 'partial', comment: 'Close to half' }],
          }),
        (e) => {
          e.status = 'closed';
          e.closed = true;
        },
      );
      await step(
        '2026-03-01T09:00:00.000Z',
        () =>
          post(`${p}/benefits/${ids.benefit}/realisations`, {
            value: 120000,
            at: '2026-02-28T00:00:00Z',
            note: 'First year of savings',
          }),
        (e) => (e.realisations = 1),
      );
      await api.http.get(p).query({ minVersion: expected.version }).set(auth).expect(200);
      await api.http.get(`/initiatives/${focusArea.body.id}`).query({ minVersion: 1 }).set(auth).expect(200);
      ids.focusArea = focusArea.body.id;
    }, 60_000);
    afterAll(() => api.dispose());

    it('answers ?asOf= at every recorded time with exactly the record as it stood then', async () => {
      expect(snapshots).toHaveLength(14);
      for (const { at, expected: want } of snapshots) {
        for (const probe of [at, new Date(Date.parse(at) + 60_000).toISOString()]) {
          const response = await api.http
            .get(`/initiatives/${projectId}`)
            .query({ asOf: probe })
            .set(auditor)
            .expect(200);
          const record = response.body;
          const got: Expected = {
            version: record.version,
            status: record.status,
            goal: record.goals[0]?.statement ?? null,
            targets: (record.goals[0]?.indicators[0]?.targets ?? []).map((t: { value: number }) => t.value),
            milestones: Object.fromEntries(
              record.milestones.map((m: { title: string; dueAt: string; status: string }) => [
                m.title,
                { dueAt: m.dueAt, status: m.status },
              ]),
            ),
            realisations: record.benefits[0]?.realisations.length ?? 0,
            closed: record.closure !== null,
          };
          expect({ at: probe, ...got }).toEqual({ at: probe, ...want });
          expect(response.headers.etag).toBe(`"${want.version}"`);
        }
      }
    });

    it('says the initiative did not exist yet before its registration, and 404 for an unknown one', async () => {
      await api.http.get(`/initiatives/${projectId}`).query({ asOf: '2023-12-31T00:00:00Z' }).set(auditor).expect(404);
      await api.http.get('/initiatives/no-such-thing').query({ asOf: '2025-01-01T00:00:00Z' }).set(auditor).expect(404);
      const bad = await api.http
        .get(`/initiatives/${projectId}`)
        .query({ asOf: 'last tuesday' })
        .set(auditor)
        .expect(400);
      expect(bad.body.details.map((d: { field: string }) => d.field)).toEqual(['asOf']);
    });

    it('lists every event in order with who, when, why and before/after values', async () => {
      const response = await api.http.get(`/audit/initiatives/${projectId}/history`).set(auditor).expect(200);
      const items = response.body.items as Array<Record<string, any>>;
      expect(items.map((i) => i.version)).toEqual(Array.from({ length: items.length }, (_, i) => i + 1));
      expect(items[items.length - 1].version).toBe(expected.version);
      expect(items[0]).toMatchObject({
        type: 'InitiativeRegistered',
        actor: { sub: 'cw-1', name: 'Kari Nordmann' },
        recordedAt: '2024-01-10T09:00:00.000Z',
      });
      expect(items[0].summary).toContain('Solar on school roofs');

      const reschedule = items.find((i) => i.type === 'MilestoneRescheduled')!;
      expect(reschedule).toMatchObject({
        before: { dueAt: '2024-06-30T00:00:00Z' },
        after: { dueAt: '2024-09-30T00:00:00Z' },
        reason: 'Supplier delay',
        caseRef: '2024/0620',
      });
      expect(reschedule.summary).toContain('First ten roofs');

      const revision = items.find((i) => i.type === 'GoalRevised')!;
      expect(revision).toMatchObject({
        before: { statement: 'Schools produce electricity' },
        after: { statement: 'Schools cover half their electricity' },
        caseRef: '2025/0011',
        reason: 'Goal was not verifiable',
        recordedAt: '2025-01-15T09:00:00.000Z',
      });

      const targets = items.find((i) => i.type === 'IndicatorTargetsChanged')!;
      expect(targets).toMatchObject({ decisionId: ids.cc, caseRef: '2025/0210' });
      expect(targets.before.targets.map((t: { value: number }) => t.value)).toEqual([200, 500]);
      expect(targets.after.targets.map((t: { value: number }) => t.value)).toEqual([150, 400]);

      const decision = items.find((i) => i.type === 'FollowUpDecisionRecorded')!;
      expect(decision).toMatchObject({
        occurredAt: '2024-06-19T14:00:00Z',
        recordedAt: '2024-06-20T09:00:00.000Z',
        decisionId: ids.d1,
      });
    });

    it('keeps the audit history from caseworkers and answers 404 for an unknown initiative', async () => {
      await api.http.get(`/audit/initiatives/${projectId}/history`).set(auth).expect(403);
      await api.http.get('/audit/initiatives/unknown-id/history').set(auditor).expect(404);
      await api.http.get(`/audit/initiatives/${projectId}/history`).expect(401);
    });

    it('logs each decision with the changes it caused and what followed', async () => {
      const response = await api.http
        .get('/audit/decisions')
        .query({ initiativeId: projectId })
        .set(leader)
        .expect(200);
      const entries = response.body.items as Array<Record<string, any>>;
      // Events carrying a case number outside a decision record (the reschedule, the goal revision) are entries too.
      expect(entries.map((e) => e.kind)).toEqual(['adjust', 'milestoneRescheduled', 'goalRevised', 'courseCorrection']);
      expect(entries[2]).toMatchObject({ caseRef: '2025/0011', rationale: 'Goal was not verifiable' });

      const [adjust, correction] = [entries[0]!, entries[3]!];
      expect(adjust).toMatchObject({
        decisionId: ids.d1,
        caseRef: '2024/0620',
        decidedBy: 'Steering group',
        affects: [ids.m1],
        initiativeTitle: 'Solar on school roofs',
      });
      // The reschedule and the achievement of the milestone it concerned followed it.
      expect(adjust.followedBy.map((f: { type: string }) => f.type)).toEqual([
        'MilestoneRescheduled',
        'MilestoneAchieved',
      ]);

      expect(correction.changes.map((c: { type: string }) => c.type)).toEqual([
        'IndicatorTargetsChanged',
        'MilestonePlanned',
      ]);
      expect(correction.followedBy.map((f: { type: string }) => f.type)).toEqual(['MilestoneAchieved']);
      expect(correction.followedBy[0].summary).toContain('Grid study');
    });

    it('filters the decision log by time, initiative with descendants and actor, and pages it', async () => {
      const inWindow = await api.http
        .get('/audit/decisions')
        .query({ from: '2025-01-01T00:00:00Z', to: '2026-01-01T00:00:00Z' })
        .set(auditor)
        .expect(200);
      expect(inWindow.body.items.map((e: { kind: string }) => e.kind)).toEqual(['goalRevised', 'courseCorrection']);
      expect(inWindow.body.items[1].decisionId).toBe(ids.cc);
      const project = await api.http.get(`/initiatives/${projectId}`).set(auditor);
      const subtree = await api.http
        .get('/audit/decisions')
        .query({ initiativeId: project.body.parentId, includeDescendants: 'true' })
        .set(auditor)
        .expect(200);
      expect(subtree.body.total).toBe(4);
      const byOther = await api.http.get('/audit/decisions').query({ actor: 'someone-else' }).set(auditor).expect(200);
      expect(byOther.body.items).toEqual([]);
      const first = await api.http.get('/audit/decisions').query({ limit: 2 }).set(auditor).expect(200);
      expect(first.body.items).toHaveLength(2);
      const second = await api.http
        .get('/audit/decisions')
        .query({ limit: 2, cursor: first.body.nextCursor })
        .set(auditor)
        .expect(200);
      expect(second.body.items[0].decisionId).not.toBe(first.body.items[0].decisionId);
      expect(second.body.nextCursor).toBeUndefined();
      const bad = await api.http
        .get('/audit/decisions')
        .query({ from: 'yesterday', initiativeId: 'no such!' })
        .set(auditor)
        .expect(400);
      expect(bad.body.details.map((d: { field: string }) => d.field).sort()).toEqual(['from', 'initiativeId']);
      await api.http
        .get('/audit/decisions')
        .query({ initiativeId: 'unknown', includeDescendants: 'true' })
        .set(auditor)
        .expect(404);
      await api.http.get('/audit/decisions').set(auth).expect(403);
    });

    it('rolls the focus area up with the project beneath it', async () => {
      const rollup = await api.http.get(`/initiatives/${ids.focusArea}/rollup`).set(leader).expect(200);
      expect(rollup.body).toMatchObject({
        initiatives: 2,
        byStatus: { planned: 1, active: 0, paused: 0, closed: 1, stopping: 0 },
        byKind: { focusArea: 1, project: 1 },
        milestones: { achieved: 2, planned: 0, missed: 0, overdue: [] },
        benefits: { planned: 1, realised: 1, overdue: 0 },
      });
      const portfolio = await api.http.get('/portfolio').set(leader).expect(200);
      expect(portfolio.body.focusAreas.map((f: { root: { id: string } }) => f.root.id)).toEqual([ids.focusArea]);
    });

    it('verifies the ledger and serves a digest that covers every event', async () => {
      const verify = await api.http.get('/audit/verify').set(auditor).expect(200);
      expect(verify.body).toMatchObject({ ok: true, checkedEvents: expected.version + 1 });
      const digest = await api.http.get('/audit/digest').set(auditor).expect(200);
      expect(digest.body.streams).toBe(2);
      const again = await api.http.get('/audit/verify').query({ digest: digest.body.digest }).set(auditor).expect(200);
      expect(again.body).toMatchObject({ ok: true, digestMatches: true });
    });
  });
}
