import { startApi, type ApiHarness } from '../support/api-harness';
import { expectStatus, InitiativesClient } from '../support/initiatives-client';
import { planWithAPeriod, REPORT_NOW, TERTIAL_2, type ReportPlan } from './support';

/* Sign-off: an approved report never changes, and reports are events of the hash-chained ledger. */
describe('period reports: approval and the ledger', () => {
  let api: ApiHarness;
  let cw: InitiativesClient;
  let leader: InitiativesClient;
  let auditor: InitiativesClient;
  let plan: ReportPlan;

  beforeAll(async () => {
    api = await startApi({ now: REPORT_NOW });
    cw = await InitiativesClient.as(api, ['caseworker']);
    leader = await InitiativesClient.as(api, ['leader'], 'lena', 'Lena Leiar');
    auditor = await InitiativesClient.as(api, ['auditor'], 'aud');
    plan = await planWithAPeriod(cw);
  });
  afterAll(() => api.dispose());

  const compile = async (client: InitiativesClient) =>
    (await expectStatus(client.post('/reports', { rootInitiativeId: plan.focusArea, period: TERTIAL_2 }), 201)).body
      .id as string;

  it('revises commentary until a leader approves, then refuses every change with 409 ReportApproved', async () => {
    const id = await compile(cw);
    const revised = await expectStatus(cw.patch(`/reports/${id}`, { commentary: { [plan.project]: 'On track' } }), 200);
    expect(revised.body).toMatchObject({ version: 2, commentary: { [plan.project]: 'On track' } });
    await expectStatus(cw.post(`/reports/${id}/approve`), 403);

    api.clock.set(new Date('2026-09-20T10:00:00Z'));
    const approved = await expectStatus(leader.post(`/reports/${id}/approve`), 200);
    expect(approved.body).toMatchObject({
      approved: true,
      approvedBy: 'Lena Leiar',
      approvedAt: '2026-09-20T10:00:00.000Z',
      version: 3,
    });
    const again = await expectStatus(leader.post(`/reports/${id}/approve`), 409);
    expect(again.body.code).toBe('ReportApproved');
    const change = await expectStatus(cw.patch(`/reports/${id}`, { commentary: { [plan.project]: 'Later' } }), 409);
    expect(change.body.code).toBe('ReportApproved');
    const read = (await expectStatus(auditor.get(`/reports/${id}`), 200)).body;
    expect(read).toMatchObject({ version: 3, approved: true, commentary: { [plan.project]: 'On track' } });
    const list = (await expectStatus(leader.get(`/reports?rootInitiativeId=${plan.focusArea}`), 200)).body;
    expect(list.items.find((r: { id: string }) => r.id === id)).toMatchObject({
      approved: true,
      approvedBy: 'Lena Leiar',
    });
    await expectStatus(leader.post('/reports/no-such-report/approve'), 404);
  });

  it('keeps reports in the event store: verified by /audit/verify and in /audit/export', async () => {
    const id = await compile(leader);
    await expectStatus(leader.post(`/reports/${id}/approve`), 200);
    const verified = (await expectStatus(auditor.get('/audit/verify'), 200)).body;
    expect(verified.ok).toBe(true);
    const exported = (await expectStatus(auditor.get('/audit/export'), 200)).text
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    const reportEvents = exported.filter((e) => e.streamId === `report-${id}`);
    expect(reportEvents.map((e) => e.type)).toEqual(['ReportCompiled', 'ReportApproved']);
    expect(reportEvents[0].data).toMatchObject({ reportId: id, rootInitiativeId: plan.focusArea, period: TERTIAL_2 });
    expect(reportEvents[1].prevHash).toBe(reportEvents[0].hash);
    expect(verified.checkedEvents).toBe(exported.length - 1);
    // A report's stream is no initiative, whichever path names it.
    const stream = `report-${id}`;
    await expectStatus(cw.get(`/initiatives/${stream}`), 404);
    await expectStatus(cw.get(`/initiatives/${stream}?asOf=2026-09-30T00:00:00Z`), 404);
    await expectStatus(auditor.get(`/audit/initiatives/${stream}/history`), 404);
    await expectStatus(cw.get(`/initiatives/${stream}/deviations?since=2026-01-01`), 404);
    await expectStatus(cw.post(`/initiatives/${stream}/activate`), 404);
    // The initiatives' projections pass report events by: writes and reads go on as before.
    await cw.recordMeasurement(plan.project, plan.indicatorId, { value: 33, at: '2026-09-12T00:00:00Z' });
    expect((await cw.status(plan.project)).goals[0].indicators[0].latest.value).toBe(33);
  });
});
