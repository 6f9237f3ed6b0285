import type { Response, Test } from 'supertest';
import type { ApiHarness } from './api-harness';

/** The harness clock's default "now". */
export const NOW = '2025-03-01T12:00:00.000Z';

type Body = Record<string, unknown>;
type Headers = Record<string, string>;

/** Valid request bodies for every command of docs/api.md; override what a test cares about. */
export const build = {
  initiative: (overrides: Body = {}): Body => ({
    kind: 'focusArea',
    title: 'Green transition',
    ownerUnit: 'Regional development',
    responsible: 'Kari Nordmann',
    ...overrides,
  }),
  goal: (overrides: Body = {}): Body => ({
    statement: 'More pupils in rural schools master basic digital skills',
    resultLevel: 'userEffect',
    ...overrides,
  }),
  reviseGoal: (overrides: Body = {}): Body => ({
    statement: 'A sharper goal',
    reason: 'The board asked for it',
    ...overrides,
  }),
  indicator: (overrides: Body = {}): Body => ({
    name: 'Share of pupils passing the test',
    unit: 'percent',
    direction: 'increase',
    baseline: { value: 10, at: '2025-01-01T00:00:00Z' },
    targets: [{ value: 30, at: '2025-06-30T00:00:00Z' }],
    ...overrides,
  }),
  measurement: (overrides: Body = {}): Body => ({ value: 20, at: '2025-02-28T00:00:00Z', ...overrides }),
  milestone: (overrides: Body = {}): Body => ({ title: 'Pilot done', dueAt: '2025-06-01T00:00:00Z', ...overrides }),
  achieve: (overrides: Body = {}): Body => ({
    achievedAt: '2025-02-27T00:00:00Z',
    evaluation: 'Went well',
    ...overrides,
  }),
  reschedule: (overrides: Body = {}): Body => ({
    dueAt: '2025-09-01T00:00:00Z',
    reason: 'Supplier delay',
    ...overrides,
  }),
  reason: (overrides: Body = {}): Body => ({ reason: 'No longer relevant', ...overrides }),
  decision: (overrides: Body = {}): Body => ({
    kind: 'continue',
    summary: 'Continue as planned',
    rationale: 'On track',
    decidedBy: 'Steering group',
    occurredAt: '2025-03-01T09:00:00Z',
    ...overrides,
  }),
  courseCorrection: (changes: Body[], overrides: Body = {}): Body => ({
    rationale: 'Behind plan',
    decidedBy: 'Steering group',
    changes,
    ...overrides,
  }),
  benefit: (overrides: Body = {}): Body => ({
    description: 'Lower travel costs',
    owner: 'Head of finance',
    kind: 'benefit',
    realisationDue: '2026-12-31T00:00:00Z',
    ...overrides,
  }),
  realisation: (overrides: Body = {}): Body => ({ value: 5, at: '2025-02-28T00:00:00Z', ...overrides }),
  close: (goalIds: string[], overrides: Body = {}): Body => ({
    outcome: 'completed',
    finalEvaluation: 'Delivered what was promised',
    goalAssessments: goalIds.map((goalId) => ({ goalId, achievement: 'full', comment: 'Reached' })),
    ...overrides,
  }),
};

/** Awaits a request and fails with the response body when the status is not the expected one. */
export async function expectStatus(request: Test | Promise<Response>, status: number): Promise<Response> {
  const response = await request;
  if (response.status !== status) {
    throw new Error(`expected HTTP ${status}, got ${response.status}: ${JSON.stringify(response.body)}`);
  }
  return response;
}

/** The fields named in an error body's `details`. */
export const fieldsOf = (response: Response): string[] =>
  ((response.body?.details ?? []) as Array<{ field: string }>).map((d) => d.field);

/** A small API client acting as one user (one bearer token). */
export class InitiativesClient {
  constructor(
    public api: ApiHarness,
    readonly token: string,
  ) {}

  static async as(
    api: ApiHarness,
    roles: string[] = ['caseworker'],
    sub?: string,
    name?: string,
  ): Promise<InitiativesClient> {
    return new InitiativesClient(api, await api.token(roles, sub, name));
  }

  private authorised(request: Test, headers: Headers): Test {
    let next = request.set('Authorization', `Bearer ${this.token}`);
    for (const [name, value] of Object.entries(headers)) next = next.set(name, value);
    return next;
  }

  get(path: string, headers: Headers = {}): Test {
    return this.authorised(this.api.http.get(path), headers);
  }

  post(path: string, body?: unknown, headers: Headers = {}): Test {
    const request = this.authorised(this.api.http.post(path), headers);
    return body === undefined ? request : request.send(body as object);
  }

  patch(path: string, body?: unknown, headers: Headers = {}): Test {
    const request = this.authorised(this.api.http.patch(path), headers);
    return body === undefined ? request : request.send(body as object);
  }

  /** Sends `raw` verbatim as an `application/json` body. */
  raw(method: 'post' | 'patch', path: string, raw: string): Test {
    return this.authorised(this.api.http[method](path), {}).set('Content-Type', 'application/json').send(raw);
  }

  /* ---- successful writes, returning the id they create ---- */

  async register(overrides: Body = {}): Promise<string> {
    return (await expectStatus(this.post('/initiatives', build.initiative(overrides)), 201)).body.id;
  }

  async activate(id: string): Promise<void> {
    await expectStatus(this.post(`/initiatives/${id}/activate`), 200);
  }

  /** A focus area, activated. */
  async activeInitiative(overrides: Body = {}): Promise<string> {
    const id = await this.register(overrides);
    await this.activate(id);
    return id;
  }

  async defineGoal(id: string, overrides: Body = {}): Promise<string> {
    return (await expectStatus(this.post(`/initiatives/${id}/goals`, build.goal(overrides)), 201)).body.id;
  }

  async defineIndicator(id: string, goalId: string, overrides: Body = {}): Promise<string> {
    return (
      await expectStatus(this.post(`/initiatives/${id}/goals/${goalId}/indicators`, build.indicator(overrides)), 201)
    ).body.id;
  }

  async recordMeasurement(id: string, indicatorId: string, overrides: Body = {}): Promise<string> {
    return (
      await expectStatus(
        this.post(`/initiatives/${id}/indicators/${indicatorId}/measurements`, build.measurement(overrides)),
        201,
      )
    ).body.id;
  }

  async planMilestone(id: string, overrides: Body = {}): Promise<string> {
    return (await expectStatus(this.post(`/initiatives/${id}/milestones`, build.milestone(overrides)), 201)).body.id;
  }

  async decide(id: string, overrides: Body = {}): Promise<string> {
    return (await expectStatus(this.post(`/initiatives/${id}/decisions`, build.decision(overrides)), 201)).body.id;
  }

  async registerBenefit(id: string, overrides: Body = {}): Promise<string> {
    return (await expectStatus(this.post(`/initiatives/${id}/benefits`, build.benefit(overrides)), 201)).body.id;
  }

  async recordRealisation(id: string, benefitId: string, overrides: Body = {}): Promise<string> {
    return (
      await expectStatus(
        this.post(`/initiatives/${id}/benefits/${benefitId}/realisations`, build.realisation(overrides)),
        201,
      )
    ).body.id;
  }

  async close(id: string, goalIds: string[], overrides: Body = {}): Promise<void> {
    await expectStatus(this.post(`/initiatives/${id}/close`, build.close(goalIds, overrides)), 200);
  }

  /* ---- reads ---- */

  /** `GET /initiatives/{id}` body (must answer 200). */
  async status(id: string, query = ''): Promise<any> {
    return (await expectStatus(this.get(`/initiatives/${id}${query}`), 200)).body;
  }

  async version(id: string): Promise<number> {
    return (await this.status(id)).version;
  }
}

/** An initiative with one of every part: goal, indicator (with a measurement), milestone and benefit. */
export interface Fixture {
  readonly id: string;
  readonly goalId: string;
  readonly indicatorId: string;
  readonly milestoneId: string;
  readonly benefitId: string;
}

export async function richInitiative(client: InitiativesClient, overrides: Body = {}): Promise<Fixture> {
  const id = await client.activeInitiative(overrides);
  const goalId = await client.defineGoal(id);
  const indicatorId = await client.defineIndicator(id, goalId);
  await client.recordMeasurement(id, indicatorId);
  const milestoneId = await client.planMilestone(id);
  const benefitId = await client.registerBenefit(id, { indicatorId });
  return { id, goalId, indicatorId, milestoneId, benefitId };
}
