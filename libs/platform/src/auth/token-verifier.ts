import { createRemoteJWKSet, jwtVerify, SignJWT, type JWTPayload } from 'jose';
import { ROLES, type AuthenticatedActor, type Role } from './roles';

export class InvalidTokenError extends Error {}

interface CachedActor {
  readonly actor: AuthenticatedActor;
  readonly expiresAtMs: number;
}

export interface TokenVerifierOptions {
  readonly secret?: string | null;
  readonly jwksUrl?: string | null;
  readonly now?: () => number;
  readonly maxCacheEntries?: number;
}

/**
 * Verifies bearer JWTs (HS256 with a shared secret, or any JWKS key) and caches each
 * verified token until it expires: verification is the costliest step of a request.
 */
export class TokenVerifier {
  private readonly cache = new Map<string, CachedActor>();
  private readonly key: Uint8Array | null;
  private readonly jwks: ReturnType<typeof createRemoteJWKSet> | null;
  private readonly now: () => number;
  private readonly maxCacheEntries: number;

  constructor(options: TokenVerifierOptions) {
    this.key = options.secret ? new TextEncoder().encode(options.secret) : null;
    this.jwks = options.jwksUrl ? createRemoteJWKSet(new URL(options.jwksUrl)) : null;
    if (!this.key && !this.jwks) throw new Error('a JWT secret or a JWKS URL is required');
    this.now = options.now ?? Date.now;
    this.maxCacheEntries = options.maxCacheEntries ?? 10_000;
  }

  async verify(token: string): Promise<AuthenticatedActor> {
    const cached = this.cache.get(token);
    if (cached && cached.expiresAtMs > this.now()) return cached.actor;
    if (cached) this.cache.delete(token);

    let payload: JWTPayload;
    try {
      const result = this.key
        ? await jwtVerify(token, this.key, { algorithms: ['HS256'], currentDate: new Date(this.now()) })
        : await jwtVerify(token, this.jwks!, { currentDate: new Date(this.now()) });
      payload = result.payload;
    } catch (error) {
      throw new InvalidTokenError(error instanceof Error ? error.message : 'invalid token');
    }
    const actor = actorFromClaims(payload);
    if (payload.exp !== undefined) {
      if (this.cache.size >= this.maxCacheEntries) this.cache.delete(this.cache.keys().next().value!);
      this.cache.set(token, { actor, expiresAtMs: payload.exp * 1000 });
    }
    return actor;
  }
}

function actorFromClaims(payload: JWTPayload): AuthenticatedActor {
  if (typeof payload.sub !== 'string' || payload.sub.length === 0)
    throw new InvalidTokenError('token has no sub claim');
  const rawRoles = payload['roles'];
  const roles = (Array.isArray(rawRoles) ? rawRoles : typeof rawRoles === 'string' ? rawRoles.split(',') : []).filter(
    (r): r is Role => (ROLES as readonly string[]).includes(r),
  );
  const name = typeof payload['name'] === 'string' ? (payload['name'] as string) : undefined;
  return { sub: payload.sub, ...(name ? { name } : {}), roles };
}

export interface IssueTokenOptions {
  readonly sub: string;
  readonly roles: readonly string[];
  readonly name?: string;
  /** Lifetime, e.g. '8h', '-1h' (already expired) or a number of seconds. */
  readonly expiresIn?: string | number;
}

/** Signs an HS256 token the locally configured server accepts (dev tool and tests). */
export async function issueToken(secret: string, options: IssueTokenOptions): Promise<string> {
  const jwt = new SignJWT({ roles: [...options.roles], ...(options.name ? { name: options.name } : {}) })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(options.sub)
    .setIssuedAt()
    // jose reads a number as an absolute epoch time; the option is a lifetime.
    .setExpirationTime(
      typeof options.expiresIn === 'number'
        ? Math.floor(Date.now() / 1000) + options.expiresIn
        : (options.expiresIn ?? '8h'),
    );
  return jwt.sign(new TextEncoder().encode(secret));
}
