import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { v7 as uuidv7 } from 'uuid';
import { ApiError } from '@followup/runtime';
import type { WriteContextDto } from '../dto/write-context.dto';
import type { DecisionContext, ExpectedVersion, WriteOutcome } from '../application/execute-initiative-command';

const header = (request: FastifyRequest, name: string): string | undefined => {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
};

/** `If-Match: "3"`, `W/"3"` or `3`. */
export function parseIfMatch(request: FastifyRequest): number | undefined {
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

export function expectedVersionOf(
  request: FastifyRequest,
  body: WriteContextDto | undefined,
): ExpectedVersion | undefined {
  const ifMatch = parseIfMatch(request);
  if (ifMatch !== undefined) return { version: ifMatch, via: 'if-match' };
  if (body?.expectedVersion !== undefined) return { version: body.expectedVersion, via: 'body' };
  return undefined;
}

export function idempotencyKeyOf(request: FastifyRequest): string | undefined {
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

export function correlationIdOf(request: FastifyRequest): string {
  const given = header(request, 'x-correlation-id');
  return given && /^[\x21-\x7e]{1,200}$/.test(given) ? given : uuidv7();
}

/** What a retry must repeat exactly to count as the same request. */
export function fingerprintOf(request: FastifyRequest): string {
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

export function decisionContextOf(body: WriteContextDto | undefined): DecisionContext {
  if (!body) return {};
  return {
    ...(body.reason !== undefined ? { reason: body.reason } : {}),
    ...(body.caseRef !== undefined ? { caseRef: body.caseRef } : {}),
    ...(body.decidedBy !== undefined ? { decidedBy: body.decidedBy } : {}),
    ...(body.occurredAt !== undefined ? { occurredAt: body.occurredAt } : {}),
  };
}

export function sendWrite(reply: FastifyReply, outcome: WriteOutcome, status: 200 | 201) {
  void reply.status(status).header('ETag', `"${outcome.response.version}"`);
  if (outcome.replayed) void reply.header('Idempotent-Replayed', 'true');
  return outcome.response;
}
