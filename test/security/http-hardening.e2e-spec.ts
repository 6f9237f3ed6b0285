import { startApi, type ApiHarness } from '../support/api-harness';
import { expectStatus, InitiativesClient } from '../support/initiatives-client';

describe('HTTP hardening', () => {
  let api: ApiHarness;

  beforeAll(async () => {
    api = await startApi({ env: { RATE_LIMIT_PER_MINUTE: '5' } });
  });
  afterAll(() => api.dispose());

  it('sends security headers and a CSP the API docs can live with', async () => {
    const docs = await api.http.get('/docs/');
    expect(docs.status).toBe(200);
    const csp = docs.headers['content-security-policy'] as string;
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self' 'unsafe-inline'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(docs.headers['x-content-type-options']).toBe('nosniff');
    expect(docs.headers['x-frame-options']).toBe('DENY');
    expect(docs.headers['strict-transport-security']).toMatch(/^max-age=\d+/);
    expect(docs.headers['referrer-policy']).toBe('no-referrer');
    expect(docs.headers['cross-origin-opener-policy']).toBe('same-origin');
  });

  it('sends the same security headers on every answer, errors and unknown paths included', async () => {
    const docs = await api.http.get('/docs/');
    const names = ['content-security-policy', 'strict-transport-security', 'x-frame-options', 'x-content-type-options'];
    for (const answer of [await api.http.get('/initiatives'), await api.http.get('/no-such-path')]) {
      expect([401, 404]).toContain(answer.status);
      for (const name of names) expect(answer.headers[name]).toBe(docs.headers[name]);
    }
  });

  it('marks authenticated answers as not cacheable', async () => {
    const client = await InitiativesClient.as(api, ['caseworker'], 'cache-checker');
    const res = await expectStatus(client.get('/initiatives'), 200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });

  it('answers a wrong method on a known path with 405 and Allow', async () => {
    const client = await InitiativesClient.as(api, ['caseworker'], 'method-checker');
    const res = await expectStatus(client.api.http.delete('/initiatives'), 405);
    expect(res.headers['allow']).toBe('GET, HEAD, POST');
    expect(res.body).toMatchObject({ statusCode: 405, error: 'Method Not Allowed', code: 'MethodNotAllowed' });
    const one = await expectStatus(api.http.put('/initiatives/abc'), 405);
    expect(one.headers['allow']).toContain('GET');
    await expectStatus(api.http.get('/no-such-path'), 404);
  });

  it('limits requests per token subject (then per address) with 429 and Retry-After', async () => {
    const alice = await InitiativesClient.as(api, ['caseworker'], 'limited-alice');
    const bob = await InitiativesClient.as(api, ['caseworker'], 'limited-bob');
    for (let i = 0; i < 5; i++) await expectStatus(alice.get('/initiatives'), 200);
    const limited = await expectStatus(alice.get('/initiatives'), 429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.body).toMatchObject({ statusCode: 429, error: 'Too Many Requests', code: 'RateLimited' });
    // Another subject from the same address has its own budget; probes are never limited.
    await expectStatus(bob.get('/initiatives'), 200);
    for (let i = 0; i < 8; i++) await expectStatus(api.http.get('/health/live'), 200);
  });
});
