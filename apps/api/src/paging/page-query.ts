import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsString, Max, Min, ValidateIf } from 'class-validator';

/** `limit` and `cursor` of a paged list (`{ items, nextCursor? }`), as a base class for query DTOs. */
export function PageQuery(defaultLimit: number, maxLimit: number) {
  class Page {
    @ValidateIf((_o, v) => v !== undefined)
    @Type(() => Number)
    @IsInt()
    @Min(1)
    @Max(maxLimit)
    @ApiPropertyOptional({ type: 'integer', default: defaultLimit, minimum: 1, maximum: maxLimit })
    limit?: number;

    @ValidateIf((_o, v) => v !== undefined)
    @IsString()
    @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
    cursor?: string;
  }
  return Page;
}
