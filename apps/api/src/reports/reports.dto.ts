import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDefined, IsObject, ValidateBy, ValidateIf, ValidateNested } from 'class-validator';
import { CLIENT_ID, DateTimeField, EnumField, IdField, TextField } from '@followup/runtime';
import { CURSORS, PageQuery } from '../paging/page-query';

/** Longest commentary text per initiative. */
export const COMMENTARY_MAX = 5000;

/** The first problem with a commentary map, or null when it is `{initiativeId: non-blank text}`. */
export function commentaryProblem(value: unknown): string | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return 'commentary must be an object of {initiativeId: text}';
  }
  for (const [key, text] of Object.entries(value)) {
    if (!CLIENT_ID.test(key)) return `commentary key ${JSON.stringify(key)} is not an initiative id`;
    if (typeof text !== 'string' || !/\S/.test(text)) return `commentary.${key} must be non-blank text`;
    if (text.length > COMMENTARY_MAX) return `commentary.${key} must be at most ${COMMENTARY_MAX} characters`;
  }
  return null;
}

const CommentaryField = (options: { optional: boolean }) =>
  applyDecorators(
    ...(options.optional
      ? [ValidateIf((_o, v) => v !== undefined)]
      : [IsDefined({ message: '$property is required' })]),
    ValidateBy({
      name: 'commentary',
      validator: {
        validate: (value: unknown) => commentaryProblem(value) === null,
        defaultMessage: (args) => commentaryProblem(args?.value) ?? 'commentary is invalid',
      },
    }),
    (options.optional ? ApiPropertyOptional : ApiProperty)({
      type: 'object',
      additionalProperties: { type: 'string', minLength: 1, maxLength: COMMENTARY_MAX },
      description: 'Commentary per initiative of the report: {initiativeId: text}',
      example: { '0197abcd-0000-7000-8000-000000000001': 'Behind plan; the board was told in May.' },
    }),
  );

export class ReportPeriodDto {
  @DateTimeField({ description: 'Start of the period (included)', example: '2026-05-01' })
  from!: string;

  @DateTimeField({ description: 'End of the period (excluded)', example: '2026-09-01' })
  to!: string;

  @TextField(50, { description: 'Name of the period, e.g. 2026-T2 or 2026', example: '2026-T2' })
  label!: string;
}

export class CompileReportRequest {
  @IdField({ description: 'The initiative whose subtree the report covers' })
  rootInitiativeId!: string;

  @IsDefined({ message: '$property is required' })
  @IsObject()
  @ValidateNested()
  @Type(() => ReportPeriodDto)
  @ApiProperty({ type: ReportPeriodDto })
  period!: ReportPeriodDto;

  @CommentaryField({ optional: true })
  commentary?: Record<string, string>;
}

export class ReviseReportCommentaryRequest {
  @CommentaryField({ optional: false })
  commentary!: Record<string, string>;
}

export const REPORT_FORMATS = ['json', 'csv', 'xlsx', 'html'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export class ReportFormatQuery {
  @EnumField(REPORT_FORMATS, { optional: true, description: 'json (default), csv, xlsx or html' })
  format?: ReportFormat;
}

export class ListReportsQuery extends PageQuery(50, 200, CURSORS.offset) {
  @IdField({ optional: true, description: 'Only reports of this root initiative' })
  rootInitiativeId?: string;
}
