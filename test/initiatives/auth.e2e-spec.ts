import { issueToken } from '@followup/platform';
import { startApi, TEST_SECRET, type ApiHarness } from '../support/api-harness';
import { build, expectStatus, InitiativesClient, NOW } from '../support/initiatives-client';

/** Who may call what: bearer tokens, roles, and the endpoints that need none. */
describe('authentication and roles', () => {
  let api: ApiHarness;
  let caseworker: InitiativesClient;
  let initiativeId: string;
  let goalId: string;

  const count = async () =>
    (await expectStatus(caseworker.get('/initiatives?limit=200'), 200)).body.items.length as number;

  beforeAll(async () => {
    api = await startApi();
    caseworker = await InitiativesClient.as(api, ['caseworker']);
    initiativeId = await caseworker.activeInitiative();
    goalId = await caseworker.defineGoal(initiativeId);
  });
  afterEach(() => api.clock.set(NOW));
  afterAll(() => api.dispose());

  describe('401 without a valid token', () => {
    const requests = () => [
      api.http.get('/initiatives'),
      api.http.get(`/initiatives/${initiativeId}`),
      api.http.post('/initiatives').send(build.initiative()),
      api.http.post(`/initiatives/${initiativeId}/goals`).send(build.goal()),
      api.http.patch(`/initiatives/${initiativeId}/goals/${goalId}`).send(build.reviseGoal()),
    ];

    it('refuses requests without an Authorization header, with a Bearer challenge', async () => {
      for (const request of requests()) {
        const res = await expectStatus(request, 401);
        expect(res.body).toMatchObject({
          statusCode: 401,
          error: 'Unauthorized',
          message: expect.stringMatching(/bearer token/i),
        });
        expect(res.headers['www-authenticate']).toBe('Bearer');
      }
    });

    it.each([
      ['a garbage token', 'Bearer not-a-jwt'],
      ['another scheme', 'Basic YWxpY2U6c2VjcmV0'],
      ['an empty bearer', 'Bearer '],
      ['a token signed with another key', 'OTHER'],
      ['an unsigned token', 'NONE'],
    ])('refuses %s', async (_label, header) => {
      let authorization = header;
      if (header === 'OTHER') {
        authorization = `Bearer ${await issueToken('some-other-secret-of-sufficient-length-0123456789', { sub: 'mallory', roles: ['admin'] })}`;
      } else if (header === 'NONE') {
        const [, payload] = (await api.token(['admin'])).split('.');
        authorization = `Bearer ${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${payload}.`;
      }
      const before = await count();
      for (const request of requests()) {
        const res = await expectStatus(request.set('Authorization', authorization), 401);
        expect(res.body).toMatchObject({ statusCode: 401, error: 'Unauthorized' });
      }
      expect(await count()).toBe(before);
    });

    it('refuses an expired token (the server clock decides)', async () => {
      const expired = await issueToken(TEST_SECRET, {
        sub: 'alice',
        roles: ['caseworker'],
        name: 'Alice Berg',
        expiresIn: '-1h',
      });
      const fresh = await issueToken(TEST_SECRET, {
        sub: 'alice',
        roles: ['caseworker'],
        name: 'Alice Berg',
        expiresIn: '1h',
      });
      api.clock.set(new Date());
      const res = await expectStatus(
        api.http.get(`/initiatives/${initiativeId}`).set('Authorization', `Bearer ${expired}`),
        401,
      );
      expect(res.body.message).toMatch(/invalid token/i);
      expect(res.body.message).toMatch(/exp/);
      await expectStatus(api.http.get(`/initiatives/${initiativeId}`).set('Authorization', `Bearer ${fresh}`), 200);
    });

    it('reads a numeric expiresIn as a lifetime in seconds', async () => {
      const hour = await issueToken(TEST_SECRET, { sub: 'alice', roles: ['caseworker'], expiresIn: 3600 });
      const past = await issueToken(TEST_SECRET, { sub: 'alice', roles: ['caseworker'], expiresIn: -60 });
      api.clock.set(new Date());
      await expectStatus(api.http.get(`/initiatives/${initiativeId}`).set('Authorization', `Bearer ${hour}`), 200);
      await expectStatus(api.http.get(`/initiatives/${initiativeId}`).set('Authorization', `Bearer ${past}`), 401);
    });

    it('refuses a token that was valid once the clock passes its expiry, even after it was used', async () => {
      const token = await issueToken(TEST_SECRET, { sub: 'alice', roles: ['caseworker'], expiresIn: '1h' });
      await expectStatus(api.http.get(`/initiatives/${initiativeId}`).set('Authorization', `Bearer ${token}`), 200);
      api.clock.set(new Date(Date.now() + 2 * 3600_000));
      await expectStatus(api.http.get(`/initiatives/${initiativeId}`).set('Authorization', `Bearer ${token}`), 401);
      await expectStatus(
        api.http.post(`/initiatives/${initiativeId}/goals`).set('Authorization', `Bearer ${token}`).send(build.goal()),
        401,
      );
    });
  });

  describe('roles', () => {
    it.each([['auditor'], ['leader']])('refuses writes by a %s with 403 and stores nothing', async (role) => {
      const client = await InitiativesClient.as(api, [role], `${role}-1`);
      const before = await caseworker.status(initiativeId);
      const initiatives = await count();
      const writes = [
        client.post('/initiatives', build.initiative()),
        client.post(`/initiatives/${initiativeId}/goals`, build.goal()),
        client.patch(`/initiatives/${initiativeId}/goals/${goalId}`, build.reviseGoal()),
        client.post(`/initiatives/${initiativeId}/decisions`, build.decision()),
        client.post(`/initiatives/${initiativeId}/close`, build.close([goalId])),
      ];
      for (const write of writes) {
        const res = await expectStatus(write, 403);
        expect(res.body).toMatchObject({
          statusCode: 403,
          error: 'Forbidden',
          message: expect.stringContaining('caseworker'),
        });
      }
      expect(await caseworker.status(initiativeId)).toEqual(before);
      expect(await count()).toBe(initiatives);
    });

    it.each([['leader'], ['auditor'], ['caseworker'], ['admin']])(
      'lets a %s read the status and the list',
      async (role) => {
        const client = await InitiativesClient.as(api, [role], `${role}-2`);
        const one = await expectStatus(client.get(`/initiatives/${initiativeId}`), 200);
        expect(one.body).toMatchObject({ id: initiativeId, status: 'active' });
        const list = await expectStatus(client.get('/initiatives'), 200);
        expect(list.body.items.map((i: { id: string }) => i.id)).toContain(initiativeId);
      },
    );

    it('lets an admin write', async () => {
      const admin = await InitiativesClient.as(api, ['admin'], 'admin-1');
      const id = await admin.register({ title: 'Set up by an admin' });
      expect(await caseworker.status(id)).toMatchObject({ title: 'Set up by an admin', status: 'planned' });
    });

    it('lets a user with several roles write when one of them allows it', async () => {
      const both = await InitiativesClient.as(api, ['leader', 'caseworker'], 'both-1');
      await both.defineGoal(initiativeId, { statement: 'Written by a leader who is also a caseworker' });
    });

    it('refuses a token without any known role with 403, for reads too', async () => {
      const nobody = await InitiativesClient.as(api, ['janitor'], 'nobody-1');
      await expectStatus(nobody.get(`/initiatives/${initiativeId}`), 403);
      await expectStatus(nobody.post('/initiatives', build.initiative()), 403);
    });
  });

  describe('public endpoints', () => {
    it('GET /health answers without a token', async () => {
      const res = await expectStatus(api.http.get('/health'), 200);
      expect(res.body).toMatchObject({
        status: 'ok',
        info: { eventStore: { status: 'up' }, readModels: { status: 'up' }, broker: { status: 'up' } },
      });
    });

    it('GET /health/live answers without a token and checks nothing behind the process', async () => {
      const res = await expectStatus(api.http.get('/health/live'), 200);
      expect(res.body).toEqual({ status: 'ok' });
    });

    it('GET /health/ready says which dependency answers, without a token', async () => {
      const res = await expectStatus(api.http.get('/health/ready'), 200);
      expect(res.body).toEqual({ status: 'ok', checks: { eventStore: 'up', readModel: 'up', bus: 'up' } });
    });

    it('GET /metrics answers Prometheus text without a token', async () => {
      const res = await expectStatus(api.http.get('/metrics'), 200);
      expect(res.headers['content-type']).toMatch(/^text\/plain/);
      expect(res.text).toMatch(/^followup_event_store_head_position \d+$/m);
      expect(res.text).toContain('followup_outbox_pending_commits');
    });

    it('GET /docs-json answers without a token and lists every command path', async () => {
      const res = await expectStatus(api.http.get('/docs-json'), 200);
      const paths = res.body.paths as Record<string, Record<string, unknown>>;
      const commands: Array<[string, string]> = [
        ['post', '/initiatives'],
        ['post', '/initiatives/{id}/activate'],
        ['post', '/initiatives/{id}/goals'],
        ['patch', '/initiatives/{id}/goals/{goalId}'],
        ['post', '/initiatives/{id}/goals/{goalId}/indicators'],
        ['post', '/initiatives/{id}/indicators/{indicatorId}/measurements'],
        ['post', '/initiatives/{id}/milestones'],
        ['post', '/initiatives/{id}/milestones/{milestoneId}/achieve'],
        ['post', '/initiatives/{id}/milestones/{milestoneId}/reschedule'],
        ['post', '/initiatives/{id}/milestones/{milestoneId}/miss'],
        ['post', '/initiatives/{id}/milestones/{milestoneId}/cancel'],
        ['post', '/initiatives/{id}/decisions'],
        ['post', '/initiatives/{id}/course-corrections'],
        ['post', '/initiatives/{id}/benefits'],
        ['post', '/initiatives/{id}/benefits/{benefitId}/realisations'],
        ['post', '/initiatives/{id}/close'],
        ['get', '/initiatives'],
        ['get', '/initiatives/{id}'],
      ];
      for (const [method, path] of commands) {
        expect({ path, method, documented: Boolean(paths[path]?.[method]) }).toEqual({
          path,
          method,
          documented: true,
        });
      }
      expect(res.body.components.securitySchemes).toMatchObject({ bearer: { type: 'http', scheme: 'bearer' } });
    });
  });
});
