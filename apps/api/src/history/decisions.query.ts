import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, ValidateIf } from 'class-validator';
import { DateTimeField, IdField } from '@followup/runtime';
import { PageQuery } from '../paging/page-query';

export class DecisionLogQuery extends PageQuery(100, 500) {
  @DateTimeField({ optional: true, description: 'Decisions made (occurredAt) at or after this time' })
  from?: string;

  @DateTimeField({ optional: true, description: 'Decisions made before this time' })
  to?: string;

  @IdField({ optional: true, description: 'Only this initiative' })
  initiativeId?: string;

  @IdField({ optional: true, description: 'This initiative and everything beneath it' })
  subtree?: string;

  @ValidateIf((_o, v) => v !== undefined)
  @IsString()
  @ApiPropertyOptional({ description: 'Only decisions recorded by this user (sub)' })
  actor?: string;
}
