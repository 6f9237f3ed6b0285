import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, Min, ValidateIf } from 'class-validator';
import { CaseRefField, DateTimeField, TextField } from '@followup/runtime';

/** Decision context any write may carry (API.md "Conventions"). */
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
    type: Number,
    description: 'Write only if the initiative is still at this version (else 409)',
  })
  expectedVersion?: number;
}
