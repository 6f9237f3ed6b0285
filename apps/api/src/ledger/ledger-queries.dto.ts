import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsString, Matches, Max, Min, ValidateIf } from 'class-validator';
import { DateTimeField, EnumField } from '@followup/runtime';

export const EXPORT_FORMATS = ['ndjson', 'csv'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export class VerifyLedgerQuery {
  @ValidateIf((_o, v) => v !== undefined)
  @IsString()
  @Matches(/^v1:(0|[1-9][0-9]{0,15}):[0-9a-f]{64}$/, {
    message: '$property must be a ledger digest as GET /audit/digest returns it (v1:<position>:<64 hex digits>)',
  })
  @ApiPropertyOptional({
    pattern: '^v1:(0|[1-9][0-9]{0,15}):[0-9a-f]{64}$',
    description: 'A digest saved earlier (GET /audit/digest): also prove that the history it covers is unchanged',
    example: 'v1:42:0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0',
  })
  digest?: string;
}

export class ExportLedgerQuery {
  @DateTimeField({ optional: true, description: 'Events recorded at or after this time (default: from the beginning)' })
  from?: string;

  @DateTimeField({ optional: true, description: 'Events recorded before this time (default: up to now)' })
  to?: string;

  @ValidateIf((_o, v) => v !== undefined)
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  @ApiPropertyOptional({
    type: 'integer',
    minimum: 0,
    maximum: Number.MAX_SAFE_INTEGER,
    description:
      'Only events at or before this position: the position of a saved digest exports exactly the history it covers',
  })
  upToPosition?: number;

  @EnumField(EXPORT_FORMATS, { optional: true, description: 'ndjson (default) or csv' })
  format?: ExportFormat;
}
