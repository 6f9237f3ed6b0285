import { Command } from '@nestjs/cqrs';
import type { InitiativeCommand } from '@followup/domain';
import type { AuthenticatedActor } from '@followup/platform';
import type { ExpectedVersion } from '@followup/runtime';

/** A domain command before the shell stamps it with actor and time. */
export type UnstampedCommand = InitiativeCommand extends infer C
  ? C extends InitiativeCommand
    ? Omit<C, 'metadata'>
    : never
  : never;

export interface DecisionContext {
  readonly reason?: string;
  readonly caseRef?: string;
  readonly decidedBy?: string;
  readonly occurredAt?: string;
}

/** What a request asks of an initiative, as its DTO's `toCommand` states it. */
export interface InitiativeWrite {
  readonly command: UnstampedCommand;
  readonly context: DecisionContext;
  /** Id of the part the write creates (goal, milestone, ...); absent for writes to the initiative itself. */
  readonly createdPartId?: string;
  /** `expectedVersion` of the body; an `If-Match` header takes precedence. */
  readonly expectedVersion?: number;
}

/** How the request was sent: preconditions, retries and tracing. */
export interface WriteOptions {
  readonly expectedVersion?: ExpectedVersion;
  /** The Idempotency-Key and a hash of what was asked: the same key with another request is refused. */
  readonly idempotency?: { readonly key: string; readonly fingerprint: string };
  readonly correlationId: string;
  readonly requestId: string;
}

export interface WriteResponse {
  readonly id: string;
  readonly initiativeId?: string;
  readonly version: number;
}

export interface WriteOutcome {
  readonly response: WriteResponse;
  /** True when an earlier request with the same Idempotency-Key already did this. */
  readonly replayed: boolean;
}

/**
 * The @nestjs/cqrs command of every initiative write: one aggregate, one decider, so one handler
 * (load -> decide -> append). `CommandBus.execute` returns its typed WriteOutcome.
 */
export class ExecuteInitiativeCommand extends Command<WriteOutcome> {
  constructor(
    readonly write: InitiativeWrite,
    readonly actor: AuthenticatedActor,
    readonly options: WriteOptions,
  ) {
    super();
  }
}
