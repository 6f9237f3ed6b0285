import { startApi, type ApiHarness } from '../support/api-harness';
import { build, expectStatus, InitiativesClient } from '../support/initiatives-client';

/* A goal assessed `full` at closure must agree with its performance indicators' data, or say why not. */
describe('closure backed by data', () => {
  let api: ApiHarness;
  let cw: InitiativesClient;

  beforeAll(async () => {
    api = await startApi();
    cw = await InitiativesClient.as(api, ['caseworker']);
  });
  afterAll(() => api.dispose());

  /** Final target 30 percent; latest measurement 20. */
  async function measuredBelowTarget(id: string) {
    await cw.register({ id });
    const goalId = await cw.defineGoal(id);
    const indicatorId = await cw.defineIndicator(id, goalId);
    await cw.recordMeasurement(id, indicatorId, { value: 20 });
    await cw.activate(id);
    return { goalId, indicatorId };
  }

  it('refuses full when the latest value misses the final target (422), naming indicator, value and target', async () => {
    const { goalId, indicatorId } = await measuredBelowTarget('cl-refused');
    const refused = await expectStatus(cw.post('/initiatives/cl-refused/close', build.close([goalId])), 422);
    expect(refused.body.code).toBe('AssessmentContradictsData');
    expect(refused.body.details[0].field).toBe('goalAssessments[0].achievement');
    expect(refused.body.message).toContain(indicatorId);
    expect(refused.body.message).toContain('20');
    expect(refused.body.message).toContain('30');
    expect((await cw.status('cl-refused')).status).toBe('active');
  });

  it('accepts full with override { reason }, stored and shown in the closure', async () => {
    const { goalId } = await measuredBelowTarget('cl-override');
    const assessment = {
      goalId,
      achievement: 'full',
      comment: 'Reached by year end',
      override: { reason: 'The register lags three months; the school reports show 31 %' },
    };
    await cw.close('cl-override', [], { goalAssessments: [assessment] });
    const closed = await cw.status('cl-override');
    expect(closed.closure.goalAssessments).toEqual([assessment]);
    expect(closed).toMatchObject({ rag: null, outcome: 'completed' });
  });

  it('accepts partial without an override, and refuses an override without a reason (400)', async () => {
    const { goalId } = await measuredBelowTarget('cl-partial');
    const blank = { goalAssessments: [{ goalId, achievement: 'full', comment: 'x', override: { reason: '' } }] };
    const refused = await expectStatus(cw.post('/initiatives/cl-partial/close', build.close([goalId], blank)), 400);
    expect(refused.body.details[0].field).toBe('goalAssessments.0.override.reason');
    await cw.close('cl-partial', [], { goalAssessments: [{ goalId, achievement: 'partial', comment: '20 of 30' }] });
  });
});
