import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { startApi, type ApiHarness } from '../support/api-harness';
import { build, expectStatus, fieldsOf, InitiativesClient, NOW, richInitiative } from '../support/initiatives-client';

const HOUR = 3600_000;

describe('durability across restarts', () => {
  let api: ApiHarness;
  let cw: InitiativesClient;
  const ids: string[] = [];
  let focusArea: string;
  let programme: string;

  const snapshot = async () => ({
    one: await Promise.all(ids.map((id) => cw.status(id))),
    list: (await expectStatus(cw.get('/initiatives?limit=200'), 200)).body,
  });

  beforeAll(async () => {
    api = await startApi();
    cw = await InitiativesClient.as(api, ['caseworker']);

    focusArea = await cw.activeInitiative({
      title: 'Green transition',
      partners: ['NTNU'],
      description: 'County-wide',
    });
    programme = await cw.register({ kind: 'programme', title: 'Zero-emission ferries', parentId: focusArea });
    await cw.activate(programme);
    const f = await richInitiative(cw, { kind: 'project', title: 'Electric ferry pilot', parentId: programme });
    api.clock.advance(HOUR);
    const goal2 = await cw.defineGoal(f.id, { statement: 'Lower emissions', resultLevel: 'societalEffect' });
    const ind2 = await cw.defineIndicator(f.id, goal2, {
      name: 'CO2 tonnes',
      unit: 'tonnes',
      direction: 'decrease',
      baseline: { value: 1000, at: '2024-12-31' },
      targets: [{ value: 600, at: '2026-12-31' }],
      aggregation: 'sum',
    });
    await cw.recordMeasurement(f.id, ind2, { value: 950, at: '2025-02-01', note: 'Annual report' });
    await expectStatus(cw.patch(`/initiatives/${f.id}/goals/${f.goalId}`, build.reviseGoal()), 200);
    const late = await cw.planMilestone(f.id, { title: 'Procurement', dueAt: '2025-02-01T00:00:00Z' });
    await expectStatus(
      cw.post(`/initiatives/${f.id}/milestones/${late}/miss`, build.reason({ reason: 'Tender failed' })),
      200,
    );
    const cancelled = await cw.planMilestone(f.id, { title: 'Dropped' });
    await expectStatus(cw.post(`/initiatives/${f.id}/milestones/${cancelled}/cancel`, build.reason()), 200);
    await expectStatus(cw.post(`/initiatives/${f.id}/milestones/${f.milestoneId}/achieve`, build.achieve()), 200);
    api.clock.advance(HOUR);
    await cw.decide(f.id, {
      kind: 'pause',
      caseRef: '2025/77',
      followUpBy: '2025-04-01T00:00:00Z',
      affects: [f.goalId],
    });
    await cw.decide(f.id, { kind: 'resume', occurredAt: '2025-03-01T13:30:00Z' });
    await expectStatus(
      cw.post(
        `/initiatives/${f.id}/course-corrections`,
        build.courseCorrection([
          { type: 'changeTargets', indicatorId: f.indicatorId, targets: [{ value: 25, at: '2025-12-31T00:00:00Z' }] },
          { type: 'planMilestone', title: 'Second pilot', dueAt: '2025-11-01T00:00:00Z' },
        ]),
      ),
      201,
    );
    await cw.recordRealisation(f.id, f.benefitId, { value: 12.5, note: 'First quarter' });
    const closed = await cw.activeInitiative({ kind: 'measure', title: 'Charging points', parentId: focusArea });
    const closedGoal = await cw.defineGoal(closed);
    const closedBenefit = await cw.registerBenefit(closed, { kind: 'disbenefit' });
    await cw.close(closed, [closedGoal], { outcome: 'cancelled', lessons: 'Start smaller' });
    await cw.recordRealisation(closed, closedBenefit, { value: 1 });
    await expectStatus(
      cw.post(`/initiatives/${focusArea}/goals`, build.goal(), { 'Idempotency-Key': 'before-restart' }),
      201,
    );
    ids.push(focusArea, programme, f.id, closed);
  });
  afterAll(() => api.dispose());

  it('shows everything acknowledged, unchanged, after a restart on the same DATA_DIR', async () => {
    const before = await snapshot();
    expect(before.one.map((s) => s.status)).toEqual(['active', 'active', 'active', 'closed']);
    expect(before.list.items).toHaveLength(4);

    api = await api.restart();
    cw = new InitiativesClient(api, cw.token);
    expect(await snapshot()).toEqual(before);
  });

  it('continues the streams at the right version and still replays idempotent writes', async () => {
    const version = await cw.version(focusArea);
    const replay = await expectStatus(
      cw.post(`/initiatives/${focusArea}/goals`, build.goal(), { 'Idempotency-Key': 'before-restart' }),
      201,
    );
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(await cw.version(focusArea)).toBe(version);
    const next = await expectStatus(cw.post(`/initiatives/${focusArea}/milestones`, build.milestone()), 201);
    expect(next.body.version).toBe(version + 1);
    await expectStatus(
      cw.post(`/initiatives/${focusArea}/milestones`, build.milestone(), { 'If-Match': `"${version}"` }),
      412,
    );
  });

  it('rebuilds the read models from the events when their file is lost', async () => {
    const before = await snapshot();
    await api.close();
    for (const suffix of ['', '-wal', '-shm']) rmSync(join(api.dataDir, `read-models.db${suffix}`), { force: true });
    const clock = api.clock.now();
    api = await startApi({ dataDir: api.dataDir });
    api.clock.set(clock);
    cw = new InitiativesClient(api, cw.token);
    expect(await snapshot()).toEqual(before);
  });
});

describe('GET /initiatives (filters and paging)', () => {
  let api: ApiHarness;
  let cw: InitiativesClient;
  let fa1: string;
  let fa2: string;
  const programmesOfFa1: string[] = [];
  let programmeOfFa2: string;

  const list = async (query: string) => (await expectStatus(cw.get(`/initiatives${query}`), 200)).body;
  const idsOf = (page: { items: Array<{ id: string }> }) => page.items.map((i) => i.id);

  beforeAll(async () => {
    api = await startApi();
    cw = await InitiativesClient.as(api, ['caseworker']);
    fa1 = await cw.activeInitiative({ title: 'Focus 1' });
    fa2 = await cw.register({ title: 'Focus 2' });
    for (let i = 0; i < 5; i++) {
      const id = await cw.register({ kind: 'programme', title: `Programme ${i}`, parentId: fa1 });
      if (i % 2 === 0) await cw.activate(id);
      programmesOfFa1.push(id);
    }
    programmeOfFa2 = await cw.register({ kind: 'programme', title: 'Programme of focus 2', parentId: fa2 });
  });
  afterAll(() => api.dispose());

  it('lists everything with the status fields of docs/api.md', async () => {
    const page = await list('');
    expect(page.items).toHaveLength(8);
    expect(page.nextCursor).toBeUndefined();
    expect(page.items.find((i: { id: string }) => i.id === fa1)).toEqual(await cw.status(fa1));
  });

  it('filters by kind, parentId and status, combined', async () => {
    expect(idsOf(await list('?kind=focusArea')).sort()).toEqual([fa1, fa2].sort());
    expect(idsOf(await list(`?parentId=${fa1}`)).sort()).toEqual([...programmesOfFa1].sort());
    expect(idsOf(await list(`?kind=programme&parentId=${fa2}`))).toEqual([programmeOfFa2]);
    expect(idsOf(await list('?status=active')).sort()).toEqual(
      [fa1, programmesOfFa1[0], programmesOfFa1[2], programmesOfFa1[4]].sort(),
    );
    expect(idsOf(await list(`?kind=programme&parentId=${fa1}&status=planned`)).sort()).toEqual(
      [programmesOfFa1[1], programmesOfFa1[3]].sort(),
    );
    expect((await list('?kind=measure')).items).toEqual([]);
    expect((await list('?rag=unknown')).items).toHaveLength(8);
  });

  it('pages with limit and nextCursor until every item was seen once', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    const sizes: number[] = [];
    do {
      const page = await list(`?kind=programme&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      sizes.push(page.items.length);
      seen.push(...idsOf(page));
      cursor = page.nextCursor;
    } while (cursor);
    expect(sizes).toEqual([2, 2, 2]);
    expect([...seen].sort()).toEqual([...programmesOfFa1, programmeOfFa2].sort());
    expect(new Set(seen).size).toBe(6);
  });

  it('gives no nextCursor when the page holds exactly the rest', async () => {
    const page = await list(`?parentId=${fa1}&limit=5`);
    expect(page.items).toHaveLength(5);
    expect(page.nextCursor).toBeUndefined();
    const first = await list(`?parentId=${fa1}&limit=3`);
    expect(first.nextCursor).toEqual(expect.any(String));
    const rest = await list(`?parentId=${fa1}&limit=2&cursor=${first.nextCursor}`);
    expect(rest.items).toHaveLength(2);
    expect(rest.nextCursor).toBeUndefined();
    expect([...idsOf(first), ...idsOf(rest)].sort()).toEqual([...programmesOfFa1].sort());
  });

  it('refuses bad filters and paging parameters with 400 naming them', async () => {
    for (const [query, field] of [
      ['?limit=0', 'limit'],
      ['?limit=201', 'limit'],
      ['?limit=ten', 'limit'],
      ['?kind=department', 'kind'],
      ['?status=open', 'status'],
      ['?rag=blue', 'rag'],
      ['?parentId=bad!id', 'parentId'],
      ['?cursor=!!!', 'cursor'],
      ['?sort=title', 'sort'],
    ]) {
      const res = await expectStatus(cw.get(`/initiatives${query}`), 400);
      expect({ query, fields: fieldsOf(res) }).toEqual({ query, fields: [field] });
    }
  });
});

describe('GET /initiatives/{id}?minVersion and ?asOf', () => {
  let api: ApiHarness;
  let cw: InitiativesClient;
  let id: string;
  /** GET bodies captured right after each write, by version. */
  const seen = new Map<number, unknown>();
  const t = (hours: number) => new Date(Date.parse(NOW) + hours * HOUR).toISOString();

  beforeAll(async () => {
    api = await startApi();
    cw = await InitiativesClient.as(api, ['caseworker']);
    id = await cw.register(); // v1 at t0
    seen.set(1, await cw.status(id));
    api.clock.set(t(1));
    // An activity goal: activation does not wait for an indicator.
    await cw.defineGoal(id, { resultLevel: 'activity' }); // v2 at t0+1h
    seen.set(2, await cw.status(id));
    api.clock.set(t(2));
    await cw.activate(id); // v3 at t0+2h
    seen.set(3, await cw.status(id));
    api.clock.set(t(3));
    await cw.planMilestone(id, { dueAt: t(3.5) }); // v4 at t0+3h, overdue from t0+3.5h
    seen.set(4, await cw.status(id));
    api.clock.set(t(5));
  });
  afterAll(() => api.dispose());

  it('records updatedAt from the server clock', () => {
    expect([1, 2, 3, 4].map((v) => (seen.get(v) as { updatedAt: string }).updatedAt)).toEqual([t(0), t(1), t(2), t(3)]);
  });

  it('minVersion at or below the current version answers at once', async () => {
    for (const minVersion of [1, 3, 4]) {
      const started = Date.now();
      const res = await expectStatus(cw.get(`/initiatives/${id}?minVersion=${minVersion}`), 200);
      expect(Date.now() - started).toBeLessThan(500);
      expect(res.body).toEqual(await cw.status(id));
      expect(res.body.version).toBe(4);
      expect(res.headers.etag).toBe('"4"');
    }
  });

  it('minVersion is current right after a write (read your writes)', async () => {
    const other = await cw.register();
    const write = await expectStatus(cw.post(`/initiatives/${other}/goals`, build.goal()), 201);
    const res = await expectStatus(cw.get(`/initiatives/${other}?minVersion=${write.body.version}`), 200);
    expect(res.body.goals.map((g: { id: string }) => g.id)).toEqual([write.body.id]);
  });

  it('asOf returns the record as it stood at that system time', async () => {
    // A read in the past says which times it shows; the rest is the record as it stood.
    const at = async (time: string) => {
      const response = await expectStatus(cw.get(`/initiatives/${id}?asOf=${encodeURIComponent(time)}`), 200);
      expect(response.body).toMatchObject({ asOf: new Date(time).toISOString(), validAt: null });
      const { asOf: _asOf, validAt: _validAt, ...record } = response.body;
      return { ...response, body: record };
    };

    expect((await at(t(0))).body).toEqual(seen.get(1));
    expect((await at(t(0.5))).body).toEqual(seen.get(1));
    const v2 = await at(t(1));
    expect(v2.body).toEqual(seen.get(2));
    expect(v2.headers.etag).toBe('"2"');
    expect((await at(t(2.5))).body).toEqual(seen.get(3));
    expect((await at(t(2.5))).body).toMatchObject({ status: 'active', version: 3, milestones: [] });
    // The same moment written with an offset.
    expect((await at('2025-03-01T15:30:00+01:00')).body).toEqual(seen.get(3));
  });

  it('asOf judges what depends on the clock at that time', async () => {
    const now = await cw.status(id);
    expect(now.milestones[0]).toMatchObject({ overdue: true });
    expect(now.rag).toBe('red');
    const then = (await expectStatus(cw.get(`/initiatives/${id}?asOf=${t(3.25)}`), 200)).body;
    expect(then.milestones[0]).toMatchObject({ overdue: false });
    expect(then.rag).toBe('green');
    expect(then.version).toBe(4);
    const later = (await expectStatus(cw.get(`/initiatives/${id}?asOf=${t(5)}`), 200)).body;
    expect(later).toEqual({ ...now, asOf: new Date(t(5)).toISOString(), validAt: null });
  });

  it('asOf before the initiative existed, or of an unknown id, is 404', async () => {
    const before = await expectStatus(cw.get(`/initiatives/${id}?asOf=2025-03-01T11:59:59Z`), 404);
    expect(before.body).toMatchObject({ statusCode: 404, code: 'NotYetRecorded' });
    const unknown = await expectStatus(cw.get(`/initiatives/unknown-0001?asOf=${t(1)}`), 404);
    expect(unknown.body).toMatchObject({ code: 'InitiativeNotFound' });
  });
});

describe('GET /initiatives/{id}?minVersion beyond the current version', () => {
  let api: ApiHarness;
  let cw: InitiativesClient;
  beforeAll(async () => {
    api = await startApi({ env: { READ_MODEL_WAIT_MS: '100' } });
    cw = await InitiativesClient.as(api, ['caseworker']);
  });
  afterAll(() => api.dispose());

  it('answers 503 with Retry-After after the bounded wait, and 404 for an unknown id', async () => {
    const id = await cw.register();
    const res = await expectStatus(cw.get(`/initiatives/${id}?minVersion=5`), 503);
    expect(res.body).toMatchObject({ statusCode: 503, code: 'ReadModelBehind', currentVersion: 1 });
    expect(res.headers['retry-after']).toBe('1');
    await expectStatus(cw.get('/initiatives/unknown-0001?minVersion=1'), 404);
  });
});
