/** Security settings from the environment (docs/api.md, "Configuration"). */
export interface SecurityConfig {
  /** AUTH_AUDIENCE: the `aud` a token must carry; null: not checked. */
  readonly authAudience: string | null;
  /** AUTH_ISSUER: the `iss` a token must carry; null: not checked. */
  readonly authIssuer: string | null;
  /** AUTH_CLOCK_SKEW_SECONDS: tolerance on `exp`/`nbf`. Default 30. */
  readonly authClockSkewSeconds: number;
  /** AUTH_MAX_TOKEN_LIFETIME_SECONDS: longest `exp - iat` (or `exp - now` without `iat`). Default 86400. */
  readonly authMaxTokenLifetimeSeconds: number;
  /** RATE_LIMIT_PER_MINUTE: requests per subject (token `sub`, else IP) and minute. Default 600; 0: off. */
  readonly rateLimitPerMinute: number;
  /** WEBHOOK_ALLOW: host names, IP addresses or CIDR ranges webhooks may reach although private. */
  readonly webhookAllow: readonly string[];
  /**
   * AUTH_DEV_LOGIN: `POST /auth/dev-login` issues short-lived tokens for anyone who asks (the web console's
   * development sign-in). Default true on the embedded default, false when MONGO_URL is set.
   */
  readonly devLogin: boolean;
  /** AUTH_REQUIRE_UNITS=true: a caseworker token without a `units` claim cannot write. Default false. */
  readonly authRequireUnits: boolean;
}

export class SecurityConfigError extends Error {}

function wholeNumber(env: NodeJS.ProcessEnv, name: string, fallback: number, min = 0): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < min)
    throw new SecurityConfigError(`${name} must be a whole number >= ${min}, got "${raw}"`);
  return value;
}

function flag(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (raw === undefined || raw === '') return fallback;
  if (raw === 'true' || raw === '1') return true;
  if (raw === 'false' || raw === '0') return false;
  throw new SecurityConfigError(`${name} must be true or false, got "${env[name]}"`);
}

export const listSetting = (raw: string | undefined): string[] =>
  (raw ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);

export function loadSecurityConfig(env: NodeJS.ProcessEnv = process.env): SecurityConfig {
  return {
    authAudience: env.AUTH_AUDIENCE?.trim() || null,
    authIssuer: env.AUTH_ISSUER?.trim() || null,
    authClockSkewSeconds: wholeNumber(env, 'AUTH_CLOCK_SKEW_SECONDS', 30),
    authMaxTokenLifetimeSeconds: wholeNumber(env, 'AUTH_MAX_TOKEN_LIFETIME_SECONDS', 86_400, 1),
    rateLimitPerMinute: wholeNumber(env, 'RATE_LIMIT_PER_MINUTE', 600),
    webhookAllow: listSetting(env.WEBHOOK_ALLOW),
    devLogin: flag(env, 'AUTH_DEV_LOGIN', !env.MONGO_URL?.trim()),
    authRequireUnits: env.AUTH_REQUIRE_UNITS?.trim().toLowerCase() === 'true',
  };
}
