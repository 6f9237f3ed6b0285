import { startApi, type ApiHarness } from '../support/api-harness';
import { expectStatus, InitiativesClient } from '../support/initiatives-client';
import { DocumentValidator } from './support/document-validator';
import { buildPlan, everyRead, type Plan } from './support/every-read';

// Alerts are raised by an explicit evaluation, and notified at once.
Object.assign(process.env, { ALERT_TICK_MS: '0', ALERT_GROUP_WAIT_MS: '0' });

type Json = Record<string, any>;

describe('the OpenAPI document is precise enough to test against', () => {
  let api: ApiHarness;
  let document: Json;
  const operations = () =>
    Object.entries(document.paths as Json).flatMap(([path, item]) =>
      Object.entries(item as Json).map(([method, operation]) => ({ path, method, operation: operation as Json })),
    );
  const schema = (name: string): Json => document.components.schemas[name];

  beforeAll(async () => {
    api = await startApi();
    document = (await api.http.get('/docs-json').expect(200)).body;
  });
  afterAll(() => api.dispose());

  it('documents 401, 403 and 429 with the shared ErrorResponse body on every protected operation', () => {
    expect(schema('ErrorResponse').required).toEqual(['statusCode', 'error', 'message']);
    const missing = operations()
      .filter(({ path }) => !/^\/(health|metrics|docs)/.test(path))
      .flatMap(({ path, method, operation }) =>
        ['401', '403', '429']
          .filter(
            (status) =>
              operation.responses[status]?.content?.['application/json']?.schema?.$ref !==
              '#/components/schemas/ErrorResponse',
          )
          .map((status) => `${method} ${path} ${status}`),
      );
    expect(missing).toEqual([]);
  });

  it('documents 404 on paths with ids, and 400, 409 and 422 on writes; 412 on initiative writes', () => {
    const post = document.paths['/initiatives/{id}/goals'].post.responses;
    expect(Object.keys(post)).toEqual(expect.arrayContaining(['400', '404', '409', '412', '422']));
    expect(Object.keys(document.paths['/alerts/{id}'].get.responses)).toContain('404');
  });

  it('closes every request body, nested objects included', () => {
    for (const name of ['RegisterInitiativeDto', 'DefineIndicatorDto', 'DatedValueDto', 'CorrectCourseDto']) {
      expect(schema(name).additionalProperties).toBe(false);
    }
  });

  it('bounds numeric query parameters and states the other constraints', () => {
    const query = (path: string, name: string) =>
      (document.paths[path].get.parameters as Json[]).find((parameter) => parameter.name === name)!;
    expect(query('/initiatives', 'limit').schema).toMatchObject({ minimum: 1, maximum: 200 });
    expect(query('/initiatives/{id}/deviations', 'since').schema).toMatchObject({ minLength: 1 });
    expect(query('/audit/export', 'from').description).toContain('from < to');
    expect(schema('DefineIndicatorDto').properties.targets.minItems).toBe(1);
  });

  it('states a course-correction change as a union discriminated by type', () => {
    const change = schema('CourseChangeDto');
    expect(change.discriminator.propertyName).toBe('type');
    expect(change.oneOf).toHaveLength(4);
    expect(schema('CourseChange_changeTargets').required).toEqual(['type', 'indicatorId', 'targets']);
    expect(Object.keys(schema('CourseChange_reviseGoal').properties)).toEqual([
      'type',
      'goalId',
      'statement',
      'resultLevel',
    ]);
  });

  it('gives a 200 answer with a schema to every GET operation', () => {
    const missing = operations()
      .filter(({ method }) => method === 'get')
      .filter(({ operation }) => {
        const content = operation.responses['200']?.content ?? {};
        return !Object.values(content as Json).some((media) => (media as Json).schema);
      })
      .map(({ path }) => path);
    expect(missing).toEqual([]);
  });

  describe('answers as documented, with content in every part', () => {
    let plan: Plan;
    let reader: InitiativesClient;

    beforeAll(async () => {
      const cw = await InitiativesClient.as(api, ['caseworker']);
      reader = await InitiativesClient.as(api, ['admin', 'leader', 'auditor'], 'lena', 'Lena Leader');
      plan = await buildPlan(api, cw, reader);
    });

    it('validates a rich GET /initiatives/{id} against its schema', async () => {
      const validator = new DocumentValidator(document);
      const body = (await expectStatus(reader.get(`/initiatives/${plan.project}`), 200)).body;
      expect(body.goals[0].contextIndicators).toHaveLength(1);
      expect(body.risks).toHaveLength(1);
      expect(validator.errors('/initiatives/{id}', body)).toEqual([]);
      // The schema is closed: a field the server does not send is refused.
      expect(validator.errors('/initiatives/{id}', { ...body, surprise: 1 })).not.toEqual([]);
    });

    it('validates every read against its documented schema', async () => {
      const validator = new DocumentValidator(document);
      const failures: string[] = [];
      for (const { template, path } of everyRead(plan)) {
        const body = (await expectStatus(reader.get(path), 200)).body;
        failures.push(...validator.errors(template, body).map((error) => `${path}: ${error}`));
      }
      expect(failures).toEqual([]);
    });
  });
});
