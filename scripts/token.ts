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

const USAGE = [
  'usage: npm run token -- --sub <id> --roles <r1,r2> [options]',
  '',
  'Prints a bearer token this server accepts (signed with AUTH_JWT_SECRET or the embedded secret).',
  '',
  '  --sub <id>          subject: who the token speaks for (required)',
  `  --roles <r1,r2>     comma-separated roles (required): ${ROLES.join(', ')}`,
  '  --name "Full Name"  display name recorded as the actor of commands',
  '  --expires 8h        lifetime (default 8h)',
  '  --aud <audience>    audience (default AUTH_AUDIENCE, else followup-api)',
  '  --iss <issuer>      issuer (default AUTH_ISSUER, else followup-local)',
  '  --units <u1,u2>     units a caseworker may write for',
  '  -h, --help          this text',
].join('\n');

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
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  if (!values.sub || !values.roles) throw new Error(USAGE);
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
  const message = error instanceof Error ? error.message : String(error);
  console.error(/^Unknown option|argument/.test(message) ? `${message} (try --help)` : message);
  process.exit(1);
});
