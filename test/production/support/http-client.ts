import { build } from '../../support/initiatives-client';

type Body = Record<string, unknown>;

export interface HttpResult {
  readonly status: number;
  readonly headers: Headers;
  readonly body: any;
}

/** What a successful write answers (docs/api.md: `{ id, version }` or `{ id, initiativeId, version }`). */
export interface WriteResult {
  readonly id: string;
  readonly initiativeId?: string;
  readonly version: number;
}

/** A tiny HTTP client for the API process, acting as one user (one bearer token). */
export class HttpClient {
  constructor(
    readonly baseUrl: string,
    readonly token: string,
  ) {}

  async request(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<HttpResult> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${this.token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(30_000),
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      // not JSON: keep the text
    }
    return { status: response.status, headers: response.headers, body: parsed };
  }

  /** A write that must answer `expected`; returns its body. */
  async write(
    method: 'POST' | 'PATCH',
    path: string,
    body: unknown,
    expected: number,
    headers: Record<string, string> = {},
  ): Promise<WriteResult> {
    const started = Date.now();
    const result = await this.request(method, path, body, headers);
    if (result.status !== expected) {
      throw new Error(
        `${method} ${path}: expected HTTP ${expected}, got ${result.status} after ${Date.now() - started} ms: ${JSON.stringify(result.body)}`,
      );
    }
    return result.body as WriteResult;
  }

  async get(path: string): Promise<HttpResult> {
    return this.request('GET', path);
  }

  /** `GET /initiatives/{id}` with `?minVersion=`: must answer 200. */
  async statusAt(id: string, minVersion: number): Promise<any> {
    const result = await this.get(`/initiatives/${id}?minVersion=${minVersion}`);
    if (result.status !== 200) {
      throw new Error(
        `GET /initiatives/${id}?minVersion=${minVersion}: expected 200, got ${result.status}: ${JSON.stringify(result.body)}`,
      );
    }
    return result.body;
  }

  /* ---- the commands of docs/api.md, answering { id, version } ---- */

  register(overrides: Body = {}, headers: Record<string, string> = {}): Promise<WriteResult> {
    return this.write('POST', '/initiatives', build.initiative(overrides), 201, headers);
  }

  activate(id: string, headers: Record<string, string> = {}): Promise<WriteResult> {
    return this.write('POST', `/initiatives/${id}/activate`, {}, 200, headers);
  }

  defineGoal(id: string, overrides: Body = {}, headers: Record<string, string> = {}): Promise<WriteResult> {
    return this.write('POST', `/initiatives/${id}/goals`, build.goal(overrides), 201, headers);
  }

  defineIndicator(
    id: string,
    goalId: string,
    overrides: Body = {},
    headers: Record<string, string> = {},
  ): Promise<WriteResult> {
    return this.write(
      'POST',
      `/initiatives/${id}/goals/${goalId}/indicators`,
      build.indicator(overrides),
      201,
      headers,
    );
  }

  recordMeasurement(
    id: string,
    indicatorId: string,
    overrides: Body = {},
    headers: Record<string, string> = {},
  ): Promise<WriteResult> {
    return this.write(
      'POST',
      `/initiatives/${id}/indicators/${indicatorId}/measurements`,
      build.measurement(overrides),
      201,
      headers,
    );
  }

  planMilestone(id: string, overrides: Body = {}, headers: Record<string, string> = {}): Promise<WriteResult> {
    return this.write('POST', `/initiatives/${id}/milestones`, build.milestone(overrides), 201, headers);
  }

  achieveMilestone(
    id: string,
    milestoneId: string,
    overrides: Body = {},
    headers: Record<string, string> = {},
  ): Promise<WriteResult> {
    return this.write(
      'POST',
      `/initiatives/${id}/milestones/${milestoneId}/achieve`,
      build.achieve(overrides),
      200,
      headers,
    );
  }

  decide(id: string, overrides: Body = {}, headers: Record<string, string> = {}): Promise<WriteResult> {
    return this.write('POST', `/initiatives/${id}/decisions`, build.decision(overrides), 201, headers);
  }

  registerBenefit(id: string, overrides: Body = {}, headers: Record<string, string> = {}): Promise<WriteResult> {
    return this.write('POST', `/initiatives/${id}/benefits`, build.benefit(overrides), 201, headers);
  }

  recordRealisation(
    id: string,
    benefitId: string,
    overrides: Body = {},
    headers: Record<string, string> = {},
  ): Promise<WriteResult> {
    return this.write(
      'POST',
      `/initiatives/${id}/benefits/${benefitId}/realisations`,
      build.realisation(overrides),
      201,
      headers,
    );
  }
}
