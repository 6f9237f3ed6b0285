import type { IncomingMessage, ServerResponse } from 'node:http';
import rateLimit from '@fastify/rate-limit';
import helmet, { type HelmetOptions } from 'helmet';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppConfig, TokenVerifier } from '@followup/platform';
import { ApiError, firstHostileInput, TOKEN_VERIFIER, validationFailed, type ErrorBody } from '@followup/runtime';

/** Paths that must answer even when a subject is over its rate limit (probes). */
const UNLIMITED = /^\/health(\/|$)/;

/**
 * Security headers, per-subject rate limiting, early refusal of hostile JSON and query strings,
 * and 405 with `Allow` for a wrong method on a known path. Call once, before routes are added.
 */
export async function hardenHttp(app: NestFastifyApplication, config: AppConfig): Promise<void> {
  const fastify = app.getHttpAdapter().getInstance() as unknown as FastifyInstance;
  replaceJsonParser(fastify);
  answerWrongMethods(fastify);
  fastify.addHook('onRequest', async (request, reply) => {
    const hostile = firstHostileInput(request.query, 'query');
    if (hostile) return sendError(reply, validationFailed([hostile]));
  });
  fastify.addHook('onSend', async (request, reply) => {
    // Answers that depend on who asks are nobody's to cache.
    if (request.headers.authorization) reply.header('cache-control', 'no-store');
  });
  const headers = securityHeaders({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // Swagger UI sets inline styles.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    frameguard: { action: 'deny' },
  });
  fastify.addHook('onRequest', (_request, reply, done) => {
    void reply.headers(headers);
    done();
  });
  const perMinute = config.security.rateLimitPerMinute;
  if (perMinute > 0) await registerRateLimit(app, perMinute);
}

/**
 * The headers helmet sets for `options`, worked out once. They do not depend on the request (no
 * CSP nonces), and the Fastify plugin built helmet's middleware again for every request (parsing
 * the policy each time), about 3 % of the CPU of a command.
 */
function securityHeaders(options: HelmetOptions): Record<string, string> {
  const headers: Record<string, string> = {};
  const response = {
    setHeader: (name: string, value: unknown) => void (headers[name.toLowerCase()] = String(value)),
    removeHeader: (name: string) => void delete headers[name.toLowerCase()],
  };
  let finished = false;
  helmet(options)({} as IncomingMessage, response as unknown as ServerResponse, (error?: unknown) => {
    if (error) throw error;
    finished = true;
  });
  if (!finished) throw new Error('helmet did not set its headers at once');
  return headers;
}

function sendError(reply: FastifyReply, error: ApiError): FastifyReply {
  return reply
    .code(error.getStatus())
    .headers(error.headers)
    .send(error.getResponse() as ErrorBody);
}

async function registerRateLimit(app: NestFastifyApplication, perMinute: number): Promise<void> {
  const verifier = app.get<TokenVerifier>(TOKEN_VERIFIER);
  await app.register(rateLimit, {
    max: perMinute,
    timeWindow: 60_000,
    allowList: (request: FastifyRequest) => UNLIMITED.test(request.url),
    // The subject of a valid bearer token (verification is cached); anyone else by address.
    keyGenerator: async (request: FastifyRequest) => {
      const match = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '');
      if (match) {
        const actor = await verifier.verify(match[1]!).catch(() => null);
        if (actor) return `sub:${actor.sub}`;
      }
      return `ip:${request.ip}`;
    },
    errorResponseBuilder: (_request, context) => ({
      statusCode: 429,
      error: 'Too Many Requests',
      message: `Rate limit of ${context.max} requests per minute exceeded; retry in ${context.after}`,
      code: 'RateLimited',
    }),
  });
}

/**
 * JSON bodies: an empty body is no body; malformed JSON, too many fields, too deep nesting,
 * prototype keys and malformed Unicode are refused with a 400 before any validator sees them.
 */
function replaceJsonParser(fastify: FastifyInstance): void {
  fastify.removeContentTypeParser('application/json');
  fastify.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text.trim() === '') return done(null, undefined);
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      return done(
        new ApiError(400, `Malformed JSON body: ${(error as Error).message}`, { code: 'MalformedJson' }),
        undefined,
      );
    }
    const hostile = firstHostileInput(parsed, 'body');
    if (hostile) return done(validationFailed([hostile]), undefined);
    done(null, parsed);
  });
}

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];

/** A route pattern (`/initiatives/:id`, `/docs/*`) as a regular expression over request paths. */
function patternOf(url: string): RegExp {
  const source = url
    .split('/')
    .map((segment) =>
      segment === '*'
        ? '.*'
        : segment.startsWith(':')
          ? '[^/]+'
          : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\\\*/g, '.*'),
    )
    .join('/');
  return new RegExp(`^${source}/?$`);
}

/** 405 with `Allow` when a path exists with other methods (instead of a 404). */
function answerWrongMethods(fastify: FastifyInstance): void {
  const routes = new Map<string, { pattern: RegExp; methods: Set<string> }>();
  fastify.addHook('onRoute', (route) => {
    const entry = routes.get(route.url) ?? { pattern: patternOf(route.url), methods: new Set<string>() };
    for (const method of [route.method].flat()) if (METHODS.includes(method)) entry.methods.add(method);
    routes.set(route.url, entry);
  });
  fastify.addHook('onRequest', async (request, reply) => {
    if (!request.is404) return;
    const path = request.url.split('?')[0]!;
    const allowed = new Set<string>();
    for (const { pattern, methods } of routes.values()) if (pattern.test(path)) methods.forEach((m) => allowed.add(m));
    if (allowed.size === 0 || allowed.has(request.method)) return;
    const allow = METHODS.filter((m) => allowed.has(m)).join(', ');
    return reply
      .code(405)
      .header('allow', allow)
      .send({
        statusCode: 405,
        error: 'Method Not Allowed',
        message: `${request.method} is not allowed on ${path}; allowed: ${allow}`,
        code: 'MethodNotAllowed',
      } satisfies ErrorBody);
  });
}
