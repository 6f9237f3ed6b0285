import { startApi, type ApiHarness } from '../support/api-harness';
import { expectStatus, fieldsOf, InitiativesClient, richInitiative } from '../support/initiatives-client';
import { historyOf } from './support';

jest.setTimeout(30_000);

describe('corrections of measurements and benefit realisations', () => {
  let api: ApiHarness;
  let cw: InitiativesClient;
  let auditor: InitiativesClient;

  beforeAll(async () => {
    api = await startApi();
    cw = await InitiativesClient.as(api, ['caseworker']);
    auditor = await InitiativesClient.as(api, ['auditor'], 'revisor', 'Rita Revisor');
  });
  afterAll(() => api.dispose());

  const indicatorOf = async (id: string) => (await cw.status(id)).goals[0].indicators[0];

  it('a corrected measurement changes the indicator status and history shows before and after', async () => {
    const { id, indicatorId } = await richInitiative(cw);
    const before = await indicatorOf(id);
    expect(before.latest.value).toBe(20);
    expect(before.status).toBe('onTrack');
    const measurementId = before.latest.id;
    const path = `/initiatives/${id}/indicators/${indicatorId}/measurements/${measurementId}`;

    const missingReason = await expectStatus(cw.post(`${path}/correct`, { value: 10 }), 400);
    expect(fieldsOf(missingReason)).toContain('reason');
    await expectStatus(
      cw.post(`${path}/correct`, { value: 10, reason: 'Typo in the report', caseRef: '2025/17' }),
      200,
    );

    const after = await indicatorOf(id);
    expect(after.latest).toMatchObject({ id: measurementId, value: 10 });
    expect(after.status).toBe('offTrack');
    const line = (await historyOf(auditor, id)).find((item) => item.type === 'MeasurementCorrected');
    expect(line).toMatchObject({
      reason: 'Typo in the report',
      caseRef: '2025/17',
      before: { value: 20 },
      after: { value: 10 },
    });
  });

  it('a withdrawn measurement no longer counts; it cannot be withdrawn twice; unknown ids are 404', async () => {
    const { id, indicatorId } = await richInitiative(cw);
    const measurementId = (await indicatorOf(id)).latest.id;
    const base = `/initiatives/${id}/indicators/${indicatorId}/measurements`;
    await expectStatus(cw.post(`${base}/${measurementId}/withdraw`, { reason: 'Wrong source' }), 200);
    const indicator = await indicatorOf(id);
    expect(indicator.latest).toBeNull();
    expect(indicator.measurementCount).toBe(0);
    expect(indicator.status).toBe('unknown');

    const twice = await expectStatus(cw.post(`${base}/${measurementId}/withdraw`, { reason: 'Again' }), 409);
    expect(twice.body.code).toBe('MeasurementWithdrawn');
    await expectStatus(cw.post(`${base}/${measurementId}/correct`, { value: 3, reason: 'Late' }), 409);
    await expectStatus(cw.post(`${base}/nope/withdraw`, { reason: 'x' }), 404);
    const line = (await historyOf(auditor, id)).find((item) => item.type === 'MeasurementWithdrawn');
    expect(line).toMatchObject({ reason: 'Wrong source', before: { value: 20 }, after: { withdrawn: true } });
  });

  it('corrects and withdraws benefit realisations', async () => {
    const { id, benefitId } = await richInitiative(cw);
    const first = await cw.recordRealisation(id, benefitId, { value: 5 });
    const second = await cw.recordRealisation(id, benefitId, { value: 8 });
    const base = `/initiatives/${id}/benefits/${benefitId}/realisations`;

    await expectStatus(cw.post(`${base}/${first}/correct`, { value: 6, reason: 'Audited figure' }), 200);
    await expectStatus(cw.post(`${base}/${second}/withdraw`, { reason: 'Counted twice' }), 200);
    expect((await cw.status(id)).benefits[0].realisations).toEqual([expect.objectContaining({ id: first, value: 6 })]);
    await expectStatus(cw.post(`${base}/${second}/withdraw`, { reason: 'Again' }), 409);
    await expectStatus(cw.post(`${base}/unknown/correct`, { value: 1, reason: 'x' }), 404);

    const items = await historyOf(auditor, id);
    expect(items.find((i) => i.type === 'BenefitRealisationCorrected')).toMatchObject({
      before: { value: 5 },
      after: { value: 6 },
      reason: 'Audited figure',
    });
    expect(items.find((i) => i.type === 'BenefitRealisationWithdrawn')).toMatchObject({ reason: 'Counted twice' });
  });
});
