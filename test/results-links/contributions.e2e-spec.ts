import { startApi, type ApiHarness } from '../support/api-harness';
import { expectStatus, fieldsOf, InitiativesClient } from '../support/initiatives-client';

/*
 * A focus area with a programme beneath it and a project beneath that; a sibling project under the
 * focus area. The project goal contributes to the programme goal, which contributes to the focus-area goal.
 */
describe('goal contributions up the hierarchy', () => {
  let api: ApiHarness;
  let cw: InitiativesClient;
  let leader: InitiativesClient;
  const ids: Record<string, string> = {};
  const goals: Record<string, string> = {};
  const link = (from: string, to: string, body: Record<string, unknown> = {}) =>
    cw.post(`/initiatives/${ids[from]}/goals/${goals[from]}/contributions`, {
      toInitiativeId: ids[to],
      toGoalId: goals[to],
      ...body,
    });

  beforeAll(async () => {
    api = await startApi();
    cw = await InitiativesClient.as(api, ['caseworker']);
    leader = await InitiativesClient.as(api, ['leader']);
    ids.fa = await cw.activeInitiative({ id: 'cl-fa' });
    ids.prog = await cw.activeInitiative({ id: 'cl-prog', kind: 'programme', parentId: ids.fa });
    ids.proj = await cw.activeInitiative({ id: 'cl-proj', kind: 'project', parentId: ids.prog });
    ids.other = await cw.activeInitiative({ id: 'cl-other', kind: 'project', parentId: ids.fa });
    for (const key of ['fa', 'prog', 'proj', 'other']) goals[key] = await cw.defineGoal(ids[key]!);
    const indicator = await cw.defineIndicator(ids.proj!, goals.proj!, {
      baseline: { value: 10, at: '2025-01-01T00:00:00Z' },
      targets: [{ value: 30, at: '2025-06-30T00:00:00Z' }],
    });
    await cw.recordMeasurement(ids.proj!, indicator, { value: 20 });
  });
  afterAll(() => api.dispose());

  it('links a project goal to a programme goal and lists it with status and progress', async () => {
    await expectStatus(link('proj', 'prog', { note: 'Pupils trained count towards the programme' }), 200);
    const { body } = await expectStatus(leader.get(`/initiatives/${ids.prog}/goals/${goals.prog}/contributions`), 200);
    expect(body.contributions).toEqual([
      expect.objectContaining({
        initiative: expect.objectContaining({ id: ids.proj, kind: 'project', status: 'active' }),
        goalId: goals.proj,
        note: 'Pupils trained count towards the programme',
        status: expect.any(String),
        progress: 0.5,
      }),
    ]);
    expect(body.summary).toEqual(expect.objectContaining({ total: 1, progress: 0.5 }));
    const project = await cw.status(ids.proj!);
    expect(project.goals[0].contributesTo).toEqual([
      { initiativeId: ids.prog, goalId: goals.prog, note: 'Pupils trained count towards the programme' },
    ]);
  });

  it('rolls a parent goal up from its contribution links', async () => {
    const { body } = await expectStatus(leader.get(`/initiatives/${ids.prog}/rollup`), 200);
    expect(body.goals).toEqual([
      expect.objectContaining({
        goalId: goals.prog,
        contributions: expect.objectContaining({ total: 1, progress: 0.5 }),
      }),
    ]);
  });

  it('lets a goal contribute sideways to an initiative that is not its descendant', async () => {
    await expectStatus(link('other', 'proj'), 200);
  });

  it('refuses a goal of a descendant initiative', async () => {
    const response = await expectStatus(link('fa', 'prog'), 422);
    expect(response.body.code).toBe('ContributionToDescendant');
    expect(fieldsOf(response)).toEqual(['toInitiativeId']);
  });

  it('refuses a link that closes a cycle', async () => {
    await expectStatus(link('prog', 'fa'), 200);
    // other -> proj -> prog already; prog -> other would close the loop.
    const response = await expectStatus(link('prog', 'other'), 422);
    expect(response.body.code).toBe('ContributionCycle');
    expect(fieldsOf(response)).toEqual(['toGoalId']);
  });

  it('refuses an unknown target goal or initiative naming the field', async () => {
    const unknownGoal = await expectStatus(link('proj', 'fa', { toGoalId: 'no-such-goal' }), 404);
    expect(fieldsOf(unknownGoal)).toEqual(['toGoalId']);
    const unknownInitiative = await expectStatus(link('proj', 'fa', { toInitiativeId: 'no-such-initiative' }), 404);
    expect(fieldsOf(unknownInitiative)).toEqual(['toInitiativeId']);
    const missing = await expectStatus(
      cw.post(`/initiatives/${ids.proj}/goals/${goals.proj}/contributions`, { toInitiativeId: ids.fa }),
      400,
    );
    expect(fieldsOf(missing)).toContain('toGoalId');
  });

  it('removes a link with a reason, and refuses a removal without one', async () => {
    const path = `/initiatives/${ids.other}/goals/${goals.other}/contributions/${goals.proj}/remove`;
    expect(fieldsOf(await expectStatus(cw.post(path, {}), 400))).toContain('reason');
    await expectStatus(cw.post(path, { reason: 'Counted twice' }), 200);
    const { body } = await expectStatus(cw.get(`/initiatives/${ids.proj}/goals/${goals.proj}/contributions`), 200);
    expect(body.contributions).toEqual([]);
    expect(body.summary.total).toBe(0);
    const again = await expectStatus(cw.post(path, { reason: 'Counted twice' }), 404);
    expect(again.body.code).toBe('ContributionNotFound');
  });

  it('leaves linking to caseworkers', async () => {
    await expectStatus(
      leader.post(`/initiatives/${ids.other}/goals/${goals.other}/contributions`, {
        toInitiativeId: ids.fa,
        toGoalId: goals.fa,
      }),
      403,
    );
  });
});
