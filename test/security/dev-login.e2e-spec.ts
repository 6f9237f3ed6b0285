import { startApi, type ApiHarness } from '../support/api-harness';

/** The web console's development sign-in: on by default on the embedded default, off when configured so. */
describe('POST /auth/dev-login', () => {
  describe('when AUTH_DEV_LOGIN is on (the embedded default)', () => {
    let api: ApiHarness;
    beforeAll(async () => {
      api = await startApi();
    });
    afterAll(() => api.dispose());

    it('issues a token the API accepts, carrying the name, roles and units asked for', async () => {
      const res = await api.http
        .post('/auth/dev-login')
        .send({ name: 'Kari Nordmann', roles: ['caseworker', 'leader'], units: ['Plan'] })
        .expect(200);
      expect(res.body).toMatchObject({ sub: 'kari-nordmann', token: expect.any(String) });
      const claims = JSON.parse(Buffer.from(res.body.token.split('.')[1], 'base64url').toString('utf8'));
      expect(claims).toMatchObject({ sub: 'kari-nordmann', name: 'Kari Nordmann', roles: ['caseworker', 'leader'] });
      expect(claims.units).toEqual(['Plan']);
      expect(claims.exp - claims.iat).toBeLessThanOrEqual(2 * 60 * 60);
      await api.http.get('/initiatives').set('Authorization', `Bearer ${res.body.token}`).expect(200);
    });

    it('refuses unknown roles and a missing name at their fields', async () => {
      const res = await api.http
        .post('/auth/dev-login')
        .send({ roles: ['superuser'] })
        .expect(400);
      const fields = (res.body.details as { field: string }[]).map((d) => d.field);
      expect(fields).toEqual(expect.arrayContaining(['name', 'roles']));
    });
  });

  it('answers 404 when AUTH_DEV_LOGIN is false', async () => {
    const api = await startApi({ env: { AUTH_DEV_LOGIN: 'false' } });
    try {
      const res = await api.http
        .post('/auth/dev-login')
        .send({ name: 'Kari', roles: ['admin'] })
        .expect(404);
      expect(res.body.code).toBe('DevLoginDisabled');
    } finally {
      await api.dispose();
    }
  });
});
