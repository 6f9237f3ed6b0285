/**
 * Loads a realistic county portfolio into the running service: `npm run demo`.
 * API_URL (default http://localhost:3000); TOKEN, or a token signed the way `npm run token` does
 * (AUTH_JWT_SECRET, or the secret generated in DATA_DIR). A rerun the same month records nothing new.
 */
import { issueToken, loadConfig, resolveJwtSecret } from '@followup/platform';
import { runDemoLoad } from './run-demo';

const COMPOSE_AUDIENCE = 'followup-api';
const COMPOSE_ISSUER = 'followup-local';

async function demoToken(): Promise<string> {
  if (process.env.TOKEN) return process.env.TOKEN;
  const config = loadConfig();
  const secret = resolveJwtSecret(config);
  if (!secret) throw new Error('the server verifies tokens with AUTH_JWKS_URL; set TOKEN to a token with role admin');
  return issueToken(secret, {
    sub: 'demo-loader',
    name: 'Demodata',
    roles: ['admin'],
    expiresIn: '1h',
    audience: config.security.authAudience ?? COMPOSE_AUDIENCE,
    issuer: config.security.authIssuer ?? COMPOSE_ISSUER,
  });
}

async function main(): Promise<void> {
  await runDemoLoad(process.env.API_URL ?? 'http://localhost:3000', await demoToken(), (line) => console.log(line));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
