import { createRemoteJWKSet, jwtVerify, SignJWT, type JWTPayload, type JWTVerifyOptions } from 'jose';
import { loadSecurityConfig, type SecurityConfig } from '../config/security-config';
import { ROLES, type AuthenticatedActor, type Role } from './roles';
import { BoundedMap } from '../collections/bounded-map';

export class InvalidTokenError extends Error {}

interface CachedActor {
  readonly actor: AuthenticatedActor;
  readonly expiresAtMs: number;
}

/** What a token must satisfy beyond its signature. */
export type TokenPolicy = Pick<
  SecurityConfig,
  'authAudience' | 'authIssuer' | 'authClockSkewSeconds' | 'authMaxTokenLifetimeSeconds'
>;

export interface TokenVerifierOptions {
  readonly secret?: string | null;
  readonly jwksUrl?: string | null;
  /** An OpenID Connect issuer: its JWKS is found by discovery, and tokens must name it as `iss`. */
  readonly oidcIssuer?: string | null;
  readonly now?: () => number;
  readonly maxCacheEntries?: number;
  /** Audience, issuer, clock skew and lifetime; by default from the environment (AUTH_*). */
  readonly policy?: Partial<TokenPolicy>;
}

/** Longest `sub` and `name` accepted: they end up in events, logs and the audit trail. */
export const MAX_CLAIM_LENGTH = 200;
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** False for text with a lone UTF-16 surrogate, which no UTF-8 store or log can carry faithfully. */
export const isWellFormedText = (text: string): boolean => !LONE_SURROGATE.test(text);

/**
 * Verifies bearer JWTs (HS256 with a shared secret, or any JWKS key) and caches each
 * verified token until it expires: verification is the costliest step of a request.
 */
export class TokenVerifier {
  private readonly cache: BoundedMap<string, CachedActor>;
  private readonly key: Uint8Array | null;
  private jwks: RemoteKeys | null;
  private discovery: Promise<RemoteKeys> | null = null;
  private readonly oidcIssuer: string | null;
  private readonly now: () => number;
  private readonly policy: TokenPolicy;

  constructor(options: TokenVerifierOptions) {
    this.key = options.secret ? new TextEncoder().encode(options.secret) : null;
    this.jwks = options.jwksUrl ? createRemoteJWKSet(new URL(options.jwksUrl)) : null;
    this.oidcIssuer = options.oidcIssuer ?? null;
    if (!this.key && !this.jwks && !this.oidcIssuer)
      throw new Error('a JWT secret, a JWKS URL or an OpenID Connect issuer is required');
    this.now = options.now ?? Date.now;
    this.cache = new BoundedMap(options.maxCacheEntries ?? 10_000);
    // Defaults apply when a caller (a script, a test) passes no policy; the API passes its AppConfig.security.
    const policy = { ...loadSecurityConfig({}), ...options.policy };
    // Tokens of an OpenID Connect issuer must name it, unless AUTH_ISSUER says otherwise.
    this.policy = { ...policy, authIssuer: policy.authIssuer ?? this.oidcIssuer };
  }

  async verify(token: string): Promise<AuthenticatedActor> {
    const cached = this.cache.get(token);
    if (cached && cached.expiresAtMs > this.now()) return cached.actor;
    if (cached) this.cache.delete(token);

    const payload = await this.verifiedClaims(token);
    const actor = actorFromClaims(payload);
    this.cache.set(token, { actor, expiresAtMs: payload.exp! * 1000 });
    return actor;
  }

  private async verifiedClaims(token: string): Promise<JWTPayload> {
    const { authAudience, authIssuer, authClockSkewSeconds } = this.policy;
    const options: JWTVerifyOptions = {
      currentDate: new Date(this.now()),
      clockTolerance: authClockSkewSeconds,
      requiredClaims: ['exp'],
      ...(authAudience ? { audience: authAudience } : {}),
      ...(authIssuer ? { issuer: authIssuer } : {}),
    };
    let payload: JWTPayload;
    try {
      const result = this.key
        ? await jwtVerify(token, this.key, { ...options, algorithms: ['HS256'] })
        : await jwtVerify(token, await this.remoteKeys(), options);
      payload = result.payload;
    } catch (error) {
      throw new InvalidTokenError(error instanceof Error ? error.message : 'invalid token');
    }
    this.checkLifetime(payload);
    return payload;
  }

  /** The JWKS at AUTH_JWKS_URL, or the one the issuer's discovery document names (found once, retried on failure). */
  private async remoteKeys(): Promise<RemoteKeys> {
    if (this.jwks) return this.jwks;
    this.discovery ??= discoverJwks(this.oidcIssuer!).catch((error: unknown) => {
      this.discovery = null;
      throw error;
    });
    this.jwks = await this.discovery;
    return this.jwks;
  }

  private checkLifetime(payload: JWTPayload): void {
    const max = this.policy.authMaxTokenLifetimeSeconds;
    const from = typeof payload.iat === 'number' ? payload.iat : Math.floor(this.now() / 1000);
    if (payload.exp! - from > max) {
      throw new InvalidTokenError(`token lifetime exceeds the maximum of ${max} seconds`);
    }
  }
}

type RemoteKeys = ReturnType<typeof createRemoteJWKSet>;

/** OpenID Connect discovery: `<issuer>/.well-known/openid-configuration` names the issuer's `jwks_uri`. */
export async function discoverJwks(issuer: string): Promise<RemoteKeys> {
  const url = `${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;
  let document: { issuer?: unknown; jwks_uri?: unknown };
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(5_000), redirect: 'error' });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    document = (await response.json()) as typeof document;
  } catch (error) {
    throw new Error(`OpenID Connect discovery at ${url} failed: ${error instanceof Error ? error.message : error}`);
  }
  if (document.issuer !== issuer || typeof document.jwks_uri !== 'string')
    throw new Error(`the discovery document at ${url} does not describe issuer ${issuer} with a jwks_uri`);
  return createRemoteJWKSet(new URL(document.jwks_uri));
}

function checkedText(payload: JWTPayload, claim: 'sub' | 'name'): string | undefined {
  const value = payload[claim];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw new InvalidTokenError(`the ${claim} claim must be a string`);
  if (value.length > MAX_CLAIM_LENGTH)
    throw new InvalidTokenError(`the ${claim} claim is longer than ${MAX_CLAIM_LENGTH} characters`);
  if (CONTROL_CHARACTERS.test(value) || !isWellFormedText(value))
    throw new InvalidTokenError(`the ${claim} claim contains control characters or malformed text`);
  return value;
}

/** Longest unit name and most units a `units` claim may carry. */
export const MAX_UNIT_LENGTH = 100;
export const MAX_UNITS = 50;

function checkedUnits(payload: JWTPayload): readonly string[] | undefined {
  const value = payload['units'];
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.length > MAX_UNITS)
    throw new InvalidTokenError(`the units claim must be an array of at most ${MAX_UNITS} strings`);
  for (const unit of value) {
    const valid =
      typeof unit === 'string' &&
      unit.trim() !== '' &&
      unit.length <= MAX_UNIT_LENGTH &&
      !CONTROL_CHARACTERS.test(unit) &&
      isWellFormedText(unit);
    if (!valid)
      throw new InvalidTokenError(
        `the units claim must hold non-empty strings of at most ${MAX_UNIT_LENGTH} characters`,
      );
  }
  return [...new Set(value as string[])];
}

function actorFromClaims(payload: JWTPayload): AuthenticatedActor {
  const sub = checkedText(payload, 'sub');
  if (!sub) throw new InvalidTokenError('token has no sub claim');
  const rawRoles = payload['roles'];
  const roles = (Array.isArray(rawRoles) ? rawRoles : typeof rawRoles === 'string' ? rawRoles.split(',') : []).filter(
    (r): r is Role => (ROLES as readonly string[]).includes(r),
  );
  const name = checkedText(payload, 'name');
  const units = checkedUnits(payload);
  return { sub, ...(name ? { name } : {}), roles, ...(units ? { units } : {}) };
}

export interface IssueTokenOptions {
  readonly sub: string;
  readonly roles: readonly string[];
  readonly name?: string;
  /** Lifetime, e.g. '8h', '-1h' (already expired) or a number of seconds. */
  readonly expiresIn?: string | number;
  readonly audience?: string;
  readonly issuer?: string;
  /** Organisational units the holder acts for (carried as the `units` claim). */
  readonly units?: readonly string[];
}

/** Signs an HS256 token the locally configured server accepts (dev tool and tests). */
export async function issueToken(secret: string, options: IssueTokenOptions): Promise<string> {
  const jwt = new SignJWT({
    roles: [...options.roles],
    ...(options.name ? { name: options.name } : {}),
    ...(options.units ? { units: [...options.units] } : {}),
  })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(options.sub)
    .setIssuedAt()
    // jose reads a number as an absolute epoch time; the option is a lifetime.
    .setExpirationTime(
      typeof options.expiresIn === 'number'
        ? Math.floor(Date.now() / 1000) + options.expiresIn
        : (options.expiresIn ?? '8h'),
    );
  if (options.audience) jwt.setAudience(options.audience);
  if (options.issuer) jwt.setIssuer(options.issuer);
  return jwt.sign(new TextEncoder().encode(secret));
}
