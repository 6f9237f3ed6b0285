import { startApi, type ApiHarness } from '../support/api-harness';
import { expectStatus, fieldsOf, InitiativesClient } from '../support/initiatives-client';

/*
 * GOAL_POLICY: strict (the default) refuses to activate an initiative while a goal at result level
 * output, userEffect or societalEffect has no performance indicator with a dated baseline and target;
 * advisory activates and reports. Both show verifiability in the status document, the rollup and the portfolio.
 */
describe('GOAL_POLICY strict (default)', () => {
  let api: ApiHarness;
  let cw: InitiativesClient;

  beforeAll(async () => {
    api = await startApi();
    cw = await InitiativesClient.as(api, ['caseworker']);
  });
  afterAll(() => api.dispose());

  it('is the default setting', () => {
    expect(api.config.goalPolicy).toBe('strict');
  });

  it('refuses activation with 422 GoalNotVerifiable, one detail per unverifiable goal', async () => {
    const id = await cw.register({ id: 'gp-strict' });
    const output = await cw.defineGoal(id, { statement: 'Course delivered', resultLevel: 'output' });
    const effect = await cw.defineGoal(id, { statement: 'Fewer drop-outs', resultLevel: 'userEffect' });
    await cw.defineGoal(id, { statement: 'Teachers hired', resultLevel: 'input' });
    // A context indicator does not verify its goal.
    await cw.defineIndicator(id, effect, { role: 'context', name: 'Unemployment', method: 'statistics' });

    const refused = await expectStatus(cw.post(`/initiatives/${id}/activate`), 422);
    expect(refused.body.code).toBe('GoalNotVerifiable');
    expect(fieldsOf(refused).sort()).toEqual([`goals.${output}`, `goals.${effect}`].sort());
    expect(JSON.stringify(refused.body.details)).toContain('Course delivered');

    const status = await cw.status(id);
    expect(status.status).toBe('planned');
    expect(status.verifiability).toEqual({ goals: 2, verifiable: 0, share: 0 });

    await cw.defineIndicator(id, output, { frequency: 'quarterly', method: 'register' });
    await expectStatus(cw.post(`/initiatives/${id}/activate`), 422);
    await cw.defineIndicator(id, effect, { role: 'performance' });
    await cw.activate(id);

    const active = await cw.status(id);
    expect(active.status).toBe('active');
    expect(active.verifiability).toEqual({ goals: 2, verifiable: 2, share: 1 });
    const byStatement = Object.fromEntries(active.goals.map((g: any) => [g.statement, g.verifiable]));
    expect(byStatement).toEqual({ 'Course delivered': true, 'Fewer drop-outs': true, 'Teachers hired': false });
  });

  it('activates an initiative without goals, or with only input and activity goals', async () => {
    await cw.activeInitiative({ id: 'gp-empty' });
    const id = await cw.register({ id: 'gp-input' });
    await cw.defineGoal(id, { resultLevel: 'activity' });
    await cw.activate(id);
  });
});

describe('GOAL_POLICY advisory', () => {
  let api: ApiHarness;
  let cw: InitiativesClient;
  let fa: string;
  let project: string;

  beforeAll(async () => {
    api = await startApi({ env: { GOAL_POLICY: 'advisory' } });
    cw = await InitiativesClient.as(api, ['caseworker']);
    fa = await cw.register({ id: 'gp-fa' });
    const faGoal = await cw.defineGoal(fa, { resultLevel: 'societalEffect' });
    await cw.defineIndicator(fa, faGoal);
    await cw.activate(fa);
    project = await cw.register({ id: 'gp-project', kind: 'project', parentId: fa });
    await cw.defineGoal(project, { resultLevel: 'output' });
    await cw.defineGoal(project, { resultLevel: 'input' });
    await cw.activate(project);
  });
  afterAll(() => api.dispose());

  it('activates although a goal cannot be verified, and shows it', async () => {
    const status = await cw.status(project);
    expect(status.status).toBe('active');
    expect(status.goals.map((g: any) => [g.resultLevel, g.verifiable])).toEqual([
      ['output', false],
      ['input', false],
    ]);
    expect(status.verifiability).toEqual({ goals: 1, verifiable: 0, share: 0 });
  });

  it('rolls verifiability up with goals per result level in the rollup and the portfolio', async () => {
    const expected = {
      goals: 2,
      verifiable: 1,
      share: 0.5,
      byResultLevel: { input: 1, activity: 0, output: 1, userEffect: 0, societalEffect: 1 },
    };
    const rollup = (await expectStatus(cw.get(`/initiatives/${fa}/rollup`), 200)).body;
    expect(rollup.verifiability).toEqual(expected);
    const portfolio = (await expectStatus(cw.get('/portfolio'), 200)).body;
    expect(portfolio.totals.verifiability).toEqual(expected);
    expect(portfolio.focusAreas[0].verifiability).toEqual(expected);
  });
});
