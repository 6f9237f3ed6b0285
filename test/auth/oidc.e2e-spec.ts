import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { startApi, type ApiHarness } from '../support/api-harness';

/*
 * Production sign-in: the console signs a user in at an OpenID Connect provider (authorization code + PKCE)
 * and calls the API with the access token; the API finds the provider's keys by discovery (AUTH_OIDC_ISSUER).
 * The provider (oidc-provider) and the client (openid-client) are ES modules, so they run in a child process.
 */
jest.setTimeout(60_000);

interface SignedIn {
  readonly issuer: string;
  readonly clientId: string;
  readonly accessToken: string;
}

async function signInAtLocalProvider(): Promise<{ child: ChildProcessWithoutNullStreams; signedIn: SignedIn }> {
  const child = spawn(process.execPath, ['--no-warnings', join(__dirname, 'support', 'oidc-flow.mjs')]);
  let errors = '';
  child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
  const lines = createInterface({ input: child.stdout });
  const signedIn = await new Promise<SignedIn>((resolve, reject) => {
    lines.on('line', (line) => {
      if (line.startsWith('{')) resolve(JSON.parse(line) as SignedIn);
    });
    child.on('exit', (code) => reject(new Error(`the OpenID provider stopped (${code}): ${errors}`)));
  });
  return { child, signedIn };
}

describe('OpenID Connect sign-in (local provider, authorization code + PKCE)', () => {
  let provider: ChildProcessWithoutNullStreams;
  let signedIn: SignedIn;
  let api: ApiHarness;

  beforeAll(async () => {
    ({ child: provider, signedIn } = await signInAtLocalProvider());
    api = await startApi({
      now: new Date().toISOString(),
      env: {
        AUTH_JWT_SECRET: '',
        AUTH_OIDC_ISSUER: signedIn.issuer,
        AUTH_OIDC_CLIENT_ID: signedIn.clientId,
        AUTH_AUDIENCE: 'urn:followup:api',
      },
    });
  });
  afterAll(async () => {
    await api?.dispose();
    provider?.stdin.end();
  });

  it('tells the console where to sign in, without a token', async () => {
    const response = await api.http.get('/auth/config');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ issuer: signedIn.issuer, clientId: 'followup-console' });
  });

  it('accepts the access token the provider issued, with its subject, name and roles', async () => {
    const bearer = `Bearer ${signedIn.accessToken}`;
    expect((await api.http.get('/initiatives').set('authorization', bearer)).status).toBe(200);
    const created = await api.http
      .post('/initiatives')
      .set('authorization', bearer)
      .send({ kind: 'focusArea', title: 'Grøn omstilling', ownerUnit: 'Klima', responsible: 'Lena Leiar' });
    expect(created.status).toBe(201);
    const history = await api.http.get(`/initiatives/${created.body.id}`).set('authorization', bearer);
    expect(history.status).toBe(200);
    // Leader and caseworker, not auditor: the audit history stays closed.
    const audit = await api.http.get(`/audit/initiatives/${created.body.id}/history`).set('authorization', bearer);
    expect(audit.status).toBe(403);
  });

  it('refuses a token the provider did not sign, and one for another audience', async () => {
    const [header, payload] = signedIn.accessToken.split('.');
    const forged = `${header}.${payload}.${Buffer.from('not the signature').toString('base64url')}`;
    expect((await api.http.get('/initiatives').set('authorization', `Bearer ${forged}`)).status).toBe(401);

    const strict = await startApi({
      now: new Date().toISOString(),
      env: { AUTH_JWT_SECRET: '', AUTH_OIDC_ISSUER: signedIn.issuer, AUTH_AUDIENCE: 'another-api' },
    });
    try {
      const response = await strict.http.get('/initiatives').set('authorization', `Bearer ${signedIn.accessToken}`);
      expect(response.status).toBe(401);
    } finally {
      await strict.dispose();
    }
  });
});
