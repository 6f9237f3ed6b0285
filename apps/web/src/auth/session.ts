/**
 * The signed-in user's bearer token, kept in sessionStorage (gone when the tab closes).
 * Sign-in providers fill it: today the development sign-in (POST /auth/dev-login); an OIDC provider
 * (authorisation code flow with PKCE) is meant to implement SignInProvider the same way.
 */
export interface Session {
  readonly token: string;
  readonly sub: string;
  readonly name: string;
  readonly roles: readonly string[];
  readonly units: readonly string[];
  readonly expiresAt: number;
}

export interface SignInProvider {
  readonly id: string;
  /** Ends in a stored session (see storeToken), or throws. */
  signIn(input: Record<string, unknown>): Promise<Session>;
}

const KEY = 'followup.token';
const listeners = new Set<() => void>();

export function onSessionChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function decode(token: string): Session | null {
  try {
    const payload = token.split('.')[1] ?? '';
    const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/'));
    const claims = JSON.parse(new TextDecoder().decode(Uint8Array.from(json, (c) => c.charCodeAt(0))));
    const roles = Array.isArray(claims.roles) ? claims.roles : String(claims.roles ?? '').split(',');
    return {
      token,
      sub: String(claims.sub),
      name: String(claims.name ?? claims.sub),
      roles: roles.map(String).filter(Boolean),
      units: Array.isArray(claims.units) ? claims.units.map(String) : [],
      expiresAt: Number(claims.exp ?? 0) * 1000,
    };
  } catch {
    return null;
  }
}

export function currentSession(): Session | null {
  const token = sessionStorage.getItem(KEY);
  const session = token ? decode(token) : null;
  if (!session || (session.expiresAt && session.expiresAt < Date.now())) return null;
  return session;
}

export function storeToken(token: string): Session {
  const session = decode(token);
  if (!session) throw new Error('malformed token');
  sessionStorage.setItem(KEY, token);
  listeners.forEach((listener) => listener());
  return session;
}

export function signOut(): void {
  sessionStorage.removeItem(KEY);
  listeners.forEach((listener) => listener());
}

export const hasRole = (session: Session | null, ...roles: string[]) =>
  !!session && session.roles.some((role) => role === 'admin' || roles.includes(role));
