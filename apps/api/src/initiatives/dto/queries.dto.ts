import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, Min, ValidateIf } from 'class-validator';
import { INITIATIVE_KINDS, INITIATIVE_STATUSES, type InitiativeKind, type InitiativeStatus } from '@followup/domain';
import { DateTimeField, EnumField, IdField } from '@followup/runtime';
import { PageQuery } from '../../paging/page-query';

export const RAGS = ['green', 'amber', 'red', 'unknown'] as const;

export class GetInitiativeQuery {
  @DateTimeField({ optional: true, description: 'The record as it stood at this system time' })
  asOf?: string;

  @ValidateIf((_o, v) => v !== undefined)
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    description: 'Wait (bounded) until the read model has reached this version',
  })
  minVersion?: number;
}

export class ListInitiativesQuery extends PageQuery(50, 200) {
  @EnumField(INITIATIVE_KINDS, { optional: true })
  kind?: InitiativeKind;

  @IdField({ optional: true })
  parentId?: string;

  @EnumField(INITIATIVE_STATUSES, { optional: true })
  status?: InitiativeStatus;

  @EnumField(RAGS, { optional: true })
  rag?: (typeof RAGS)[number];
}
