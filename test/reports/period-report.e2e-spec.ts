import ExcelJS from 'exceljs';
import { startApi, type ApiHarness } from '../support/api-harness';
import { expectStatus, fieldsOf, InitiativesClient } from '../support/initiatives-client';
import { binary, planWithAPeriod, REPORT_NOW, TERTIAL_2, type ReportPlan } from './support';

/* A tertial report: compiled from the subtree, frozen, and read back as JSON, CSV, a workbook and a printable page. */
describe('period reports: compile and download', () => {
  let api: ApiHarness;
  let cw: InitiativesClient;
  let leader: InitiativesClient;
  let plan: ReportPlan;
  let reportId: string;

  beforeAll(async () => {
    api = await startApi({ now: REPORT_NOW });
    cw = await InitiativesClient.as(api, ['caseworker']);
    leader = await InitiativesClient.as(api, ['leader'], 'lena', 'Lena Leiar');
    plan = await planWithAPeriod(cw);
    const compiled = await expectStatus(
      leader.post('/reports', {
        rootInitiativeId: plan.focusArea,
        period: TERTIAL_2,
        commentary: { [plan.project]: 'Behind plan <b>& told the board</b>' },
      }),
      201,
    );
    reportId = compiled.body.id;
  });
  afterAll(() => api.dispose());

  it('freezes status, indicators, milestones, decisions, funding, benefits and risks of the period', async () => {
    const report = (await expectStatus(cw.get(`/reports/${reportId}`), 200)).body;
    expect(report).toMatchObject({
      id: reportId,
      rootInitiativeId: plan.focusArea,
      period: TERTIAL_2,
      version: 1,
      approved: false,
      approvedBy: null,
      compiledBy: { sub: 'lena', name: 'Lena Leiar' },
      root: { id: plan.focusArea, title: 'Skills for working life' },
    });
    expect(report.initiatives.map((i: { initiativeId: string }) => i.initiativeId)).toEqual([
      plan.focusArea,
      plan.project,
    ]);
    const project = report.initiatives[1];
    expect(project.commentary).toBe('Behind plan <b>& told the board</b>');
    expect(project.ragReasons).toEqual(
      expect.arrayContaining([expect.objectContaining({ kind: 'riskHigh', subjectId: plan.riskId })]),
    );
    expect(report.indicators).toEqual([
      expect.objectContaining({
        indicatorId: plan.indicatorId,
        targetAt: '2026-08-31T00:00:00Z',
        target: 30,
        actual: 25,
        actualAt: '2026-08-15T00:00:00Z',
        met: false,
      }),
    ]);
    expect(report.milestones.map((m: { title: string }) => m.title)).toEqual(['Agreements signed']);
    expect(report.decisions).toEqual([
      expect.objectContaining({
        summary: 'Widen the intake',
        caseRef: '2026/77',
        initiativeId: plan.project,
        risks: [plan.riskId],
      }),
    ]);
    expect(report.funding).toEqual({
      byYear: [{ year: 2026, planned: 100000, actual: 40000 }],
      bySource: [{ source: 'county', planned: 100000, actual: 40000 }],
      plannedTotal: 100000,
      actualTotal: 40000,
      utilisation: 0.4,
      years: [2026],
    });
    expect(report.benefits).toEqual([expect.objectContaining({ description: 'More skilled workers', target: 20 })]);
    expect(report.topRisks).toEqual([expect.objectContaining({ riskId: plan.riskId, score: 16 })]);
  });

  it('stays as compiled when the initiative changes afterwards', async () => {
    await cw.recordMeasurement(plan.project, plan.indicatorId, { value: 31, at: '2026-08-20T00:00:00Z' });
    const report = (await expectStatus(cw.get(`/reports/${reportId}`), 200)).body;
    expect(report.indicators[0]).toMatchObject({ actual: 25, met: false });
    expect((await cw.status(plan.project)).goals[0].indicators[0].measurementCount).toBe(3);
  });

  it('lists the reports of a root initiative', async () => {
    const list = (await expectStatus(cw.get(`/reports?rootInitiativeId=${plan.focusArea}`), 200)).body;
    expect(list.items).toEqual([
      expect.objectContaining({ id: reportId, rootInitiativeId: plan.focusArea, period: TERTIAL_2, approved: false }),
    ]);
    const other = (await expectStatus(cw.get(`/reports?rootInitiativeId=${plan.project}`), 200)).body;
    expect(other.items).toEqual([]);
    await expectStatus(cw.get('/reports?rootInitiativeId=no-such-initiative'), 404);
  });

  it('answers CSV with a section per part', async () => {
    const response = await expectStatus(cw.get(`/reports/${reportId}?format=csv`), 200);
    expect(response.headers['content-type']).toMatch(/^text\/csv/);
    const lines = response.text.split('\r\n');
    expect(lines).toContain('part,initiativeId,title,kind,status,rag,ragReasons,commentary');
    expect(lines.some((line) => line.startsWith('Indicators,Adult apprentices,Apprentices over 25,people,10,'))).toBe(
      true,
    );
    expect(lines.filter((line) => line.startsWith('part,'))).toHaveLength(7);
  });

  it('answers a workbook with a sheet per part', async () => {
    const response = await expectStatus(cw.get(`/reports/${reportId}?format=xlsx`).buffer(true).parse(binary), 200);
    expect(response.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const workbook = new ExcelJS.Workbook();
    // exceljs types its input as the older Buffer; the bytes are the same.
    await workbook.xlsx.load(response.body as unknown as ArrayBuffer);
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual([
      'Report',
      'Status',
      'Indicators',
      'Milestones',
      'Decisions',
      'Funding',
      'Benefits',
      'Risks',
    ]);
    const indicators = workbook.getWorksheet('Indicators')!;
    expect(indicators.getCell('A1').value).toBe('initiativeTitle');
    expect(indicators.getCell('A2').value).toBe('Adult apprentices');
    expect(indicators.getCell('F2').value).toBe(30);
    expect(indicators.getCell('G2').value).toBe(25);
    expect(workbook.getWorksheet('Risks')!.getCell('F2').value).toBe(16);
    expect(workbook.getWorksheet('Report')!.getCell('B5').value).toBe('2026-T2');
  });

  it('answers a printable page with Nynorsk headings and escaped content', async () => {
    const response = await expectStatus(cw.get(`/reports/${reportId}?format=html`), 200);
    expect(response.headers['content-type']).toMatch(/^text\/html/);
    const html = response.text;
    for (const heading of ['Indikatorar', 'Milepælar', 'Vedtak i perioden', 'Finansiering', 'Gevinstar', 'risikoane']) {
      expect(html).toContain(heading);
    }
    expect(html).toContain('Behind plan &lt;b&gt;&amp; told the board&lt;/b&gt;');
    expect(html).not.toContain('<b>');
    expect(html).toContain('Ikkje godkjend');
  });

  it('refuses a bad period (400), an unknown root or report (404), commentary outside the subtree (422)', async () => {
    const body = { rootInitiativeId: plan.focusArea, period: TERTIAL_2 };
    const reversed = { ...TERTIAL_2, from: '2026-09-01', to: '2026-05-01' };
    expect(fieldsOf(await expectStatus(leader.post('/reports', { ...body, period: reversed }), 400))).toContain(
      'period.from',
    );
    const sameDay = { ...TERTIAL_2, to: TERTIAL_2.from };
    await expectStatus(leader.post('/reports', { ...body, period: sameDay }), 400);
    const badDate = { ...TERTIAL_2, to: '2026-13-45' };
    expect(fieldsOf(await expectStatus(leader.post('/reports', { ...body, period: badDate }), 400))).toEqual([
      'period.to',
    ]);
    expect(fieldsOf(await expectStatus(leader.post('/reports', { rootInitiativeId: plan.focusArea }), 400))).toEqual([
      'period',
    ]);
    const unknown = await expectStatus(leader.post('/reports', { ...body, rootInitiativeId: 'nope' }), 404);
    expect(unknown.body.code).toBe('InitiativeNotFound');
    const outsider = await cw.activeInitiative({ title: 'Elsewhere' });
    const outside = await expectStatus(leader.post('/reports', { ...body, commentary: { [outsider]: 'x' } }), 422);
    expect(fieldsOf(outside)).toEqual([`commentary.${outsider}`]);
    expect((await expectStatus(cw.get('/reports/no-such-report'), 404)).body.code).toBe('ReportNotFound');
    await expectStatus(cw.get(`/reports/${reportId}?format=pdf`), 400);
  });
});
