import { SignJWT } from 'jose';
import { issueToken } from '@followup/platform';
import { startApi, TEST_SECRET, type ApiHarness } from '../support/api-harness';
import { build, expectStatus, InitiativesClient } from '../support/initiatives-client';

const EAST = 'Regional development';
const WEST = 'Culture';

async function clientWith(api: ApiHarness, roles: string[], units?: string[]): Promise<InitiativesClient> {
  const token = await issueToken(TEST_SECRET, {
    sub: `user-${roles.join('-')}`,
    roles,
    expiresIn: '1h',
    ...(units !== undefined ? { units } : {}),
  });
  return new InitiativesClient(api, token);
}

describe('unit scope: caseworkers write only for the units their token names', () => {
  let api: ApiHarness;
  let admin: InitiativesClient;
  let eastOnly: InitiativesClient;
  let eastInitiative: string;
  let westInitiative: string;

  beforeAll(async () => {
    api = await startApi({ env: { AUTH_REQUIRE_UNITS: 'true' } });
    admin = await clientWith(api, ['admin']);
    eastOnly = await clientWith(api, ['caseworker'], [EAST]);
    eastInitiative = await admin.register({ ownerUnit: EAST });
    westInitiative = await admin.register({ ownerUnit: WEST });
  });
  afterAll(() => api.dispose());

  it('registers an initiative for one of the units', async () => {
    await expectStatus(eastOnly.post('/initiatives', build.initiative({ ownerUnit: EAST })), 201);
  });

  it('refuses a registration for another unit with 403 OutsideUnits naming the unit', async () => {
    const res = await expectStatus(eastOnly.post('/initiatives', build.initiative({ ownerUnit: WEST })), 403);
    expect(res.body).toMatchObject({ statusCode: 403, code: 'OutsideUnits' });
    expect(res.body.message).toContain(WEST);
  });

  it("judges other writes by the initiative's current owner unit", async () => {
    await expectStatus(eastOnly.post(`/initiatives/${eastInitiative}/goals`, build.goal()), 201);
    const res = await expectStatus(eastOnly.post(`/initiatives/${westInitiative}/goals`, build.goal()), 403);
    expect(res.body).toMatchObject({ code: 'OutsideUnits' });
    expect(res.body.message).toContain(WEST);
  });

  it('lets admins write everywhere', async () => {
    await expectStatus(admin.post(`/initiatives/${westInitiative}/goals`, build.goal()), 201);
  });

  it('keeps reads open to every role, whatever the units', async () => {
    await expectStatus(eastOnly.get(`/initiatives/${westInitiative}`), 200);
    const leader = await clientWith(api, ['leader'], []);
    await expectStatus(leader.get(`/initiatives/${westInitiative}`), 200);
  });

  it('refuses a caseworker token without the units claim when AUTH_REQUIRE_UNITS is set', async () => {
    const unscoped = await clientWith(api, ['caseworker']);
    const res = await expectStatus(unscoped.post('/initiatives', build.initiative({ ownerUnit: EAST })), 403);
    expect(res.body).toMatchObject({ code: 'UnitsRequired' });
    await expectStatus(unscoped.get('/initiatives'), 200);
  });

  it.each([
    ['a string instead of an array', 'Culture'],
    ['a number in the array', [EAST, 7]],
    ['an empty unit name', ['']],
    ['a 500-character unit name', ['x'.repeat(500)]],
  ])('refuses a token whose units claim is %s with 401', async (_label, units) => {
    // Signed by hand: issueToken only writes well-formed claims.
    const token = await new SignJWT({ roles: ['caseworker'], units })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('odd')
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode(TEST_SECRET));
    const odd = new InitiativesClient(api, token);
    const res = await expectStatus(odd.get('/initiatives'), 401);
    expect(res.body.message).toMatch(/units claim/);
  });
});

describe('unit scope without AUTH_REQUIRE_UNITS', () => {
  let api: ApiHarness;

  beforeAll(async () => {
    api = await startApi();
  });
  afterAll(() => api.dispose());

  it('lets a caseworker token without the claim write anywhere, and still scopes one with it', async () => {
    const unscoped = await clientWith(api, ['caseworker']);
    const id = await unscoped.register({ ownerUnit: WEST });
    const scoped = await clientWith(api, ['caseworker'], [EAST]);
    const res = await expectStatus(scoped.post(`/initiatives/${id}/goals`, build.goal()), 403);
    expect(res.body).toMatchObject({ code: 'OutsideUnits' });
  });
});
