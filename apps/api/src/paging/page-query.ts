import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsString, Matches, Max, Min, ValidateIf } from 'class-validator';

/**
 * The shapes of `cursor`. Every string of a shape is a position the list can continue from, so
 * the document's pattern is exactly what the server accepts (no "valid-looking but unknown" cursors).
 */
export const CURSORS = {
  /** An offset into a list computed per request (audit reads): `o` and the offset. */
  offset: /^o[0-9]{1,9}$/,
  /** The id after which a list ordered by id continues. */
  id: /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/,
  /** The (raisedAt, id) before which a list ordered newest first continues. */
  instantAndId: new RegExp(
    '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]{1,9})?(Z|[+-][0-9]{2}:[0-9]{2})' +
      '~[A-Za-z0-9_:#-]{1,128}$',
  ),
} as const;

/** Offsets travel as `CURSORS.offset` (`o` and the number); the query DTO has checked the shape. */
export const encodeOffset = (offset: number) => `o${offset}`;
export const decodeOffset = (cursor: string): number => Number(cursor.slice(1));

/** `limit` and `cursor` of a paged list (`{ items, nextCursor? }`), as a base class for query DTOs. */
export function PageQuery(defaultLimit: number, maxLimit: number, cursorShape: RegExp) {
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
    @Matches(cursorShape, { message: 'cursor is not a cursor this API returned: use nextCursor of the previous page' })
    @ApiPropertyOptional({ description: 'nextCursor of the previous page', pattern: cursorShape.source })
    cursor?: string;
  }
  return Page;
}
