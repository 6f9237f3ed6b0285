import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, MaxLength, ValidateIf } from 'class-validator';
import { DECISION_LOG_KINDS } from '@followup/read-model';
import { DateTimeField, EnumField, IdField } from '@followup/runtime';
import { CURSORS, PageQuery } from '../paging/page-query';

export const BOOLEAN_VALUES = ['true', 'false'] as const;

/** An optional free-text filter of at most `max` characters. */
const TextFilter =
  (description: string, max = 200) =>
  (target: object, key: string) => {
    ValidateIf((_o, v) => v !== undefined)(target, key);
    IsString()(target, key);
    MaxLength(max)(target, key);
    ApiPropertyOptional({ description })(target, key);
  };

export class DecisionLogQuery extends PageQuery(100, 500, CURSORS.offset) {
  @DateTimeField({ optional: true, description: 'Entries whose business time (occurredAt) is at or after this' })
  from?: string;

  @DateTimeField({ optional: true, description: 'Entries whose business time (occurredAt) is before this' })
  to?: string;

  @IdField({ optional: true, description: 'Only this initiative (and its descendants with includeDescendants=true)' })
  initiativeId?: string;

  @EnumField(BOOLEAN_VALUES, { optional: true, description: 'With initiativeId: also everything beneath it' })
  includeDescendants?: (typeof BOOLEAN_VALUES)[number];

  @TextFilter('Only entries with this case number')
  caseRef?: string;

  @TextFilter('Only entries decided by this body or person (exact)')
  decidedBy?: string;

  @EnumField(DECISION_LOG_KINDS, { optional: true, description: 'Only entries of this kind' })
  kind?: string;

  @TextFilter('Words that must all appear in the summary, rationale or a change reason (case-insensitive)')
  q?: string;

  @TextFilter('Only entries recorded by this user (sub)')
  actor?: string;
}
