import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { DomainError } from '@followup/domain';
import { ApiError, reasonPhrase, type ErrorBody } from './api-error';

const DOMAIN_STATUS = { notFound: 404, conflict: 409, invalid: 422 } as const;

/** Every error leaves in the API's shape; unexpected ones are logged and never leak internals. */
@Catch()
export class ErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const { body, headers } = this.toResponse(exception);
    // Deliberate answers (ApiError, e.g. 503 "read model behind") are not faults worth a stack trace.
    if (body.statusCode >= 500 && !(exception instanceof ApiError)) {
      this.logger.error(exception instanceof Error ? exception.stack : String(exception));
    }
    void reply.status(body.statusCode).headers(headers).send(body);
  }

  private toResponse(exception: unknown): { body: ErrorBody; headers: Record<string, string> } {
    if (exception instanceof ApiError)
      return { body: exception.getResponse() as ErrorBody, headers: exception.headers };
    if (exception instanceof DomainError) {
      const statusCode = DOMAIN_STATUS[exception.kind];
      return {
        body: {
          statusCode,
          error: reasonPhrase(statusCode),
          message: exception.message,
          code: exception.code,
          ...(exception.details.length ? { details: exception.details } : {}),
        },
        headers: {},
      };
    }
    if (exception instanceof HttpException) {
      const statusCode = exception.getStatus();
      const response = exception.getResponse();
      const message =
        typeof response === 'string'
          ? response
          : Array.isArray((response as { message?: unknown }).message)
            ? (response as { message: string[] }).message.join('; ')
            : String((response as { message?: unknown }).message ?? exception.message);
      return { body: { statusCode, error: reasonPhrase(statusCode), message }, headers: {} };
    }
    // Errors raised by Fastify itself (malformed JSON, wrong content type, body too large).
    const fastify = exception as { statusCode?: number; code?: string; message?: string };
    if (typeof fastify.statusCode === 'number' && fastify.statusCode >= 400 && fastify.statusCode < 500) {
      const message =
        fastify.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || /JSON/.test(fastify.message ?? '')
          ? `Malformed JSON body: ${fastify.message}`
          : (fastify.message ?? 'Bad request');
      return {
        body: { statusCode: fastify.statusCode, error: reasonPhrase(fastify.statusCode), message, code: fastify.code },
        headers: {},
      };
    }
    return { body: { statusCode: 500, error: reasonPhrase(500), message: 'Internal server error' }, headers: {} };
  }
}
