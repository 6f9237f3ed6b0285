import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, MaxLength, ValidateIf } from 'class-validator';
import { FOLLOW_UP_STATUSES, type FollowUpStatus } from '@followup/read-model';
import { EnumField, IdField } from '@followup/runtime';
import { CURSORS, PageQuery } from '../paging/page-query';
import { BOOLEAN_VALUES } from './decisions.query';

export class FollowUpsQuery extends PageQuery(100, 500, CURSORS.offset) {
  @EnumField(FOLLOW_UP_STATUSES, {
    optional: true,
    description: 'open: not resolved (overdue ones included); overdue: open and past dueAt; resolved',
  })
  status?: FollowUpStatus;

  @IdField({ optional: true, description: 'Only this initiative (and its descendants with includeDescendants=true)' })
  initiativeId?: string;

  @EnumField(BOOLEAN_VALUES, { optional: true, description: 'With initiativeId: also everything beneath it' })
  includeDescendants?: (typeof BOOLEAN_VALUES)[number];

  @ValidateIf((_o, v) => v !== undefined)
  @IsString()
  @MaxLength(200)
  @ApiPropertyOptional({ description: 'Only items opened by decisions with this case number' })
  caseRef?: string;
}
