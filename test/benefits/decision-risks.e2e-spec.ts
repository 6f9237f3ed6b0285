import { startApi, type ApiHarness } from '../support/api-harness';
import { build, expectStatus, fieldsOf, InitiativesClient } from '../support/initiatives-client';

const risk = {
  title: 'No budget decision for 2026',
  category: 'politicalDecision',
  likelihood: 4,
  impact: 5,
  owner: 'County director',
  mitigation: 'Brief the committee before the budget round',
};

/* Decisions and course corrections name the risks they answer. */
describe('decisions answering risks', () => {
  let api: ApiHarness;
  let cw: InitiativesClient;
  let auditor: InitiativesClient;

  beforeAll(async () => {
    api = await startApi();
    cw = await InitiativesClient.as(api, ['caseworker']);
    auditor = await InitiativesClient.as(api, ['auditor'], 'aud');
  });
  afterAll(() => api.dispose());

  it('records the risks a decision answers, in the view and the decision log', async () => {
    const id = await cw.activeInitiative();
    const riskId = (await expectStatus(cw.post(`/initiatives/${id}/risks`, risk), 201)).body.id;
    const decisionId = await cw.decide(id, { summary: 'Ask for a budget decision in March', risks: [riskId] });

    const view = await cw.status(id);
    expect(view.lastDecision).toMatchObject({ id: decisionId, risks: [riskId] });
    expect(view.risks[0]).toMatchObject({ id: riskId, answeredBy: [decisionId] });
    const log = (await expectStatus(auditor.get(`/audit/decisions?initiativeId=${id}`), 200)).body;
    expect(log.items).toEqual([expect.objectContaining({ decisionId, risks: [riskId] })]);
  });

  it('records the risks a course correction answers', async () => {
    const id = await cw.activeInitiative();
    const riskId = (await expectStatus(cw.post(`/initiatives/${id}/risks`, risk), 201)).body.id;
    const milestoneId = await cw.planMilestone(id);
    const change = { type: 'rescheduleMilestone', milestoneId, dueAt: '2025-10-01T00:00:00Z' };
    const corrected = await expectStatus(
      cw.post(`/initiatives/${id}/course-corrections`, build.courseCorrection([change], { risks: [riskId] })),
      201,
    );
    const view = await cw.status(id);
    expect(view.lastDecision).toMatchObject({ id: corrected.body.id, kind: 'courseCorrection', risks: [riskId] });
    expect(view.risks[0].answeredBy).toEqual([corrected.body.id]);
  });

  it('refuses risk ids the initiative does not have (422 naming each), and malformed ones (400)', async () => {
    const id = await cw.activeInitiative();
    const other = await cw.activeInitiative();
    const foreign = (await expectStatus(cw.post(`/initiatives/${other}/risks`, risk), 201)).body.id;
    const own = (await expectStatus(cw.post(`/initiatives/${id}/risks`, risk), 201)).body.id;
    const refused = await expectStatus(
      cw.post(`/initiatives/${id}/decisions`, build.decision({ risks: [own, foreign, 'nope'] })),
      422,
    );
    expect(refused.body.code).toBe('UnknownRisk');
    expect(fieldsOf(refused)).toEqual(['risks[1]', 'risks[2]']);
    const milestoneId = await cw.planMilestone(id);
    const change = { type: 'rescheduleMilestone', milestoneId, dueAt: '2025-10-01T00:00:00Z' };
    await expectStatus(
      cw.post(`/initiatives/${id}/course-corrections`, build.courseCorrection([change], { risks: ['nope'] })),
      422,
    );
    expect(
      fieldsOf(await expectStatus(cw.post(`/initiatives/${id}/decisions`, build.decision({ risks: 'x' })), 400)),
    ).toEqual(['risks']);
    expect((await cw.status(id)).lastDecision).toBeNull();
  });
});
