import { startApi, type ApiHarness } from '../support/api-harness';
import {
  build,
  expectStatus,
  fieldsOf,
  InitiativesClient,
  richInitiative,
  type Fixture,
} from '../support/initiatives-client';

type Ids = Fixture;
type Body = Record<string, unknown>;

interface Endpoint {
  readonly name: string;
  readonly method: 'post' | 'patch';
  readonly path: (ids: Ids) => string;
  /** Path parameters in the order they appear, with the fixture key each one takes. */
  readonly params: ReadonlyArray<[param: string, key: keyof Ids]>;
  readonly valid: (ids: Ids) => Body;
  /** Fields reported when the body is `{}`. */
  readonly required: readonly string[];
  /** A string field and its maximum length. */
  readonly long: readonly [field: string, max: number];
  /** Fields given with the wrong type, and the fields the error must name. */
  readonly wrongTypes: Body;
  readonly wrongTypeFields: readonly string[];
}

const x = (n: number) => 'x'.repeat(n);

const endpoints: readonly Endpoint[] = [
  {
    name: 'POST /initiatives',
    method: 'post',
    path: () => '/initiatives',
    params: [],
    valid: () => build.initiative(),
    required: ['kind', 'title', 'ownerUnit', 'responsible'],
    long: ['title', 200],
    wrongTypes: { kind: 5, title: 42, partners: 'NTNU', startsAt: 'yesterday' },
    wrongTypeFields: ['kind', 'title', 'partners', 'startsAt'],
  },
  {
    name: 'POST /initiatives/{id}/activate',
    method: 'post',
    path: (f) => `/initiatives/${f.id}/activate`,
    params: [['id', 'id']],
    valid: () => ({}),
    required: [],
    long: ['reason', 2000],
    wrongTypes: { reason: 42, caseRef: '??', occurredAt: 'today', expectedVersion: '3' },
    wrongTypeFields: ['reason', 'caseRef', 'occurredAt', 'expectedVersion'],
  },
  {
    name: 'POST /initiatives/{id}/goals',
    method: 'post',
    path: (f) => `/initiatives/${f.id}/goals`,
    params: [['id', 'id']],
    valid: () => build.goal(),
    required: ['statement', 'resultLevel'],
    long: ['statement', 2000],
    wrongTypes: { statement: ['a goal'], resultLevel: 'outcome' },
    wrongTypeFields: ['statement', 'resultLevel'],
  },
  {
    name: 'PATCH /initiatives/{id}/goals/{goalId}',
    method: 'patch',
    path: (f) => `/initiatives/${f.id}/goals/${f.goalId}`,
    params: [
      ['id', 'id'],
      ['goalId', 'goalId'],
    ],
    valid: () => build.reviseGoal(),
    required: ['reason'],
    long: ['reason', 2000],
    wrongTypes: { statement: 1, resultLevel: 'big', reason: true },
    wrongTypeFields: ['statement', 'resultLevel', 'reason'],
  },
  {
    name: 'POST /initiatives/{id}/goals/{goalId}/indicators',
    method: 'post',
    path: (f) => `/initiatives/${f.id}/goals/${f.goalId}/indicators`,
    params: [
      ['id', 'id'],
      ['goalId', 'goalId'],
    ],
    valid: () => build.indicator(),
    required: ['name', 'unit', 'direction', 'baseline', 'targets'],
    long: ['unit', 50],
    wrongTypes: {
      direction: 'up',
      baseline: { value: '10', at: 'January' },
      targets: [{ value: 30 }],
      aggregation: 'max',
    },
    wrongTypeFields: ['direction', 'baseline.value', 'baseline.at', 'targets.0.at', 'aggregation'],
  },
  {
    name: 'POST /initiatives/{id}/indicators/{indicatorId}/measurements',
    method: 'post',
    path: (f) => `/initiatives/${f.id}/indicators/${f.indicatorId}/measurements`,
    params: [
      ['id', 'id'],
      ['indicatorId', 'indicatorId'],
    ],
    valid: () => build.measurement(),
    required: ['value', 'at'],
    long: ['source', 500],
    wrongTypes: { value: '20', at: 20250228 },
    wrongTypeFields: ['value', 'at'],
  },
  {
    name: 'POST /initiatives/{id}/milestones',
    method: 'post',
    path: (f) => `/initiatives/${f.id}/milestones`,
    params: [['id', 'id']],
    valid: () => build.milestone(),
    required: ['title', 'dueAt'],
    long: ['title', 200],
    wrongTypes: { title: 1, dueAt: 'soon' },
    wrongTypeFields: ['title', 'dueAt'],
  },
  {
    name: 'POST /initiatives/{id}/milestones/{milestoneId}/achieve',
    method: 'post',
    path: (f) => `/initiatives/${f.id}/milestones/${f.milestoneId}/achieve`,
    params: [
      ['id', 'id'],
      ['milestoneId', 'milestoneId'],
    ],
    valid: () => build.achieve(),
    required: ['achievedAt', 'evaluation'],
    long: ['evaluation', 5000],
    wrongTypes: { achievedAt: '28.02.2025', evaluation: { text: 'fine' } },
    wrongTypeFields: ['achievedAt', 'evaluation'],
  },
  {
    name: 'POST /initiatives/{id}/milestones/{milestoneId}/reschedule',
    method: 'post',
    path: (f) => `/initiatives/${f.id}/milestones/${f.milestoneId}/reschedule`,
    params: [
      ['id', 'id'],
      ['milestoneId', 'milestoneId'],
    ],
    valid: () => build.reschedule(),
    required: ['dueAt', 'reason'],
    long: ['reason', 2000],
    wrongTypes: { dueAt: true, reason: 1 },
    wrongTypeFields: ['dueAt', 'reason'],
  },
  {
    name: 'POST /initiatives/{id}/milestones/{milestoneId}/miss',
    method: 'post',
    path: (f) => `/initiatives/${f.id}/milestones/${f.milestoneId}/miss`,
    params: [
      ['id', 'id'],
      ['milestoneId', 'milestoneId'],
    ],
    valid: () => build.reason(),
    required: ['reason'],
    long: ['reason', 2000],
    wrongTypes: { reason: 1 },
    wrongTypeFields: ['reason'],
  },
  {
    name: 'POST /initiatives/{id}/milestones/{milestoneId}/cancel',
    method: 'post',
    path: (f) => `/initiatives/${f.id}/milestones/${f.milestoneId}/cancel`,
    params: [
      ['id', 'id'],
      ['milestoneId', 'milestoneId'],
    ],
    valid: () => build.reason(),
    required: ['reason'],
    long: ['reason', 2000],
    wrongTypes: { reason: ['a', 'b'] },
    wrongTypeFields: ['reason'],
  },
  {
    name: 'POST /initiatives/{id}/decisions',
    method: 'post',
    path: (f) => `/initiatives/${f.id}/decisions`,
    params: [['id', 'id']],
    valid: () => build.decision(),
    required: ['kind', 'summary', 'rationale', 'decidedBy', 'occurredAt'],
    long: ['summary', 500],
    wrongTypes: { kind: 'ponder', occurredAt: 'now', affects: 'everything' },
    wrongTypeFields: ['kind', 'occurredAt', 'affects'],
  },
  {
    name: 'POST /initiatives/{id}/course-corrections',
    method: 'post',
    path: (f) => `/initiatives/${f.id}/course-corrections`,
    params: [['id', 'id']],
    valid: (f) =>
      build.courseCorrection([
        { type: 'rescheduleMilestone', milestoneId: f.milestoneId, dueAt: '2025-12-01T00:00:00Z' },
      ]),
    required: ['rationale', 'decidedBy', 'changes'],
    long: ['rationale', 5000],
    wrongTypes: { decidedBy: 3, changes: [{ type: 'rescheduleMilestone', dueAt: 'later' }, { type: 'teleport' }] },
    wrongTypeFields: ['decidedBy', 'changes.0.milestoneId', 'changes.0.dueAt', 'changes.1.type'],
  },
  {
    name: 'POST /initiatives/{id}/benefits',
    method: 'post',
    path: (f) => `/initiatives/${f.id}/benefits`,
    params: [['id', 'id']],
    valid: () => build.benefit(),
    required: ['description', 'owner', 'kind', 'realisationDue'],
    long: ['owner', 200],
    wrongTypes: { kind: 'gain', baseline: '1', realisationDue: 'next year' },
    wrongTypeFields: ['kind', 'baseline', 'realisationDue'],
  },
  {
    name: 'POST /initiatives/{id}/benefits/{benefitId}/realisations',
    method: 'post',
    path: (f) => `/initiatives/${f.id}/benefits/${f.benefitId}/realisations`,
    params: [
      ['id', 'id'],
      ['benefitId', 'benefitId'],
    ],
    valid: () => build.realisation(),
    required: ['value', 'at'],
    long: ['note', 2000],
    wrongTypes: { value: null, at: 5 },
    wrongTypeFields: ['value', 'at'],
  },
  {
    name: 'POST /initiatives/{id}/close',
    method: 'post',
    path: (f) => `/initiatives/${f.id}/close`,
    params: [['id', 'id']],
    valid: (f) => build.close([f.goalId], { outcome: 'cancelled' }),
    required: ['outcome', 'finalEvaluation', 'goalAssessments'],
    long: ['finalEvaluation', 10000],
    wrongTypes: { outcome: 'done', goalAssessments: [{ goalId: 'g 1', achievement: 'most', comment: ' ' }] },
    wrongTypeFields: [
      'outcome',
      'goalAssessments.0.goalId',
      'goalAssessments.0.achievement',
      'goalAssessments.0.comment',
    ],
  },
];

const UNKNOWN_CODE: Record<keyof Ids, string> = {
  id: 'InitiativeNotFound',
  goalId: 'GoalNotFound',
  indicatorId: 'IndicatorNotFound',
  milestoneId: 'MilestoneNotFound',
  benefitId: 'BenefitNotFound',
};

/**
 * Bad input on every command endpoint: refused with a precise 400/404 naming what is wrong,
 * nothing stored (the initiative's version and the list of initiatives unchanged).
 */
describe('initiative commands (bad input)', () => {
  let api: ApiHarness;
  let cw: InitiativesClient;
  let f: Fixture;
  let version: number;
  let snapshot: unknown;
  let initiativeCount: number;

  const count = async () => (await expectStatus(cw.get('/initiatives?limit=200'), 200)).body.items.length as number;
  const send = (e: Endpoint, body: unknown, ids: Ids = f) =>
    e.method === 'post' ? cw.post(e.path(ids), body) : cw.patch(e.path(ids), body);

  beforeAll(async () => {
    api = await startApi();
    cw = await InitiativesClient.as(api, ['caseworker']);
    f = await richInitiative(cw);
    snapshot = await cw.status(f.id);
    version = (snapshot as { version: number }).version;
    initiativeCount = await count();
  });

  afterEach(async () => {
    // Whatever a test sent, nothing was stored.
    expect(await cw.status(f.id)).toEqual(snapshot);
    expect(await count()).toBe(initiativeCount);
  });

  afterAll(() => api.dispose());

  describe.each(endpoints.map((e) => [e.name, e] as const))('%s', (_name, e) => {
    it('refuses a malformed JSON body with 400 saying it is malformed', async () => {
      const res = await expectStatus(cw.raw(e.method, e.path(f), '{"title": "Green", '), 400);
      expect(res.body).toMatchObject({
        statusCode: 400,
        error: 'Bad Request',
        message: expect.stringMatching(/malformed json/i),
      });
    });

    it('refuses an unknown field with 400 naming it', async () => {
      const res = await expectStatus(send(e, { ...e.valid(f), colour: 'green' }), 400);
      expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request', code: 'ValidationFailed' });
      expect(res.body.details).toEqual([{ field: 'colour', message: expect.stringContaining('unknown field colour') }]);
      expect(res.body.message).toContain('colour');
    });

    it('refuses an over-long string with 400 naming the field', async () => {
      const [field, max] = e.long;
      const res = await expectStatus(send(e, { ...e.valid(f), [field]: x(max + 1) }), 400);
      expect(res.body.details).toEqual([{ field, message: expect.stringContaining(String(max)) }]);
    });

    it('refuses wrong types with 400 naming every offending field', async () => {
      const res = await expectStatus(send(e, { ...e.valid(f), ...e.wrongTypes }), 400);
      expect([...new Set(fieldsOf(res))].sort()).toEqual([...e.wrongTypeFields].sort());
    });

    if (e.required.length > 0) {
      it('refuses an empty body with 400 listing every missing required field', async () => {
        const res = await expectStatus(send(e, {}), 400);
        expect(fieldsOf(res).sort()).toEqual([...e.required].sort());
        for (const detail of res.body.details) expect(detail.message).toMatch(/is required/);
        for (const field of e.required) expect(res.body.message).toContain(field);
      });

      it('refuses a request without a body the same way', async () => {
        const res = await expectStatus(send(e, undefined), 400);
        expect(fieldsOf(res).sort()).toEqual([...e.required].sort());
      });
    }

    for (const [param, key] of e.params) {
      it(`refuses a malformed path id (${param}) with 400`, async () => {
        for (const bad of ['bad!id', '-starts-with-dash', x(65)]) {
          const res = await expectStatus(send(e, e.valid(f), { ...f, [key]: bad }), 400);
          expect(res.body.details).toEqual([{ field: param, message: expect.any(String) }]);
        }
      });

      it(`answers 404 for an unknown ${param}`, async () => {
        const res = await expectStatus(send(e, e.valid(f), { ...f, [key]: 'unknown-0001' }), 404);
        expect(res.body).toMatchObject({ statusCode: 404, error: 'Not Found', code: UNKNOWN_CODE[key] });
        expect(res.body.message).toContain('unknown-0001');
      });
    }
  });

  it('names nested unknown fields with their path', async () => {
    const indicator = await expectStatus(
      cw.post(
        `/initiatives/${f.id}/goals/${f.goalId}/indicators`,
        build.indicator({ baseline: { value: 1, at: '2025-01-01T00:00:00Z', unit: 'x' } }),
      ),
      400,
    );
    expect(fieldsOf(indicator)).toEqual(['baseline.unit']);
    const close = await expectStatus(
      cw.post(
        `/initiatives/${f.id}/close`,
        build.close([f.goalId], {
          goalAssessments: [{ goalId: f.goalId, achievement: 'full', comment: 'ok', score: 5 }],
        }),
      ),
      400,
    );
    expect(fieldsOf(close)).toEqual(['goalAssessments.0.score']);
  });

  it('names a course-correction field that does not apply to its change type, and applies nothing', async () => {
    const before = await expectStatus(cw.get(`/initiatives/${f.id}`), 200);
    const refused = await expectStatus(
      cw.post(
        `/initiatives/${f.id}/course-corrections`,
        build.courseCorrection([
          { type: 'planMilestone', title: 'Extra check', dueAt: '2025-12-01T00:00:00Z', targets: 'junk' },
          { type: 'rescheduleMilestone', milestoneId: f.milestoneId, dueAt: '2025-12-01T00:00:00Z', goalId: f.goalId },
        ]),
      ),
      400,
    );
    expect(fieldsOf(refused)).toEqual(['changes.0.targets', 'changes.1.goalId']);
    expect(refused.body.details[0].message).toBe('targets does not apply to a planMilestone change');
    expect((await expectStatus(cw.get(`/initiatives/${f.id}`), 200)).body).toEqual(before.body);
  });

  it('says "must be an array" when a list is given as a single value', async () => {
    const cases: Array<[string, string, Body]> = [
      ['/initiatives', 'partners', build.initiative({ partners: 'NTNU' })],
      [`/initiatives/${f.id}/decisions`, 'affects', build.decision({ affects: f.goalId })],
      [
        `/initiatives/${f.id}/course-corrections`,
        'changes',
        build.courseCorrection({ type: 'planMilestone' } as never),
      ],
      [`/initiatives/${f.id}/close`, 'goalAssessments', build.close([], { goalAssessments: f.goalId })],
      [
        `/initiatives/${f.id}/goals/${f.goalId}/indicators`,
        'targets',
        build.indicator({ targets: { value: 1, at: '2025-12-31' } }),
      ],
    ];
    for (const [path, field, body] of cases) {
      const res = await expectStatus(cw.post(path, body), 400);
      expect(res.body.details).toEqual([{ field, message: `${field} must be an array` }]);
    }
  });

  it('refuses blank required strings and an explicit null for an optional field', async () => {
    const res = await expectStatus(cw.post('/initiatives', build.initiative({ title: '   ', description: null })), 400);
    expect(fieldsOf(res).sort()).toEqual(['description', 'title']);
  });

  it('accepts a string of exactly the maximum length', async () => {
    const id = await cw.register({ title: x(200) });
    expect((await cw.status(id)).title).toHaveLength(200);
    initiativeCount++;
  });

  it('refuses a body that is not JSON with 415', async () => {
    const res = await expectStatus(
      api.http
        .post('/initiatives')
        .set('Authorization', `Bearer ${cw.token}`)
        .set('Content-Type', 'text/plain')
        .send('kind=focusArea'),
      415,
    );
    expect(res.body).toMatchObject({ statusCode: 415, error: 'Unsupported Media Type' });
  });

  it('refuses a body over 1 MiB with 413', async () => {
    const res = await expectStatus(
      cw.post(`/initiatives/${f.id}/goals`, build.goal({ statement: x(1024 * 1024 + 1) })),
      413,
    );
    expect(res.body).toMatchObject({ statusCode: 413, error: 'Payload Too Large' });
  });

  it('refuses malformed query parameters on reads', async () => {
    expect(fieldsOf(await expectStatus(cw.get(`/initiatives/${f.id}?asOf=yesterday`), 400))).toEqual(['asOf']);
    expect(fieldsOf(await expectStatus(cw.get(`/initiatives/${f.id}?minVersion=0`), 400))).toEqual(['minVersion']);
    expect(fieldsOf(await expectStatus(cw.get(`/initiatives/${f.id}?minVersion=two`), 400))).toEqual(['minVersion']);
    expect(fieldsOf(await expectStatus(cw.get(`/initiatives/${f.id}?colour=red`), 400))).toEqual(['colour']);
    expect(fieldsOf(await expectStatus(cw.get('/initiatives/bad!id'), 400))).toEqual(['id']);
    expect(await expectStatus(cw.get('/initiatives/unknown-0001'), 404)).toMatchObject({
      body: { code: 'InitiativeNotFound' },
    });
  });

  it('keeps serving after all of that', async () => {
    await expectStatus(api.http.get('/health'), 200);
    const id = await cw.register();
    initiativeCount++;
    expect(await cw.status(id)).toMatchObject({ status: 'planned', version: 1 });
    expect(await cw.version(f.id)).toBe(version);
  });
});
