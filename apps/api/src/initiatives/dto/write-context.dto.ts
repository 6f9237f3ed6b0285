import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, Min, ValidateIf } from 'class-validator';
import { CaseRefField, DateTimeField, TextField } from '@followup/runtime';
import type { InitiativeWrite, UnstampedCommand } from '../application/execute-initiative-command';

/** The initiative a write addresses, from the path. */
export interface InitiativeIds {
  readonly initiativeId: string;
}

/** Decision context any write may carry (docs/api.md, "Conventions"). */
export class WriteContextDto {
  @TextField(2000, { optional: true, description: 'Why the change is made' })
  reason?: string;

  @CaseRefField({ optional: true, description: 'Formal decision or case number' })
  caseRef?: string;

  @TextField(200, { optional: true, description: 'Who decided (person or body)' })
  decidedBy?: string;

  @DateTimeField({ optional: true, description: 'Business time the change took effect; not in the future' })
  occurredAt?: string;

  @ValidateIf((_o, v) => v !== undefined)
  @IsInt()
  @Min(0)
  @ApiPropertyOptional({
    type: 'integer',
    minimum: 0,
    description: 'Write only if the initiative is still at this version (else 409)',
  })
  expectedVersion?: number;
}

type Defined<T> = { [K in keyof T]?: Exclude<T[K], undefined> };

/** The fields that were given: an omitted optional field never reaches a command as `undefined`. */
export function definedOnly<T extends object>(fields: T): Defined<T> {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as Defined<T>;
}

/** The context fields a write body may carry, whichever of them its DTO makes required. */
type WriteContextFields = Pick<WriteContextDto, 'reason' | 'caseRef' | 'decidedBy' | 'occurredAt' | 'expectedVersion'>;

/** A domain command with the decision context and expected version its body carried. */
export function initiativeWrite(
  body: WriteContextFields,
  command: UnstampedCommand,
  createdPartId?: string,
): InitiativeWrite {
  const { reason, caseRef, decidedBy, occurredAt, expectedVersion } = body;
  return {
    command,
    context: definedOnly({ reason, caseRef, decidedBy, occurredAt }),
    ...definedOnly({ createdPartId, expectedVersion }),
  };
}
