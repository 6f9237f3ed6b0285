import { applyDecorators, createParamDecorator, HttpCode, Injectable, type ExecutionContext } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { requireActor, type RequestWithActor } from '@followup/runtime';
import {
  ExecuteInitiativeCommand,
  type InitiativeWrite,
  type WriteResponse,
} from '../application/execute-initiative-command';
import { CreatedPartResponse, WriteResponseDto } from '../dto/responses.dto';
import { writeOptionsOf } from './write-request';

/** The request a write came with and the reply it answers on. */
export interface WriteExchange {
  readonly request: RequestWithActor;
  readonly reply: FastifyReply;
}

/** Route parameter: the WriteExchange of the request (for InitiativeWrites.execute). */
export const Exchange = createParamDecorator((_data: unknown, context: ExecutionContext): WriteExchange => {
  const http = context.switchToHttp();
  return { request: http.getRequest<RequestWithActor>(), reply: http.getResponse<FastifyReply>() };
});

/**
 * Runs the InitiativeWrite a route built: adds the actor and the write options of the request
 * (If-Match or expectedVersion, Idempotency-Key, correlation and request ids, fingerprint), executes
 * it on the command bus and answers with the written version in `ETag` (and `Idempotent-Replayed`).
 * Called by the route itself rather than from an interceptor: Nest binds two async resources and
 * builds an observable chain per request for each interceptor, a cost only the writes paid.
 */
@Injectable()
export class InitiativeWrites {
  constructor(private readonly commands: CommandBus) {}

  async execute(write: InitiativeWrite, { request, reply }: WriteExchange): Promise<WriteResponse> {
    const actor = requireActor(request);
    const { response, replayed } = await this.commands.execute(
      new ExecuteInitiativeCommand(write, actor, writeOptionsOf(request, write)),
    );
    void reply.header('ETag', `"${response.version}"`);
    if (replayed) void reply.header('Idempotent-Replayed', 'true');
    return response;
  }
}

/**
 * A write route: its method builds the InitiativeWrite of its body and hands it to
 * InitiativeWrites.execute with the request's Exchange. `created` answers 201 with the id of the
 * created part, otherwise 200.
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
  );
