import { startApi, type ApiHarness } from '../support/api-harness';
import { build, expectStatus, fieldsOf, InitiativesClient } from '../support/initiatives-client';

const profile = (overrides: Record<string, unknown> = {}) =>
  build.benefit({
    realisationDue: undefined,
    unit: 'hours',
    baseline: { value: 0, at: '2025-01-01T00:00:00Z' },
    target: { value: 1000, at: '2025-12-31T00:00:00Z' },
    measurementPlan: { frequency: 'quarterly', method: 'register', source: 'Time registration' },
    responsible: 'Head of school services',
    owner: 'County director of education',
    aggregation: 'cumulative',
    ...overrides,
  });

/* Benefit profiles, status judged today, and benefit work after closure. The clock stands at 2025-03-01. */
describe('benefit profile and realisation after closure', () => {
  let api: ApiHarness;
  let cw: InitiativesClient;

  beforeAll(async () => {
    api = await startApi();
    cw = await InitiativesClient.as(api, ['caseworker']);
  });
  afterAll(() => api.dispose());

  it('registers a profiled benefit and shows its profile, status and realised value', async () => {
    const id = await cw.activeInitiative();
    const benefitId = await cw.registerBenefit(id, profile());
    let benefit = (await cw.status(id)).benefits[0];
    expect(benefit).toMatchObject({
      id: benefitId,
      unit: 'hours',
      baseline: { value: 0, at: '2025-01-01T00:00:00Z' },
      target: { value: 1000, at: '2025-12-31T00:00:00Z' },
      measurementPlan: { frequency: 'quarterly', method: 'register', source: 'Time registration' },
      responsible: 'Head of school services',
      owner: 'County director of education',
      aggregation: 'cumulative',
      realisationDue: '2025-12-31T00:00:00Z',
      status: 'notStarted',
      realisedValue: null,
    });
    // Expected on 03-01: 1000 x 59/364 = 162 hours. 80 + 80 = 160 is on track.
    await cw.recordRealisation(id, benefitId, { value: 80, at: '2025-01-31T00:00:00Z' });
    await cw.recordRealisation(id, benefitId, { value: 80, at: '2025-02-28T00:00:00Z' });
    benefit = (await cw.status(id)).benefits[0];
    expect(benefit).toMatchObject({ status: 'onTrack', realisedValue: 160 });
  });

  it('does not count a value equal to the baseline as realised', async () => {
    const id = await cw.activeInitiative();
    const benefitId = await cw.registerBenefit(id, profile({ aggregation: 'latest' }));
    await cw.recordRealisation(id, benefitId, { value: 0 });
    expect((await cw.status(id)).benefits[0].status).toBe('offTrack');
    const rollup = (await expectStatus(cw.get(`/initiatives/${id}/rollup`), 200)).body;
    expect(rollup.benefits).toMatchObject({ planned: 1, realised: 0 });
    expect(rollup.benefitValues).toEqual([{ unit: 'hours', benefits: 1, planned: 1000, realised: 0 }]);
  });

  it('refuses an incomplete profile (422) or a baseline of neither shape (400), naming the fields', async () => {
    const id = await cw.activeInitiative();
    const refused = await expectStatus(
      cw.post(`/initiatives/${id}/benefits`, profile({ unit: undefined, measurementPlan: undefined })),
      422,
    );
    expect(fieldsOf(refused)).toEqual(expect.arrayContaining(['unit', 'measurementPlan']));
    const badShape = await expectStatus(cw.post(`/initiatives/${id}/benefits`, profile({ baseline: 'x' })), 400);
    expect(fieldsOf(badShape)).toEqual(['baseline']);
  });

  it('after closure: hands over, realises, takes an unplanned benefit and measures a benefit indicator', async () => {
    const id = await cw.activeInitiative();
    const goalId = await cw.defineGoal(id);
    const indicatorId = await cw.defineIndicator(id, goalId);
    const otherIndicator = await cw.defineIndicator(id, goalId, { name: 'Other' });
    const benefitId = await cw.registerBenefit(id, profile({ indicatorId, target: { value: 100, at: '2025-12-31' } }));
    await cw.close(id, [], { goalAssessments: [{ goalId, achievement: 'partial', comment: 'Half way' }] });

    await expectStatus(
      cw.post(`/initiatives/${id}/benefits/${benefitId}/handover`, {
        to: 'School services',
        reason: 'Line takes over',
      }),
      200,
    );
    await expectStatus(cw.post(`/initiatives/${id}/benefits/${benefitId}/handover`, { to: 'X', reason: 'y' }), 409);
    await cw.recordRealisation(id, benefitId, { value: 120 });
    await cw.recordMeasurement(id, indicatorId, { value: 25 });
    await expectStatus(
      cw.post(`/initiatives/${id}/indicators/${otherIndicator}/measurements`, build.measurement()),
      409,
    );
    await expectStatus(cw.post(`/initiatives/${id}/benefits`, build.benefit()), 409);
    const unplanned = await cw.registerBenefit(id, { description: 'Fewer sick days', unplanned: true });

    const status = await cw.status(id);
    const benefit = status.benefits.find((b: { id: string }) => b.id === benefitId);
    expect(benefit).toMatchObject({
      status: 'realised',
      realisedValue: 120,
      handover: { to: 'School services', reason: 'Line takes over', by: 'Alice Berg' },
    });
    expect(status.benefits.find((b: { id: string }) => b.id === unplanned)).toMatchObject({ unplanned: true });
    await expectStatus(cw.post(`/initiatives/${id}/benefits/nope/handover`, { to: 'X', reason: 'y' }), 404);
    expect(fieldsOf(await expectStatus(cw.post(`/initiatives/${id}/benefits/${benefitId}/handover`, {}), 400))).toEqual(
      expect.arrayContaining(['to', 'reason']),
    );
  });
});
