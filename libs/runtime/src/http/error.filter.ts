import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '@followup/domain';
import { preferredLanguage } from '@followup/platform';
import {
  ApplicationError,
  ForbiddenError,
  IdempotencyKeyReusedError,
  NotFoundError,
  VersionConflictError,
} from '../application/errors';
import { ApiError, reasonPhrase, type ErrorBody, type ErrorDetail } from './api-error';
import { DEPENDENCY_RETRY_AFTER_SECONDS, isDependencyUnavailable } from './dependency-unavailable';
import { inNynorsk } from './error-messages.nn';

export interface ErrorResponse {
  readonly body: ErrorBody;
  readonly headers: Record<string, string>;
}

const DOMAIN_STATUS = { notFound: 404, conflict: 409, invalid: 422, unchanged: 400 } as const;

const respond = (
  statusCode: number,
  message: string,
  extra: { code?: string; details?: readonly ErrorDetail[]; [field: string]: unknown } = {},
  headers: Record<string, string> = {},
): ErrorResponse => ({ body: { statusCode, error: reasonPhrase(statusCode), message, ...extra }, headers });

function fromApplication(error: ApplicationError): ErrorResponse | undefined {
  if (error instanceof VersionConflictError) {
    const ifMatch = error.expected?.via === 'if-match';
    const { currentVersion } = error;
    return respond(
      ifMatch ? 412 : 409,
      error.message,
      {
        code: 'VersionConflict',
        currentVersion,
        details: [{ field: ifMatch ? 'If-Match' : 'expectedVersion', message: `current version is ${currentVersion}` }],
      },
      { ETag: `"${currentVersion}"` },
    );
  }
  if (error instanceof IdempotencyKeyReusedError) {
    return respond(422, error.message, {
      code: 'IdempotencyKeyReused',
      details: [{ field: 'Idempotency-Key', message: 'already used with another body or target' }],
    });
  }
  if (error instanceof ForbiddenError) {
    return respond(403, error.message, {
      code: error.code,
      ...(error.details.length ? { details: error.details } : {}),
    });
  }
  if (error instanceof NotFoundError) {
    return respond(404, error.message, {
      code: error.code,
      ...(error.details.length ? { details: error.details } : {}),
    });
  }
  return undefined;
}

function fromDomain(error: DomainError): ErrorResponse {
  return respond(DOMAIN_STATUS[error.kind], error.message, {
    code: error.code,
    ...(error.details.length ? { details: error.details } : {}),
  });
}

/** Nest's own exceptions (unknown route, ...): their message, in the API's shape. */
function fromHttp(exception: HttpException): ErrorResponse {
  const response = exception.getResponse();
  const message =
    typeof response === 'string'
      ? response
      : Array.isArray((response as { message?: unknown }).message)
        ? (response as { message: string[] }).message.join('; ')
        : String((response as { message?: unknown }).message ?? exception.message);
  return respond(exception.getStatus(), message);
}

/** Errors raised by Fastify itself (malformed JSON, wrong content type, body too large). */
function fromFastify(exception: unknown): ErrorResponse | undefined {
  const fastify = exception as { statusCode?: number; code?: string; message?: string } | null;
  if (typeof fastify?.statusCode !== 'number' || fastify.statusCode < 400 || fastify.statusCode >= 500) {
    return undefined;
  }
  const message =
    fastify.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || /JSON/.test(fastify.message ?? '')
      ? `Malformed JSON body: ${fastify.message}`
      : (fastify.message ?? 'Bad request');
  return respond(fastify.statusCode, message, { code: fastify.code });
}

/** The one mapping from anything thrown to the API's error body and headers. */
export function toErrorResponse(exception: unknown): ErrorResponse {
  // Validation errors arrive as ApiError (see createValidationPipe), already in the API's shape.
  if (exception instanceof ApiError) return { body: exception.getResponse() as ErrorBody, headers: exception.headers };
  if (exception instanceof ApplicationError) {
    const mapped = fromApplication(exception);
    if (mapped) return mapped;
  }
  if (exception instanceof DomainError) return fromDomain(exception);
  if (exception instanceof HttpException) return fromHttp(exception);
  if (isDependencyUnavailable(exception)) {
    return respond(
      503,
      'The database cannot be reached right now; repeat the request (with the same Idempotency-Key) later',
      { code: 'DependencyUnavailable' },
      { 'Retry-After': String(DEPENDENCY_RETRY_AFTER_SECONDS) },
    );
  }
  return fromFastify(exception) ?? respond(500, 'Internal server error');
}

/** Every error leaves in the API's shape; unexpected ones are logged and never leak internals. */
@Catch()
export class ErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const { body: english, headers } = toErrorResponse(exception);
    const request = (reply as { request?: FastifyRequest }).request;
    const body = preferredLanguage(request?.headers['accept-language']) === 'nn' ? inNynorsk(english) : english;
    // Deliberate answers (ApiError, e.g. 503 "read model behind") are not faults worth a stack trace.
    if (body.statusCode === 503 && body.code === 'DependencyUnavailable') {
      this.logger.warn(`database unavailable: ${exception instanceof Error ? exception.message : String(exception)}`);
    } else if (body.statusCode >= 500 && !(exception instanceof ApiError)) {
      this.logger.error(exception instanceof Error ? exception.stack : String(exception));
    }
    void reply.status(body.statusCode).headers(headers).send(body);
  }
}
