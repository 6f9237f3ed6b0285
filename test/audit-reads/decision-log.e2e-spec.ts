import { startApi, type ApiHarness } from '../support/api-harness';
import { build, expectStatus, fieldsOf, InitiativesClient } from '../support/initiatives-client';

/** A focus area with one project beneath it; decisions, a reschedule and a closure carrying case numbers. */
describe('GET /audit/decisions: every event with a case number or decision id, filtered', () => {
  let api: ApiHarness;
  let cw: InitiativesClient;
  let auditor: InitiativesClient;
  let parent: string;
  let child: string;
  let decisionId: string;

  beforeAll(async () => {
    api = await startApi();
    cw = await InitiativesClient.as(api);
    auditor = await InitiativesClient.as(api, ['auditor'], 'aud-1', 'Ada Auditor');
    parent = await cw.activeInitiative();
    child = await cw.activeInitiative({ kind: 'project', parentId: parent, title: 'Solar roofs' });
    decisionId = await cw.decide(parent, {
      kind: 'adjust',
      summary: 'Slow down the rollout',
      rationale: 'Budget cut by the county board',
      caseRef: '2025/0100',
      decidedBy: 'County board',
    });
    const milestoneId = await cw.planMilestone(child);
    await expectStatus(
      cw.post(
        `/initiatives/${child}/milestones/${milestoneId}/reschedule`,
        build.reschedule({ caseRef: '2025/0200', reason: 'Roofers unavailable' }),
      ),
      200,
    );
    await cw.decide(child, { kind: 'continue', decidedBy: 'Project board', caseRef: '2025/0300' });
  });
  afterAll(() => api.dispose());

  const log = async (query: Record<string, string>, status = 200) =>
    expectStatus(auditor.get(`/audit/decisions?${new URLSearchParams(query).toString()}`), status);
  const kinds = async (query: Record<string, string>) =>
    (await log(query)).body.items.map((e: { kind: string }) => e.kind);

  it('lists events carrying a case number outside decisions too, with both times', async () => {
    const body = (await log({ initiativeId: child })).body;
    // In business-time order: the decision occurred at 09:00, the reschedule when it was recorded (12:00).
    expect(body.items.map((e: { kind: string }) => e.kind)).toEqual(['continue', 'milestoneRescheduled']);
    expect(body.items[1]).toMatchObject({
      caseRef: '2025/0200',
      rationale: 'Roofers unavailable',
      decidedBy: 'Alice Berg',
      occurredAt: expect.any(String),
      recordedAt: expect.any(String),
    });
    expect(body.items[1].changes.map((c: { type: string }) => c.type)).toEqual(['MilestoneRescheduled']);
  });

  it('filters by caseRef, decidedBy, kind and words', async () => {
    expect((await log({ caseRef: '2025/0100' })).body.items.map((e: { decisionId: string }) => e.decisionId)).toEqual([
      decisionId,
    ]);
    expect(await kinds({ decidedBy: 'Project board' })).toEqual(['continue']);
    expect(await kinds({ kind: 'milestoneRescheduled' })).toEqual(['milestoneRescheduled']);
    expect(await kinds({ q: 'BUDGET county' })).toEqual(['adjust']);
    expect(await kinds({ q: 'roofers' })).toEqual(['milestoneRescheduled']);
  });

  it('includes descendants only when asked', async () => {
    expect(await kinds({ initiativeId: parent })).toEqual(['adjust']);
    expect(await kinds({ initiativeId: parent, includeDescendants: 'false' })).toEqual(['adjust']);
    expect((await kinds({ initiativeId: parent, includeDescendants: 'true' })).sort()).toEqual([
      'adjust',
      'continue',
      'milestoneRescheduled',
    ]);
  });

  it('refuses unknown parameters and unknown values with 400 naming the parameter', async () => {
    expect(fieldsOf(await log({ kind: 'foo' }, 400))).toEqual(['kind']);
    expect(fieldsOf(await log({ initiativeId: parent, includeDescendants: 'maybe' }, 400))).toEqual([
      'includeDescendants',
    ]);
    expect(fieldsOf(await log({ subtree: parent }, 400))).toEqual(['subtree']);
    expect(fieldsOf(await log({ includeDescendants: 'true' }, 400))).toEqual(['includeDescendants']);
    expect(fieldsOf(await log({ from: 'soon' }, 400))).toEqual(['from']);
  });
});
