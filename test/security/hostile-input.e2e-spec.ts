import { startApi, type ApiHarness } from '../support/api-harness';
import { build, expectStatus, fieldsOf, InitiativesClient } from '../support/initiatives-client';

describe('hostile input fails fast with a 400 naming the field', () => {
  let api: ApiHarness;
  let cw: InitiativesClient;
  let id: string;

  beforeAll(async () => {
    api = await startApi();
    cw = await InitiativesClient.as(api, ['caseworker']);
    id = await cw.activeInitiative();
  });
  afterAll(() => api.dispose());

  it('answers an 800 KB body of 80,000 unknown keys quickly, briefly, and stays responsive', async () => {
    const body: Record<string, number> = {};
    for (let i = 0; i < 80_000; i++) body[`k${i}`] = 1;
    const raw = JSON.stringify(body);
    expect(raw.length).toBeGreaterThan(800_000);
    const started = Date.now();
    const [res, live] = await Promise.all([cw.raw('post', '/initiatives', raw), api.http.get('/health/live')]);
    expect(res.status).toBe(400);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(JSON.stringify(res.body).length).toBeLessThan(10_000);
    expect(res.body.details).toEqual([{ field: 'body', message: 'body has 80000 fields; at most 200 are allowed' }]);
    expect(live.status).toBe(200);
  });

  it('caps error details at 20 and counts the rest', async () => {
    const body: Record<string, number> = {};
    for (let i = 0; i < 150; i++) body[`unknown${i}`] = 1;
    const res = await expectStatus(cw.post('/initiatives', body), 400);
    expect(res.body.details).toHaveLength(20);
    expect(res.body.detailsOmitted).toBeGreaterThan(100);
    expect(res.body.message).toMatch(/and \d+ more$/);
  });

  it('refuses nesting deeper than the limit, naming the path', async () => {
    let deep: unknown = 1;
    for (let i = 0; i < 40; i++) deep = { a: deep };
    const res = await expectStatus(cw.post('/initiatives', { ...build.initiative(), extra: deep }), 400);
    expect(fieldsOf(res)[0]).toMatch(/^extra(\.a)+$/);
    expect(res.body.details[0].message).toMatch(/nested more than 16 levels/);
  });

  it.each(['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf'])(
    'refuses the key %s as an unknown field',
    async (key) => {
      const raw = JSON.stringify(build.initiative()).replace(/^\{/, `{"${key}":{"isAdmin":true},`);
      const res = await expectStatus(cw.raw('post', '/initiatives', raw), 400);
      expect(res.body.details).toEqual([{ field: key, message: `unknown field ${key} is not allowed` }]);
      const nested = JSON.stringify(build.indicator()).replace('"baseline":{', `"baseline":{"${key}":1,`);
      const deeper = await expectStatus(cw.raw('post', `/initiatives/${id}/goals/g/indicators`, nested), 400);
      expect(fieldsOf(deeper)).toEqual([`baseline.${key}`]);
    },
  );

  it('refuses text that is not well-formed Unicode in a body or a query', async () => {
    const raw = JSON.stringify(build.initiative()).replace('"title":"', '"title":"\\ud800 lone');
    const res = await expectStatus(cw.raw('post', '/initiatives', raw), 400);
    expect(res.body.details).toEqual([{ field: 'title', message: 'title must be well-formed Unicode text' }]);
    const reversed = JSON.stringify(build.initiative()).replace('"title":"', '"title":"\\udc00\\ud800');
    expect(fieldsOf(await expectStatus(cw.raw('post', '/initiatives', reversed), 400))).toEqual(['title']);
    const paired = JSON.stringify(build.initiative({ title: 'Pupils \ud83d\ude00' }));
    await expectStatus(cw.raw('post', '/initiatives', paired), 201);
    const query = await expectStatus(cw.get(`/initiatives?q=${encodeURIComponent('a')}%ED%A0%80`), 400);
    expect(fieldsOf(query)).toEqual(['q']);
  });

  it.each([
    ['an unsafe integer', '9007199254740993'],
    ['a number above 1e15', '1e16'],
    ['a number below -1e15', '-2e15'],
    ['a number too large for a double', '1e400'],
  ])('refuses %s as a measured value', async (_label, value) => {
    const indicatorId = await cw.defineIndicator(id, await cw.defineGoal(id));
    const raw = `{"value":${value},"at":"2025-02-28T00:00:00Z"}`;
    const res = await expectStatus(
      cw.raw('post', `/initiatives/${id}/indicators/${indicatorId}/measurements`, raw),
      400,
    );
    expect(fieldsOf(res)).toEqual(['value']);
  });

  it('refuses unrepresentable baselines and targets, and keeps status arithmetic finite at the limits', async () => {
    const goalId = await cw.defineGoal(id);
    const path = `/initiatives/${id}/goals/${goalId}/indicators`;
    const target = (value: number) => build.indicator({ targets: [{ value, at: '2025-06-30T00:00:00Z' }] });
    expect(fieldsOf(await expectStatus(cw.post(path, target(2e15)), 400))).toEqual(['targets.0.value']);
    const baseline = build.indicator({ baseline: { value: -1e16, at: '2025-01-01T00:00:00Z' } });
    expect(fieldsOf(await expectStatus(cw.post(path, baseline), 400))).toEqual(['baseline.value']);

    const extreme = await cw.defineIndicator(id, goalId, {
      baseline: { value: -1e15, at: '2025-01-01T00:00:00Z' },
      targets: [{ value: 1e15, at: '2025-06-30T00:00:00Z' }],
    });
    await cw.recordMeasurement(id, extreme, { value: 5e-324 });
    const tiny = await cw.defineIndicator(id, goalId, {
      baseline: { value: 0, at: '2025-01-01T00:00:00Z' },
      targets: [{ value: 5e-324, at: '2025-06-30T00:00:00Z' }],
    });
    await cw.recordMeasurement(id, tiny, { value: 1e15 });
    const status = await cw.status(id);
    const statuses = status.goals.flatMap((g: { indicators: Array<{ id: string; status: string }> }) =>
      g.indicators.filter((i) => i.id === extreme || i.id === tiny).map((i) => i.status),
    );
    expect(statuses).toHaveLength(2);
    for (const s of statuses) expect(['onTrack', 'atRisk', 'offTrack']).toContain(s);
    expect(JSON.stringify(status)).not.toMatch(/NaN|Infinity/);
  });
});
