import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AppConfig } from '../config/app-config';

export const DEV_SECRET_FILE = 'auth-secret';

/**
 * The HMAC secret tokens are signed with: AUTH_JWT_SECRET when set; otherwise, on the
 * embedded default only, a random secret generated once into DATA_DIR (mode 0600).
 */
export function resolveJwtSecret(config: AppConfig): string | null {
  if (config.authJwtSecret) return config.authJwtSecret;
  if (config.authJwksUrl || config.authOidcIssuer) return null;
  if (config.storage !== 'embedded') {
    throw new Error(
      'Set AUTH_JWT_SECRET, AUTH_JWKS_URL or AUTH_OIDC_ISSUER: a generated secret is only used on the embedded default',
    );
  }
  const file = join(config.dataDir, DEV_SECRET_FILE);
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(config.dataDir, { recursive: true });
  const secret = randomBytes(48).toString('base64url');
  writeFileSync(file, secret + '\n', { mode: 0o600, flag: 'wx' });
  chmodSync(file, 0o600);
  return secret;
}
