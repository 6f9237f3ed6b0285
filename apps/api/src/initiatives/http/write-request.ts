import { createHash } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { v7 as uuidv7 } from 'uuid';
import { ApiError, currentRequestContext, type ExpectedVersion } from '@followup/runtime';
import type { InitiativeWrite, WriteOptions } from '../application/execute-initiative-command';

const header = (request: FastifyRequest, name: string): string | undefined => {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
};

/** `If-Match: "3"`, `W/"3"` or `3`. */
function parseIfMatch(request: FastifyRequest): number | undefined {
  const raw = header(request, 'if-match');
  if (raw === undefined) return undefined;
  const match = /^\s*(?:W\/)?"?(\d{1,15})"?\s*$/.exec(raw);
  if (!match) {
    throw new ApiError(400, 'If-Match must carry a version such as "3"', {
      code: 'InvalidHeader',
      details: [{ field: 'If-Match', message: 'must be a version number' }],
    });
  }
  return Number(match[1]);
}

function expectedVersionOf(request: FastifyRequest, write: InitiativeWrite): ExpectedVersion | undefined {
  const ifMatch = parseIfMatch(request);
  if (ifMatch !== undefined) return { version: ifMatch, via: 'if-match' };
  if (write.expectedVersion !== undefined) return { version: write.expectedVersion, via: 'body' };
  return undefined;
}

function idempotencyKeyOf(request: FastifyRequest): string | undefined {
  const key = header(request, 'idempotency-key');
  if (key === undefined) return undefined;
  if (!/^[\x21-\x7e]{1,200}$/.test(key)) {
    throw new ApiError(400, 'Idempotency-Key must be 1-200 visible ASCII characters', {
      code: 'InvalidHeader',
      details: [{ field: 'Idempotency-Key', message: 'must be 1-200 visible ASCII characters' }],
    });
  }
  return key;
}

function correlationIdOf(request: FastifyRequest): string {
  const logged = currentRequestContext()?.correlationId;
  if (logged) return logged;
  const given = header(request, 'x-correlation-id');
  return given && /^[\x21-\x7e]{1,200}$/.test(given) ? given : uuidv7();
}

/** What a retry must repeat exactly to count as the same request. */
function fingerprintOf(request: FastifyRequest): string {
  return createHash('sha256')
    .update(request.method)
    .update('\n')
    .update(request.url.split('?')[0]!)
    .update('\n')
    .update(JSON.stringify(request.body ?? null))
    .update('\n')
    .update(header(request, 'if-match') ?? '')
    .digest('hex');
}

/** Preconditions, retry key and tracing ids of a write, from its headers (checked in this order). */
export function writeOptionsOf(request: FastifyRequest, write: InitiativeWrite): WriteOptions {
  const idempotencyKey = idempotencyKeyOf(request);
  const expectedVersion = expectedVersionOf(request, write);
  return {
    correlationId: correlationIdOf(request),
    requestId: String(request.id ?? uuidv7()),
    // Hashed only for a key: the fingerprint matters only to tell a retry from another request.
    ...(idempotencyKey ? { idempotency: { key: idempotencyKey, fingerprint: fingerprintOf(request) } } : {}),
    ...(expectedVersion ? { expectedVersion } : {}),
  };
}
