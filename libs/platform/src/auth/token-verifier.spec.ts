import { SignJWT, type JWTPayload } from 'jose';
import { InvalidTokenError, issueToken, TokenVerifier, type TokenPolicy } from './token-verifier';

const SECRET = 'unit-test-secret-with-enough-entropy-0123456789';
const NOW_S = 1_740_000_000;
const POLICY: TokenPolicy = {
  authAudience: 'followup-api',
  authIssuer: 'https://idp.example.org',
  authClockSkewSeconds: 30,
  authMaxTokenLifetimeSeconds: 86_400,
};

const verifier = (policy: Partial<TokenPolicy> = {}) =>
  new TokenVerifier({ secret: SECRET, now: () => NOW_S * 1000, policy: { ...POLICY, ...policy } });

/** A token with exactly these claims (defaults: valid for POLICY, issued now, one hour). */
function sign(claims: JWTPayload & { name?: unknown }): Promise<string> {
  const payload: JWTPayload = {
    sub: 'alice',
    roles: ['caseworker'],
    aud: POLICY.authAudience!,
    iss: POLICY.authIssuer!,
    iat: NOW_S,
    exp: NOW_S + 3600,
    ...claims,
  };
  for (const [k, v] of Object.entries(payload)) if (v === undefined) delete payload[k];
  return new SignJWT(payload).setProtectedHeader({ alg: 'HS256' }).sign(new TextEncoder().encode(SECRET));
}

const refusal = async (token: string, policy: Partial<TokenPolicy> = {}): Promise<string> => {
  const error = await verifier(policy)
    .verify(token)
    .then(
      () => null,
      (e: unknown) => e,
    );
  expect(error).toBeInstanceOf(InvalidTokenError);
  return (error as Error).message;
};

describe('TokenVerifier', () => {
  it('accepts a valid token and reads sub, name and roles', async () => {
    await expect(verifier().verify(await sign({ name: 'Alice Berg' }))).resolves.toEqual({
      sub: 'alice',
      name: 'Alice Berg',
      roles: ['caseworker'],
    });
  });

  it('refuses a token for another audience or from another issuer', async () => {
    expect(await refusal(await sign({ aud: 'another-api' }))).toMatch(/aud/);
    expect(await refusal(await sign({ aud: undefined }))).toMatch(/aud/);
    expect(await refusal(await sign({ iss: 'https://evil.example.org' }))).toMatch(/iss/);
  });

  it('checks audience and issuer only when they are set', async () => {
    const token = await sign({ aud: undefined, iss: undefined });
    await expect(verifier({ authAudience: null, authIssuer: null }).verify(token)).resolves.toMatchObject({
      sub: 'alice',
    });
  });

  it('refuses a token without exp', async () => {
    expect(await refusal(await sign({ exp: undefined }))).toMatch(/exp/);
  });

  it('refuses a token that lives longer than the maximum lifetime', async () => {
    expect(await refusal(await sign({ exp: NOW_S + 86_401 }))).toMatch(/lifetime/);
    expect(await refusal(await sign({ iat: undefined, exp: NOW_S + 90_000 }))).toMatch(/lifetime/);
    await expect(verifier().verify(await sign({ exp: NOW_S + 86_400 }))).resolves.toBeDefined();
    expect(await refusal(await sign({ exp: NOW_S + 7200 }), { authMaxTokenLifetimeSeconds: 3600 })).toMatch(/lifetime/);
  });

  it('tolerates the configured clock skew, and no more', async () => {
    await expect(verifier().verify(await sign({ iat: NOW_S - 3620, exp: NOW_S - 20 }))).resolves.toBeDefined();
    expect(await refusal(await sign({ iat: NOW_S - 3640, exp: NOW_S - 40 }))).toMatch(/exp/);
    await expect(verifier().verify(await sign({ nbf: NOW_S + 20 }))).resolves.toBeDefined();
    expect(await refusal(await sign({ nbf: NOW_S + 40 }))).toMatch(/nbf/);
    expect(await refusal(await sign({ iat: NOW_S - 3610, exp: NOW_S - 10 }), { authClockSkewSeconds: 0 })).toMatch(
      /exp/,
    );
  });

  it('refuses control characters and malformed text in sub and name', async () => {
    expect(await refusal(await sign({ sub: 'alice\nadmin' }))).toMatch(/sub claim contains control characters/);
    expect(await refusal(await sign({ sub: 'alice\u0000' }))).toMatch(/sub/);
    expect(await refusal(await sign({ name: 'Alice\u001b[31m' }))).toMatch(/name claim/);
    expect(await refusal(await sign({ name: 'Alice \ud800' }))).toMatch(/name claim/);
  });

  it('refuses a 5000-character name or a 201-character sub', async () => {
    expect(await refusal(await sign({ name: 'x'.repeat(5000) }))).toMatch(/name claim is longer than 200/);
    expect(await refusal(await sign({ sub: 'x'.repeat(201) }))).toMatch(/sub claim is longer than 200/);
    expect(await refusal(await sign({ name: 42 }))).toMatch(/name claim must be a string/);
  });

  it('issues tokens with exp, audience, issuer and units', async () => {
    const token = await issueToken(SECRET, {
      sub: 'bob',
      roles: ['leader'],
      audience: POLICY.authAudience!,
      issuer: POLICY.authIssuer!,
      units: ['unit-a', 'unit-b'],
      expiresIn: '1h',
    });
    const payload = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as JWTPayload;
    expect(payload).toMatchObject({ aud: 'followup-api', iss: 'https://idp.example.org', units: ['unit-a', 'unit-b'] });
    expect(payload.exp! - payload.iat!).toBe(3600);
    const real = new TokenVerifier({ secret: SECRET, policy: POLICY });
    await expect(real.verify(token)).resolves.toMatchObject({ sub: 'bob', roles: ['leader'] });
  });
});
