import type { InitiativeCommand } from '@followup/domain';
import type { AuthenticatedActor } from '@followup/platform';

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

export interface ExpectedVersion {
  readonly version: number;
  /** `If-Match` answers a stale version with 412, a body `expectedVersion` with 409. */
  readonly via: 'if-match' | 'body';
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

/** The @nestjs/cqrs command every initiative write goes through. */
export class ExecuteInitiativeCommand {
  constructor(
    readonly command: UnstampedCommand,
    readonly actor: AuthenticatedActor,
    readonly context: DecisionContext,
    readonly options: {
      readonly expectedVersion?: ExpectedVersion;
      readonly idempotencyKey?: string;
      /** Hash of what was asked; the same key with another request is refused. */
      readonly fingerprint: string;
      /** Id of the part a write creates (goal, milestone, ...); absent for writes to the initiative itself. */
      readonly createdPartId?: string;
      readonly correlationId: string;
      readonly requestId: string;
    },
  ) {}
}
