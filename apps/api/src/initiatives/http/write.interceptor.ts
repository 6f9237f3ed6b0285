import {
  applyDecorators,
  HttpCode,
  Injectable,
  UseInterceptors,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { map, mergeMap, type Observable } from 'rxjs';
import type { AuthenticatedActor } from '@followup/platform';
import { ApiError } from '@followup/runtime';
import {
  ExecuteInitiativeCommand,
  type InitiativeWrite,
  type WriteResponse,
} from '../application/execute-initiative-command';
import { CreatedPartResponse, WriteResponseDto } from '../dto/responses.dto';
import { writeOptionsOf } from './write-request';

type RequestWithActor = FastifyRequest & { actor?: AuthenticatedActor };

/**
 * Runs the InitiativeWrite a route returns: adds the actor and the write options of the request
 * (If-Match or expectedVersion, Idempotency-Key, correlation and request ids, fingerprint), executes
 * it on the command bus and answers with the written version in `ETag` (and `Idempotent-Replayed`).
 */
@Injectable()
export class InitiativeWriteInterceptor implements NestInterceptor<InitiativeWrite, WriteResponse> {
  constructor(private readonly commands: CommandBus) {}

  intercept(context: ExecutionContext, next: CallHandler<InitiativeWrite>): Observable<WriteResponse> {
    const request = context.switchToHttp().getRequest<RequestWithActor>();
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    return next.handle().pipe(
      mergeMap((write) => {
        if (!request.actor) throw new ApiError(401, 'Authentication required');
        return this.commands.execute(
          new ExecuteInitiativeCommand(write, request.actor, writeOptionsOf(request, write)),
        );
      }),
      map(({ response, replayed }) => {
        void reply.header('ETag', `"${response.version}"`);
        if (replayed) void reply.header('Idempotent-Replayed', 'true');
        return response;
      }),
    );
  }
}

/**
 * A write route: its method returns the InitiativeWrite its DTO built, InitiativeWriteInterceptor
 * executes it. `created` answers 201 with the id of the created part, otherwise 200.
 */
export const Write = (summary: string, answer: 'created' | 'updated') =>
  applyDecorators(
    ApiOperation({ summary }),
    answer === 'created'
      ? ApiCreatedResponse({ type: CreatedPartResponse })
      : ApiOkResponse({ type: WriteResponseDto }),
    ApiHeader({
      name: 'If-Match',
      required: false,
      description: 'Write only if the initiative is at this version (else 412)',
      schema: { type: 'string', pattern: '^\\s*(W/)?"?[0-9]{1,15}"?\\s*$' },
    }),
    ApiHeader({
      name: 'Idempotency-Key',
      required: false,
      description: 'A retry with the same key and body returns the first result',
      schema: { type: 'string', pattern: '^[\\x21-\\x7e]{1,200}$' },
    }),
    HttpCode(answer === 'created' ? 201 : 200),
    UseInterceptors(InitiativeWriteInterceptor),
  );
