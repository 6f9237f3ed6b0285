import { startApi, type ApiHarness } from '../support/api-harness';
import { expectStatus, fieldsOf, InitiativesClient } from '../support/initiatives-client';

const risk = (overrides: Record<string, unknown> = {}) => ({
  title: 'No budget decision for 2026',
  category: 'politicalDecision',
  likelihood: 3,
  impact: 5,
  owner: 'County director',
  mitigation: 'Brief the committee before the budget round',
  ...overrides,
});

/* Funding lines rolled up the hierarchy, cost per output, and risks as RAG reasons. */
describe('funding and risks', () => {
  let api: ApiHarness;
  let cw: InitiativesClient;

  beforeAll(async () => {
    api = await startApi();
    cw = await InitiativesClient.as(api, ['caseworker']);
  });
  afterAll(() => api.dispose());

  it('records funding, sums it by year and source, and rolls it up to the focus area and portfolio', async () => {
    const focusArea = await cw.activeInitiative({ title: 'Skills' });
    const project = await cw.activeInitiative({ kind: 'project', parentId: focusArea, title: 'Digital schools' });
    const goalId = await cw.defineGoal(project, { resultLevel: 'output', statement: 'Teachers trained' });
    const indicatorId = await cw.defineIndicator(project, goalId, { name: 'Teachers trained', unit: 'teachers' });
    await cw.recordMeasurement(project, indicatorId, { value: 40 });
    const line = { year: 2025, source: 'county', planned: 500000, actual: 200000, reason: 'Budget 2025' };
    const created = await expectStatus(cw.post(`/initiatives/${project}/funding`, line), 201);
    expect(created.body.id).toEqual(expect.any(String));
    await expectStatus(
      cw.post(`/initiatives/${project}/funding`, {
        year: 2025,
        source: 'partner',
        partner: 'University',
        planned: 100000,
        reason: 'Agreement',
        caseRef: '2025/12',
      }),
      201,
    );
    await expectStatus(
      cw.post(`/initiatives/${focusArea}/funding`, { year: 2026, source: 'state', planned: 400000, reason: 'Grant' }),
      201,
    );

    const status = await cw.status(project);
    expect(status.funding).toEqual({
      byYear: [{ year: 2025, planned: 600000, actual: 200000 }],
      bySource: [
        { source: 'county', planned: 500000, actual: 200000 },
        { source: 'partner', planned: 100000, actual: 0 },
      ],
      plannedTotal: 600000,
      actualTotal: 200000,
      utilisation: 0.3333,
    });
    // 200 000 NOK spent / 40 teachers trained.
    expect(status.costPerOutput).toMatchObject({ goalId, indicatorId, value: 5000, unit: 'NOK per teachers' });

    const rollup = (await expectStatus(cw.get(`/initiatives/${focusArea}/rollup`), 200)).body;
    expect(rollup.funding).toMatchObject({ plannedTotal: 1000000, actualTotal: 200000, utilisation: 0.2 });
    const portfolio = (await expectStatus(cw.get('/portfolio'), 200)).body;
    const area = portfolio.focusAreas.find((f: { root: { id: string } }) => f.root.id === focusArea);
    expect(area.funding.plannedTotal).toBe(1000000);
  });

  it('refuses amounts that are not whole kroner and a bad source, naming the field (400)', async () => {
    const id = await cw.activeInitiative();
    const base = { year: 2025, source: 'county', reason: 'Budget' };
    expect(
      fieldsOf(await expectStatus(cw.post(`/initiatives/${id}/funding`, { ...base, planned: 10.5 }), 400)),
    ).toEqual(['planned']);
    expect(fieldsOf(await expectStatus(cw.post(`/initiatives/${id}/funding`, { ...base, actual: -1 }), 400))).toEqual([
      'actual',
    ]);
    expect(
      fieldsOf(await expectStatus(cw.post(`/initiatives/${id}/funding`, { ...base, source: 'bank', planned: 1 }), 400)),
    ).toEqual(['source']);
    expect(fieldsOf(await expectStatus(cw.post(`/initiatives/${id}/funding`, base), 400))).toEqual(['planned']);
  });

  it('scores risks, makes a high one a RAG reason, re-assesses and closes it; roll-ups list the top risks', async () => {
    const focusArea = await cw.activeInitiative();
    const project = await cw.activeInitiative({ kind: 'project', parentId: focusArea });
    const riskId = (await expectStatus(cw.post(`/initiatives/${project}/risks`, risk()), 201)).body.id;
    await expectStatus(cw.post(`/initiatives/${project}/risks`, risk({ title: 'Staff turnover', likelihood: 2 })), 201);

    let status = await cw.status(project);
    expect(status.risks[0]).toMatchObject({ id: riskId, score: 15, status: 'open' });
    expect(status.ragReasons).toEqual([expect.objectContaining({ kind: 'riskHigh', subjectId: riskId })]);
    expect(status.rag).toBe('amber');
    const rollup = (await expectStatus(cw.get(`/initiatives/${focusArea}/rollup`), 200)).body;
    expect(rollup.topRisks.map((r: { id: string; score: number }) => r.score)).toEqual([15, 10]);
    expect(rollup.topRisks[0]).toMatchObject({ initiativeId: project, id: riskId });

    await expectStatus(
      cw.post(`/initiatives/${project}/risks/${riskId}/assess`, { likelihood: 2, impact: 5, note: 'Positive signals' }),
      200,
    );
    status = await cw.status(project);
    expect(status.ragReasons).toEqual([]);
    expect(status.risks.find((r: { id: string }) => r.id === riskId).assessments).toHaveLength(1);
    await expectStatus(cw.post(`/initiatives/${project}/risks/${riskId}/close`, { reason: 'Budget adopted' }), 200);
    await expectStatus(cw.post(`/initiatives/${project}/risks/${riskId}/close`, { reason: 'again' }), 409);
    await expectStatus(
      cw.post(`/initiatives/${project}/risks/nope/assess`, { likelihood: 1, impact: 1, note: 'x' }),
      404,
    );
    expect(
      fieldsOf(
        await expectStatus(cw.post(`/initiatives/${project}/risks`, risk({ likelihood: 6, category: 'x' })), 400),
      ),
    ).toEqual(expect.arrayContaining(['likelihood', 'category']));
  });
});
