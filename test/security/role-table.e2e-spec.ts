import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { issueToken, loadConfig, ManualClock } from '@followup/platform';
import { createApiApp } from '../../apps/api/src/bootstrap';
import { TEST_SECRET } from '../support/api-harness';
import { readRoleTable, TABLE_ROLES, type RouteRule, type TableRole } from './support/route-table';

interface Route {
  readonly method: string;
  readonly path: string;
}

// Health, metrics, the API docs, the web console's files, its development sign-in and where to sign in
// (/auth/config, read before there is a token) need no token.
const PUBLIC_PATH = /^\/(health|metrics|docs|assets\/|index\.html$|auth\/dev-login$|auth\/config$|$)/;
const SOME_ID = '01900000-0000-7000-8000-000000000000';
const key = (route: Route) => `${route.method} ${route.path}`;

/**
 * Every route the app serves, read from Fastify's route tree (`printRoutes`), which also holds the
 * routes registered before Nest's own (Swagger UI); the HEAD twins of GET routes are left out.
 */
function routesOf(tree: string): Route[] {
  const routes: Route[] = [];
  const stack: string[] = [];
  for (const line of tree.split('\n')) {
    const match = /^([│├└─\s]*)(\S.*?) \(([A-Z, ]+)\)$/u.exec(line);
    if (!match) continue;
    const depth = Math.floor(match[1]!.length / 4);
    stack.length = depth;
    stack.push(match[2]!);
    for (const method of match[3]!.split(', ')) {
      // The console's built files carry content hashes in their names: one row covers them.
      const path = stack.join('').replace(/^\/assets\/.+$/, '/assets/*');
      if (method !== 'HEAD' && method !== 'OPTIONS') routes.push({ method, path });
    }
  }
  return [...new Map(routes.map((route) => [key(route), route])).values()];
}

/** A stand-in for the built web console, so its routes are there whether or not it was built. */
function fakeConsole(dataDir: string): string {
  const dist = join(dataDir, 'web');
  mkdirSync(join(dist, 'assets'), { recursive: true });
  writeFileSync(join(dist, 'index.html'), '<!doctype html><title>console</title>');
  writeFileSync(join(dist, 'assets', 'index-0123abcd.js'), '');
  return dist;
}

async function startWithRoutes(dataDir: string): Promise<{ app: NestFastifyApplication; routes: Route[] }> {
  const config = loadConfig({
    DATA_DIR: dataDir,
    AUTH_JWT_SECRET: TEST_SECRET,
    RATE_LIMIT_PER_MINUTE: '0',
    WEB_DIST_DIR: fakeConsole(dataDir),
  });
  const app = await createApiApp({ config, clock: new ManualClock(new Date()), logger: ['error'] });
  await app.listen({ port: 0, host: '127.0.0.1' });
  return { app, routes: routesOf(app.getHttpAdapter().getInstance().printRoutes({ commonPrefix: false })) };
}

describe('every route answers each role as the role table of docs/api.md says', () => {
  let app: NestFastifyApplication;
  let routes: Route[];
  let baseUrl: string;
  const dataDir = mkdtempSync(join(tmpdir(), 'followup-roles-'));
  const tokens = new Map<TableRole, string>();

  beforeAll(async () => {
    ({ app, routes } = await startWithRoutes(dataDir));
    baseUrl = await app.getUrl();
    for (const role of TABLE_ROLES) {
      tokens.set(role, await issueToken(TEST_SECRET, { sub: `${role}-1`, roles: [role], expiresIn: '1h' }));
    }
  });
  afterAll(async () => {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** The status only: the body is dropped once the headers arrive (the alert stream never ends). */
  async function statusOf(route: Route, token?: string): Promise<number> {
    const path = route.path.replace(/:[A-Za-z]+/g, SOME_ID).replace(/\*$/, 'x');
    const abort = new AbortController();
    const hasBody = !['GET', 'DELETE'].includes(route.method);
    const response = await fetch(baseUrl + path, {
      method: route.method,
      signal: abort.signal,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(hasBody ? { 'content-type': 'application/json' } : {}),
      },
      ...(hasBody ? { body: '{}' } : {}),
    });
    abort.abort();
    return response.status;
  }

  it('lists every registered route, and only those', () => {
    const table = readRoleTable();
    const registered = routes.map(key).sort();
    expect(table.map(key).sort()).toEqual(registered);
  });

  it('answers 401 without a token except on public routes, 403 to unlisted roles, neither to listed ones', async () => {
    const rules = new Map<string, RouteRule>(readRoleTable().map((rule) => [key(rule), rule]));
    const wrong: string[] = [];
    for (const route of routes) {
      const rule = rules.get(key(route));
      if (!rule) continue; // reported by the test above
      const isPublic = rule.roles === 'public';
      if (isPublic !== PUBLIC_PATH.test(route.path))
        wrong.push(`${key(route)}: public only for health, metrics, docs and the console's files`);
      const anonymous = await statusOf(route);
      if (isPublic ? [401, 403].includes(anonymous) : anonymous !== 401)
        wrong.push(`${key(route)} no token: ${anonymous}`);
      for (const role of TABLE_ROLES) {
        const status = await statusOf(route, tokens.get(role));
        const allowed = isPublic || rule.roles.includes(role);
        if (allowed ? [401, 403].includes(status) : status !== 403) wrong.push(`${key(route)} as ${role}: ${status}`);
      }
    }
    expect(wrong).toEqual([]);
  });
});
