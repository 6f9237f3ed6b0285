/**
 * Prints a bearer token the locally configured server accepts:
 *   npm run token -- --sub alice --roles caseworker [--name "Alice Berg"] [--expires 8h]
 *     [--aud followup-api] [--iss https://idp.example.org] [--units unit-a,unit-b]
 * Uses AUTH_JWT_SECRET, or on the embedded default the secret generated in DATA_DIR; the
 * audience and issuer default to AUTH_AUDIENCE and AUTH_ISSUER, else to the values docker-compose.yml
 * sets for the api service (a server that checks neither ignores them).
 */
import { parseArgs } from 'node:util';
import { issueToken, listSetting, loadConfig, resolveJwtSecret, ROLES } from '@followup/platform';

/** AUTH_AUDIENCE and AUTH_ISSUER of the api service in docker-compose.yml. */
const COMPOSE_AUDIENCE = 'followup-api';
const COMPOSE_ISSUER = 'followup-local';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      sub: { type: 'string' },
      roles: { type: 'string' },
      name: { type: 'string' },
      expires: { type: 'string', default: '8h' },
      aud: { type: 'string' },
      iss: { type: 'string' },
      units: { type: 'string' },
    },
    strict: true,
  });
  if (!values.sub || !values.roles) {
    throw new Error(
      'usage: npm run token -- --sub <id> --roles <r1,r2> [--name "Full Name"] [--expires 8h] ' +
        '[--aud <audience>] [--iss <issuer>] [--units <u1,u2>]',
    );
  }
  const roles = values.roles
    .split(',')
    .map((r) => r.trim())
    .filter(Boolean);
  const unknown = roles.filter((r) => !(ROLES as readonly string[]).includes(r));
  if (unknown.length) throw new Error(`unknown role(s): ${unknown.join(', ')}; roles are ${ROLES.join(', ')}`);
  const config = loadConfig();
  const secret = resolveJwtSecret(config);
  const audience = values.aud ?? config.security.authAudience ?? COMPOSE_AUDIENCE;
  const issuer = values.iss ?? config.security.authIssuer ?? COMPOSE_ISSUER;
  if (!secret)
    throw new Error('the server verifies tokens with AUTH_JWKS_URL; get a token from that identity provider');
  process.stdout.write(
    (await issueToken(secret, {
      sub: values.sub,
      roles,
      expiresIn: values.expires!,
      ...(values.name ? { name: values.name } : {}),
      ...(audience ? { audience } : {}),
      ...(issuer ? { issuer } : {}),
      ...(values.units !== undefined ? { units: listSetting(values.units) } : {}),
    })) + '\n',
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
