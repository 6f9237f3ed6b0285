import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsString, Max, Min, ValidateIf } from 'class-validator';
import { DateTimeField, IdField } from '@followup/runtime/http/fields';

export class DecisionLogQuery {
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

  @ValidateIf((_o, v) => v !== undefined)
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  @ApiPropertyOptional({ type: Number, default: 100, maximum: 500 })
  limit?: number;

  @ValidateIf((_o, v) => v !== undefined)
  @IsString()
  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  cursor?: string;
}
