import { Logger, NotFoundException, type ArgumentsHost } from '@nestjs/common';
import { conflict, invalid, notFound } from '@followup/domain';
import { IdempotencyKeyReusedError, NotFoundError, VersionConflictError } from '../application/errors';
import { ApiError } from './api-error';
import { ErrorFilter, toErrorResponse } from './error.filter';
import { TextField } from './fields';
import { createValidationPipe } from './validation';

/** What the filter sent: status, headers and body of a fake Fastify reply. */
function send(exception: unknown) {
  const sent = { status: 0, headers: {} as Record<string, string>, body: undefined as unknown };
  const reply = {
    status: (status: number) => ((sent.status = status), reply),
    headers: (headers: Record<string, string>) => ((sent.headers = headers), reply),
    send: (body: unknown) => ((sent.body = body), reply),
  };
  const host = { switchToHttp: () => ({ getResponse: () => reply }) } as unknown as ArgumentsHost;
  new ErrorFilter().catch(exception, host);
  return sent;
}

class NoteDto {
  @TextField(10)
  text!: string;
}

describe('ErrorFilter', () => {
  describe('application errors', () => {
    it('a stale If-Match: 412 VersionConflict with the current version in body, details and ETag', () => {
      const error = new VersionConflictError('The initiative is at version 3, not 2', 3, {
        version: 2,
        via: 'if-match',
      });
      expect(send(error)).toEqual({
        status: 412,
        headers: { ETag: '"3"' },
        body: {
          statusCode: 412,
          error: 'Precondition Failed',
          message: 'The initiative is at version 3, not 2',
          code: 'VersionConflict',
          currentVersion: 3,
          details: [{ field: 'If-Match', message: 'current version is 3' }],
        },
      });
    });

    it('a stale body expectedVersion: 409 naming the expectedVersion field', () => {
      const error = new VersionConflictError('The initiative is at version 2, not 1', 2, { version: 1, via: 'body' });
      const { status, headers, body } = send(error);
      expect(status).toBe(409);
      expect(headers).toEqual({ ETag: '"2"' });
      expect(body).toMatchObject({
        statusCode: 409,
        error: 'Conflict',
        code: 'VersionConflict',
        currentVersion: 2,
        details: [{ field: 'expectedVersion', message: 'current version is 2' }],
      });
    });

    it('retries run out without an expected version: 409', () => {
      const error = new VersionConflictError('The initiative changed concurrently; it is now at version 7', 7);
      expect(send(error)).toMatchObject({ status: 409, headers: { ETag: '"7"' }, body: { currentVersion: 7 } });
    });

    it('the database unreachable (driver network or server-selection error, also as a cause): 503 with Retry-After', () => {
      const named = (name: string) => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:27017'), { name });
      for (const error of [
        named('MongoServerSelectionError'),
        named('MongoNetworkError'),
        new Error('append failed', { cause: named('MongoPoolClearedError') }),
      ]) {
        const { body, headers } = toErrorResponse(error);
        expect(body).toMatchObject({ statusCode: 503, code: 'DependencyUnavailable' });
        expect(headers).toEqual({ 'Retry-After': '2' });
      }
      expect(toErrorResponse(named('MongoServerError')).body.statusCode).toBe(500);
    });

    it('an Idempotency-Key reused for another request: 422 IdempotencyKeyReused', () => {
      expect(send(new IdempotencyKeyReusedError())).toEqual({
        status: 422,
        headers: {},
        body: {
          statusCode: 422,
          error: 'Unprocessable Entity',
          message: 'This Idempotency-Key was already used for a different request',
          code: 'IdempotencyKeyReused',
          details: [{ field: 'Idempotency-Key', message: 'already used with another body or target' }],
        },
      });
    });

    it('not found: 404 with its code, details only when given', () => {
      expect(send(new NotFoundError('InitiativeNotFound', 'Initiative x not found'))).toEqual({
        status: 404,
        headers: {},
        body: { statusCode: 404, error: 'Not Found', message: 'Initiative x not found', code: 'InitiativeNotFound' },
      });
      const named = new NotFoundError('InitiativeNotFound', 'Initiative x not found', [
        { field: 'subtree', message: 'no such initiative' },
      ]);
      expect(send(named).body).toMatchObject({ details: [{ field: 'subtree', message: 'no such initiative' }] });
    });
  });

  describe('domain errors', () => {
    it.each([
      ['notFound', 404, 'Not Found', notFound],
      ['conflict', 409, 'Conflict', conflict],
      ['invalid', 422, 'Unprocessable Entity', invalid],
    ] as const)('%s: %i with code and details', (_kind, status, reason, make) => {
      const error = make('SomeRule', 'Refused', [{ field: 'dueAt', message: 'too late' }]);
      expect(send(error)).toEqual({
        status,
        headers: {},
        body: {
          statusCode: status,
          error: reason,
          message: 'Refused',
          code: 'SomeRule',
          details: [{ field: 'dueAt', message: 'too late' }],
        },
      });
    });

    it('no details key when the rule names no field', () => {
      expect(send(conflict('InitiativeClosed', 'Closed')).body).not.toHaveProperty('details');
    });
  });

  it('validation errors: 400 ValidationFailed, one detail per field', async () => {
    const pipe = createValidationPipe();
    const error = await pipe
      .transform({ text: ' ', extra: 1 }, { type: 'body', metatype: NoteDto })
      .then(() => undefined)
      .catch((e: unknown) => e);
    expect(send(error)).toEqual({
      status: 400,
      headers: {},
      body: {
        statusCode: 400,
        error: 'Bad Request',
        message: 'Invalid request: extra, text',
        code: 'ValidationFailed',
        details: [
          { field: 'extra', message: 'unknown field extra is not allowed' },
          { field: 'text', message: 'text must not be blank' },
        ],
      },
    });
  });

  it('an ApiError keeps its body and headers', () => {
    const error = new ApiError(401, 'Missing bearer token', { headers: { 'WWW-Authenticate': 'Bearer' } });
    expect(send(error)).toEqual({
      status: 401,
      headers: { 'WWW-Authenticate': 'Bearer' },
      body: { statusCode: 401, error: 'Unauthorized', message: 'Missing bearer token' },
    });
  });

  it("Nest's own exceptions and Fastify's errors in the same shape; anything else a bare 500", () => {
    expect(toErrorResponse(new NotFoundException('Cannot GET /nowhere')).body).toEqual({
      statusCode: 404,
      error: 'Not Found',
      message: 'Cannot GET /nowhere',
    });
    const tooLarge = Object.assign(new Error('Request body is too large'), {
      statusCode: 413,
      code: 'FST_ERR_CTP_BODY_TOO_LARGE',
    });
    expect(toErrorResponse(tooLarge).body).toMatchObject({ statusCode: 413, code: 'FST_ERR_CTP_BODY_TOO_LARGE' });
    const logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const fault = send(new Error('secret internals'));
    expect(logged).toHaveBeenCalledWith(expect.stringContaining('secret internals'));
    expect(fault).toEqual({
      status: 500,
      headers: {},
      body: { statusCode: 500, error: 'Internal Server Error', message: 'Internal server error' },
    });
  });
});
