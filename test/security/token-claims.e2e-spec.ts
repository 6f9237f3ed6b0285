import { issueToken } from '@followup/platform';
import { startApi, TEST_SECRET, type ApiHarness } from '../support/api-harness';
import { expectStatus } from '../support/initiatives-client';

describe('token claims are checked before use', () => {
  let api: ApiHarness;

  beforeAll(async () => {
    api = await startApi();
  });
  afterAll(() => api.dispose());

  const asked = async (claims: { sub: string; name?: string; expiresIn?: string }) =>
    api.http
      .get('/initiatives')
      .set('Authorization', `Bearer ${await issueToken(TEST_SECRET, { roles: ['caseworker'], ...claims })}`);

  it.each([
    ['a control character in sub', { sub: 'alice\r\nX-Admin: yes' }, /sub claim contains control characters/],
    ['a 5000-character name', { sub: 'alice', name: 'x'.repeat(5000) }, /name claim is longer than 200/],
    ['a lifetime above the maximum', { sub: 'alice', expiresIn: '30d' }, /lifetime exceeds the maximum/],
  ])('refuses %s with 401', async (_label, claims, message) => {
    api.clock.set(new Date());
    const res = await expectStatus(asked(claims), 401);
    expect(res.body.message).toMatch(message);
  });

  it('accepts ordinary claims', async () => {
    api.clock.set(new Date());
    await expectStatus(asked({ sub: 'alice', name: 'Alice Berg', expiresIn: '1h' }), 200);
  });
});
