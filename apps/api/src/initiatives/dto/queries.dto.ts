import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, Matches, Min, ValidateIf } from 'class-validator';
import { INITIATIVE_KINDS, INITIATIVE_STATUSES, type InitiativeKind, type InitiativeStatus } from '@followup/domain';
import { DateTimeField, EnumField, IdField, TextField } from '@followup/runtime';
import { CURSORS, PageQuery } from '../../paging/page-query';

/**
 * A query value the server could not percent-decode (malformed UTF-8 such as `%ED%A0%80`) arrives with its
 * escapes left in place; it is refused like any text that is not well-formed Unicode.
 */
const WellDecoded = () =>
  Matches(/^(?![\s\S]*%[0-9A-Fa-f]{2})/, { message: '$property must be well-formed Unicode text' });

export const RAGS = ['green', 'amber', 'red', 'unknown'] as const;

export class GetInitiativeQuery {
  @DateTimeField({ optional: true, description: 'The record as it stood at this system time' })
  asOf?: string;

  @DateTimeField({
    optional: true,
    description: 'Things as they stood at this business time (events with occurredAt <= it)',
  })
  validAt?: string;

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

export class ListInitiativesQuery extends PageQuery(50, 200, CURSORS.id) {
  @EnumField(INITIATIVE_KINDS, { optional: true })
  kind?: InitiativeKind;

  @IdField({ optional: true })
  parentId?: string;

  @EnumField(INITIATIVE_STATUSES, { optional: true })
  status?: InitiativeStatus;

  @EnumField(RAGS, { optional: true })
  rag?: (typeof RAGS)[number];

  @TextField(100, { optional: true, description: 'A target group code of GET /vocabulary' })
  @WellDecoded()
  targetGroup?: string;

  @TextField(200, { optional: true, description: 'Owner unit, exactly' })
  @WellDecoded()
  ownerUnit?: string;

  @TextField(200, { optional: true, description: 'Responsible person, exactly' })
  @WellDecoded()
  responsible?: string;

  @TextField(200, { optional: true, description: 'A partner organisation, exactly' })
  @WellDecoded()
  partner?: string;

  @TextField(200, { optional: true, description: 'Words that must all occur in title or description (any case)' })
  @WellDecoded()
  q?: string;
}

/** `GET /initiatives/:id/indicators/:indicatorId/measurements`: newest recorded first. */
export class ListMeasurementsQuery extends PageQuery(100, 1000, CURSORS.offset) {}
