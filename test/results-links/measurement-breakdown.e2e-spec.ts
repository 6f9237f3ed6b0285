import { startApi, type ApiHarness } from '../support/api-harness';
import { build, expectStatus, fieldsOf, InitiativesClient } from '../support/initiatives-client';

describe('measurements broken down by target group and municipality', () => {
  let api: ApiHarness;
  let cw: InitiativesClient;
  let id: string;
  let indicatorId: string;
  const measure = (body: Record<string, unknown>) =>
    cw.post(`/initiatives/${id}/indicators/${indicatorId}/measurements`, build.measurement(body));

  beforeAll(async () => {
    api = await startApi();
    cw = await InitiativesClient.as(api, ['caseworker']);
    id = await cw.activeInitiative();
    indicatorId = await cw.defineIndicator(id, await cw.defineGoal(id));
  });
  afterAll(() => api.dispose());

  it('keeps the latest value per breakdown beside the latest value of the whole', async () => {
    await expectStatus(measure({ value: 20, at: '2025-02-01T00:00:00Z' }), 201);
    await expectStatus(measure({ value: 15, at: '2025-02-01T00:00:00Z', breakdown: { targetGroup: 'ungdom' } }), 201);
    await expectStatus(measure({ value: 18, at: '2025-02-20T00:00:00Z', breakdown: { targetGroup: 'ungdom' } }), 201);
    // An older value of a part does not replace its latest.
    await expectStatus(measure({ value: 1, at: '2025-01-20T00:00:00Z', breakdown: { targetGroup: 'ungdom' } }), 201);
    await expectStatus(
      measure({ value: 30, at: '2025-02-10T00:00:00Z', breakdown: { targetGroup: 'ungdom', municipality: 'Sogndal' } }),
      201,
    );
    const status = await cw.status(id);
    const indicator = status.goals[0].indicators[0];
    expect(indicator.latest).toEqual(expect.objectContaining({ value: 20 }));
    expect(indicator.measurementCount).toBe(5);
    expect(
      indicator.latestByBreakdown.map((m: { breakdown: unknown; value: number }) => [m.breakdown, m.value]),
    ).toEqual(
      expect.arrayContaining([
        [{ targetGroup: 'ungdom' }, 18],
        [{ targetGroup: 'ungdom', municipality: 'Sogndal' }, 30],
      ]),
    );
    expect(indicator.latestByBreakdown).toHaveLength(2);
  });

  it('refuses a target group outside the vocabulary and an empty breakdown with 422 naming the field', async () => {
    const unknown = await expectStatus(measure({ breakdown: { targetGroup: 'alle' } }), 422);
    expect(fieldsOf(unknown)).toEqual(['breakdown.targetGroup']);
    const empty = await expectStatus(measure({ breakdown: {} }), 422);
    expect(fieldsOf(empty)).toEqual(['breakdown']);
  });
});
