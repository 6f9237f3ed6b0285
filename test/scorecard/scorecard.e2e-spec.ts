import ExcelJS from 'exceljs';
import { startApi, type ApiHarness } from '../support/api-harness';
import { expectStatus, fieldsOf, InitiativesClient } from '../support/initiatives-client';

/*
 * One focus area (sc-fa, Education) with one project beneath it, judged on 2026-09-15 for 2026-T1:
 *   goals: output with a performance indicator (baseline, target, quarterly); userEffect without one -> 1 of 2
 *   milestones: due 03-01 achieved 02-25 (on time); due 04-15 rescheduled to 05-15 (late)   -> 1 of 2
 *   decisions: d1 02-01 (case 2026/1) follow up by 03-01; d2 02-20 without case number resolves d1
 *     -> follow-ups on time 1 of 1; decisions documented 1 of 2
 *   indicator measured 02-01 -> fresh at T1's end (stale only from 05-01)
 */
const T1 = '&from=2026-01-01T00:00:00Z&to=2026-04-30T00:00:00Z';
const day = (d: string) => `2026-${d}T00:00:00Z`;

describe('GET /scorecard', () => {
  let api: ApiHarness;
  let cw: InitiativesClient;
  let leader: InitiativesClient;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    api = await startApi({ now: '2026-09-15T12:00:00.000Z' });
    cw = await InitiativesClient.as(api, ['caseworker']);
    leader = await InitiativesClient.as(api, ['leader']);
    await cw.register({ id: 'sc-fa', title: 'Skills', ownerUnit: 'Education', occurredAt: day('01-02') });
    const p = await cw.register({
      id: 'sc-p1',
      kind: 'project',
      title: 'Digital skills',
      parentId: 'sc-fa',
      ownerUnit: 'Education',
      occurredAt: day('01-05'),
    });
    const output = await cw.defineGoal(p, { resultLevel: 'output', occurredAt: day('01-10') });
    ids.effect = await cw.defineGoal(p, { resultLevel: 'userEffect', occurredAt: day('01-10') });
    const indicator = await cw.defineIndicator(p, output, {
      baseline: { value: 10, at: day('01-01') },
      targets: [{ value: 30, at: day('12-31') }],
      frequency: 'quarterly',
      occurredAt: day('01-10'),
    });
    await cw.recordMeasurement(p, indicator, { value: 15, at: day('02-01'), occurredAt: day('02-01') });
    const onTime = (ids.m1 = await cw.planMilestone(p, { dueAt: day('03-01'), occurredAt: day('01-10') }));
    const late = (ids.m2 = await cw.planMilestone(p, { dueAt: day('04-15'), occurredAt: day('01-10') }));
    await expectStatus(
      cw.post(`/initiatives/${p}/milestones/${onTime}/achieve`, {
        achievedAt: day('02-25'),
        evaluation: 'Done',
        occurredAt: day('02-25'),
      }),
      200,
    );
    await expectStatus(
      cw.post(`/initiatives/${p}/milestones/${late}/reschedule`, {
        dueAt: day('05-15'),
        reason: 'Supplier delay',
        occurredAt: day('04-10'),
      }),
      200,
    );
    const d1 = await cw.decide(p, {
      kind: 'adjust',
      caseRef: '2026/1',
      occurredAt: day('02-01'),
      followUpBy: day('03-01'),
    });
    ids.d2 = await cw.decide(p, { occurredAt: day('02-20'), resolves: [d1] });
  });
  afterAll(() => api.dispose());

  const t1Total = async (query = '') => {
    const { body } = await expectStatus(leader.get(`/scorecard?period=tertial${T1}${query}`), 200);
    return body;
  };
  const fraction = (f: { numerator: number; denominator: number; value: number | null }) => [
    f.numerator,
    f.denominator,
    f.value,
  ];

  it('measures every group and period, worked out by hand', async () => {
    const body = await t1Total('&groupBy=focusArea');
    expect(body.periods).toEqual(['2026-T1']);
    expect(body.groups.map((g: any) => [g.key, g.label])).toEqual([['sc-fa', 'Skills']]);
    const m = body.groups[0].periods[0].measures;
    expect(fraction(m.verifiableGoals)).toEqual([1, 2, 0.5]);
    expect(fraction(m.followUpsOnTime)).toEqual([1, 1, 1]);
    expect(m.followUpsOnTime.medianDaysOverdue).toBeNull();
    expect(fraction(m.milestonesOnTime)).toEqual([1, 2, 0.5]);
    expect(m.milestonesOnTime.reasons).toEqual({ rescheduled: 1 });
    expect(fraction(m.decisionsDocumented)).toEqual([1, 2, 0.5]);
    expect(fraction(m.closuresEvaluated)).toEqual([0, 0, null]);
    expect(fraction(m.benefitsRealised)).toEqual([0, 0, null]);
    expect(fraction(m.freshData)).toEqual([1, 1, 1]);
    expect(body.total.periods[0].measures).toEqual(m);
    // The trend is the last six tertials up to T1: 2024-T2 .. 2026-T1, empty before anything was registered.
    expect(body.total.trend.milestonesOnTime.map((p: any) => p.period)).toEqual([
      '2024-T2',
      '2024-T3',
      '2025-T1',
      '2025-T2',
      '2025-T3',
      '2026-T1',
    ]);
    expect(body.total.trend.milestonesOnTime.at(-1).value).toBe(0.5);
  });

  it('groups by owner unit and kind, and defaults to the last six tertials up to now', async () => {
    expect((await t1Total('&groupBy=kind')).groups.map((g: any) => g.key)).toEqual(['focusArea', 'project']);
    const { body } = await expectStatus(leader.get('/scorecard'), 200);
    expect(body.groupBy).toBe('ownerUnit');
    expect(body.periods).toEqual(
      ['2024-T3', '2025-T1', '2025-T2', '2025-T3', '2026-T1', '2026-T2', '2026-T3'].slice(1),
    );
    const { body: years } = await expectStatus(leader.get('/scorecard?period=year&from=2026-01-01'), 200);
    expect(years.periods).toEqual(['2026']);
  });

  it('leaves an earlier period as it stood when a later one is recorded late', async () => {
    const before = await t1Total();
    await cw.recordMeasurement('sc-p1', (await cw.status('sc-p1')).goals[0].indicators[0].id, {
      value: 25,
      at: day('06-15'),
      occurredAt: day('06-15'),
    });
    ids.d3 = await cw.decide('sc-p1', { occurredAt: day('06-01') });
    const after = await t1Total();
    expect(after.groups).toEqual(before.groups);
    expect(after.total.periods).toEqual(before.total.periods);
    const { body } = await expectStatus(leader.get('/scorecard?from=2026-05-01&to=2026-08-31'), 200);
    const t2 = body.total.periods[0].measures;
    expect(body.total.periods[0].period).toBe('2026-T2');
    expect(fraction(t2.decisionsDocumented)).toEqual([0, 1, 0]);
    expect(fraction(t2.freshData)).toEqual([1, 1, 1]);
  });

  it('drills down to the items behind a figure, for and against', async () => {
    const { body } = await expectStatus(
      leader.get('/scorecard/items?measure=milestonesOnTime&period=2026-T1&groupBy=focusArea&group=sc-fa'),
      200,
    );
    expect(body.figure).toMatchObject({ numerator: 1, denominator: 2, value: 0.5 });
    expect(body.for.map((i: any) => [i.type, i.id, i.initiativeId])).toEqual([['milestone', ids.m1, 'sc-p1']]);
    expect(body.against.map((i: any) => [i.id, i.reason, i.at])).toEqual([
      [ids.m2, 'rescheduled', '2026-04-15T00:00:00Z'],
    ]);
    const goals = await expectStatus(leader.get('/scorecard/items?measure=verifiableGoals&period=2026-T1'), 200);
    expect(goals.body.against.map((i: any) => i.id)).toEqual([ids.effect]);
    const decisions = await expectStatus(leader.get('/scorecard/items?measure=decisionsDocumented&period=2026'), 200);
    expect(decisions.body.against.map((i: any) => [i.id, i.reason])).toEqual([
      [ids.d2, 'missing caseRef'],
      [ids.d3, 'missing caseRef'],
    ]);
  });

  it('exports the figures as CSV and as a workbook', async () => {
    const csv = await expectStatus(leader.get(`/scorecard?format=csv${T1}`), 200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    const lines = csv.text.split('\r\n');
    expect(lines[0]).toBe(
      'group,groupLabel,period,start,end,measure,numerator,denominator,value,medianDaysOverdue,reasons,byUnit',
    );
    expect(lines).toContain(
      'all,All,2026-T1,2026-01-01T00:00:00.000Z,2026-04-30T23:59:59.999Z,milestonesOnTime,1,2,0.5,,rescheduled: 1,',
    );
    const xlsx = await expectStatus(
      leader
        .get(`/scorecard?format=xlsx${T1}`)
        .buffer(true)
        .parse((res, done) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => done(null, Buffer.concat(chunks)));
        }),
      200,
    );
    expect(xlsx.headers['content-disposition']).toContain('.xlsx');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.body as ExcelJS.Buffer);
    const sheet = workbook.getWorksheet('Scorecard')!;
    // Header, then seven measures for the whole (all) and for one owner unit (Education).
    expect(sheet.rowCount).toBe(1 + 7 * 2);
    const milestones = sheet.getRows(2, 14)!.find((row) => row.getCell(6).value === 'milestonesOnTime')!;
    expect([1, 3, 7, 8, 9].map((c) => milestones.getCell(c).value)).toEqual(['all', '2026-T1', 1, 2, 0.5]);
    expect(workbook.getWorksheet('Definitions')!.rowCount).toBe(8);
  });

  it('answers 400 naming the parameter for unknown values', async () => {
    for (const [path, field] of [
      ['/scorecard?groupBy=region', 'groupBy'],
      ['/scorecard?period=month', 'period'],
      ['/scorecard?format=pdf', 'format'],
      ['/scorecard?from=yesterday', 'from'],
      ['/scorecard?from=2026-05-01&to=2026-01-01', 'to'],
      ['/scorecard?rootInitiativeId=nope', 'rootInitiativeId'],
      ['/scorecard/items?measure=happiness&period=2026', 'measure'],
      ['/scorecard/items?measure=freshData&period=2026-T4', 'period'],
      ['/scorecard/items?measure=freshData', 'period'],
      ['/scorecard/items?measure=freshData&period=2026&group=Nowhere', 'group'],
    ]) {
      expect(fieldsOf(await expectStatus(leader.get(path!), 400))).toContain(field);
    }
  });

  it('scopes to an initiative and its descendants', async () => {
    const { body } = await expectStatus(leader.get(`/scorecard?rootInitiativeId=sc-p1&groupBy=kind${T1}`), 200);
    expect(body.groups.map((g: any) => g.key)).toEqual(['project']);
    expect(body.rootInitiativeId).toBe('sc-p1');
  });
});
