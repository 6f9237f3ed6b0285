/*
 * A local OpenID Connect provider (oidc-provider) and a console-like client (openid-client) signing a
 * user in with the authorization code flow and PKCE. Prints one JSON line { issuer, clientId, accessToken }
 * and keeps the provider running (the API fetches its keys) until stdin closes.
 * Run as a child process: both packages are ES modules.
 */
import { createServer } from 'node:http';
import { exportJWK, generateKeyPair } from 'jose';
import Provider from 'oidc-provider';
import * as client from 'openid-client';

const CLIENT_ID = 'followup-console';
const AUDIENCE = 'urn:followup:api';
const ACCOUNT = { sub: 'lena', name: 'Lena Leiar', roles: ['leader', 'caseworker'] };

async function startProvider() {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${server.address().port}`;
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: CLIENT_ID,
        token_endpoint_auth_method: 'none',
        redirect_uris: [`${issuer}/callback`],
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
    ],
    jwks: { keys: [{ ...(await exportJWK(privateKey)), alg: 'RS256', use: 'sig', kid: 'test-key' }] },
    cookies: { keys: ['a-cookie-key-for-the-test-provider'] },
    features: {
      devInteractions: { enabled: false },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => AUDIENCE,
        useGrantedResource: () => true,
        getResourceServerInfo: () => ({
          scope: 'api',
          audience: AUDIENCE,
          accessTokenFormat: 'jwt',
          accessTokenTTL: 600,
        }),
      },
    },
    findAccount: (_ctx, id) => ({ accountId: id, claims: () => ({ sub: id, name: ACCOUNT.name }) }),
    extraTokenClaims: () => ({ name: ACCOUNT.name, roles: ACCOUNT.roles }),
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
  });
  // The user signs in at once: login and consent to everything asked.
  provider.use(async (ctx, next) => {
    if (!ctx.path.startsWith('/interaction/')) return next();
    const { params } = await provider.interactionDetails(ctx.req, ctx.res);
    const grant = new provider.Grant({ accountId: ACCOUNT.sub, clientId: params.client_id });
    grant.addOIDCScope('openid');
    grant.addResourceScope(AUDIENCE, 'api');
    const grantId = await grant.save();
    ctx.redirect(
      await provider.interactionResult(ctx.req, ctx.res, { login: { accountId: ACCOUNT.sub }, consent: { grantId } }),
    );
  });
  server.on('request', provider.callback());
  return { issuer, server };
}

/** Follows the browser's redirects (with its cookies) until the provider sends it back to the console. */
async function signIn(authorizationUrl, redirectUri) {
  const cookies = new Map();
  let url = authorizationUrl.href;
  for (let hop = 0; hop < 10; hop++) {
    if (url.startsWith(redirectUri)) return new URL(url);
    const response = await fetch(url, {
      redirect: 'manual',
      headers: { cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const at = pair.indexOf('=');
      cookies.set(pair.slice(0, at), pair.slice(at + 1));
    }
    const location = response.headers.get('location');
    if (!location) throw new Error(`sign-in stopped at ${url} with ${response.status}: ${await response.text()}`);
    url = new URL(location, url).href;
  }
  throw new Error('too many redirects');
}

const { issuer, server } = await startProvider();
const config = await client.discovery(new URL(issuer), CLIENT_ID, undefined, client.None(), {
  execute: [client.allowInsecureRequests],
});
const redirectUri = `${issuer}/callback`;
const verifier = client.randomPKCECodeVerifier();
const state = client.randomState();
const authorizationUrl = client.buildAuthorizationUrl(config, {
  redirect_uri: redirectUri,
  scope: 'openid api',
  resource: AUDIENCE,
  code_challenge: await client.calculatePKCECodeChallenge(verifier),
  code_challenge_method: 'S256',
  state,
});
const callback = await signIn(authorizationUrl, redirectUri);
const tokens = await client.authorizationCodeGrant(config, callback, {
  pkceCodeVerifier: verifier,
  expectedState: state,
});
process.stdout.write(JSON.stringify({ issuer, clientId: CLIENT_ID, accessToken: tokens.access_token }) + '\n');
process.stdin.resume();
process.stdin.on('end', () => server.close(() => process.exit(0)));
