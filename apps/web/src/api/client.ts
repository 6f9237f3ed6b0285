import createClient, { type Middleware } from 'openapi-fetch';
import { currentSession, signOut } from '../auth/session';
import { currentLanguage } from '../i18n/language';
import type { paths } from './schema';

/** One entry of the error body's `details`: the field it concerns and what is wrong. */
export interface FieldProblem {
  readonly field: string;
  readonly message: string;
}

/** An answer other than 2xx, with the API's error body. */
export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly code: string | undefined,
    readonly details: readonly FieldProblem[],
  ) {
    super(message);
  }

  static from(status: number, body: unknown): ApiProblem {
    const b = (body ?? {}) as { message?: unknown; code?: unknown; details?: unknown };
    const details = Array.isArray(b.details)
      ? b.details.filter((d): d is FieldProblem => typeof d?.field === 'string' && typeof d?.message === 'string')
      : [];
    return new ApiProblem(
      status,
      typeof b.message === 'string' ? b.message : `HTTP ${status}`,
      typeof b.code === 'string' ? b.code : undefined,
      details,
    );
  }

  get isConflict(): boolean {
    return this.status === 412 || (this.status === 409 && this.code === 'VersionConflict');
  }
}

function headersFor(init?: HeadersInit, method = 'GET'): Headers {
  const headers = new Headers(init);
  const session = currentSession();
  if (session && !headers.has('Authorization')) headers.set('Authorization', `Bearer ${session.token}`);
  if (!headers.has('Accept-Language')) headers.set('Accept-Language', currentLanguage());
  // A fresh key per intended change: a retry of the same request is then recorded once.
  if (method !== 'GET' && method !== 'HEAD' && !headers.has('Idempotency-Key')) {
    headers.set('Idempotency-Key', crypto.randomUUID());
  }
  return headers;
}

const authentication: Middleware = {
  onRequest({ request }) {
    const headers = headersFor(request.headers, request.method);
    headers.forEach((value, name) => request.headers.set(name, value));
    return request;
  },
  onResponse({ response }) {
    if (response.status === 401 && currentSession()) signOut();
    return response;
  },
};

export const api = createClient<paths>({ baseUrl: '' });
api.use(authentication);

/** The data of an openapi-fetch answer, or an ApiProblem. */
export async function must<T>(
  answer: Promise<{ data?: T; error?: unknown; response: Response }>,
): Promise<{ data: T; etag: number | null }> {
  const { data, error, response } = await answer;
  if (!response.ok) throw ApiProblem.from(response.status, error);
  return { data: data as T, etag: versionOf(response) };
}

export const versionOf = (response: Response): number | null => {
  const match = /(\d+)/.exec(response.headers.get('ETag') ?? '');
  return match ? Number(match[1]) : null;
};

/** `If-Match` for a write based on what the page loaded. */
export const ifMatch = (version: number) => ({ 'If-Match': `"${version}"` });

/** Requests the typed client does not describe (yet): same headers, same session handling. */
export async function apiFetch(path: string, init: RequestInit = {}): Promise<Response> {
  const response = await fetch(path, { ...init, headers: headersFor(init.headers, init.method ?? 'GET') });
  if (response.status === 401 && currentSession()) signOut();
  return response;
}

export async function apiJson<T>(path: string, init: RequestInit = {}): Promise<T> {
  const response = await apiFetch(path, init);
  const body = response.status === 204 ? undefined : await response.json().catch(() => undefined);
  if (!response.ok) throw ApiProblem.from(response.status, body);
  return body as T;
}
