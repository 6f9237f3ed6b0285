/**
 * Loads a realistic county portfolio into the running service: `npm run demo`.
 * API_URL (default http://localhost:3000); TOKEN, or a token signed the way `npm run token` does
 * (AUTH_JWT_SECRET, or the secret generated in DATA_DIR). A rerun the same month records nothing new.
 */
import { issueToken, loadConfig, resolveJwtSecret } from '@followup/platform';
import { httpTransport } from './demo-client';
import { loadDemoPortfolio } from './load-portfolio';

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
  const apiUrl = process.env.API_URL ?? 'http://localhost:3000';
  console.log(`Lastar demoporteføljen inn i ${apiUrl}`);
  const summary = await loadDemoPortfolio(httpTransport(apiUrl, await demoToken()), {
    log: (line) => console.log(line),
  });
  console.log(
    `Ferdig: ${summary.focusAreas} satsingsområde, ${summary.initiatives} initiativ, ${summary.decisions} vedtak i ` +
      `vedtaksloggen; ${summary.written} skrivingar lagra, ${summary.replayed} kjende frå før.`,
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
