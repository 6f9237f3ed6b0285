import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsObject, ValidateIf, ValidateNested } from 'class-validator';
import type { MeasurementBreakdown } from '@followup/domain';
import { TextField } from '@followup/runtime';
import { definedOnly } from './write-context.dto';

/** The part of the whole a measurement covers. */
export class BreakdownDto {
  @TextField(100, { optional: true, description: 'A target group code of GET /vocabulary' })
  targetGroup?: string;

  @TextField(100, { optional: true, example: 'Sogndal' })
  municipality?: string;

  toValue(): MeasurementBreakdown {
    const { targetGroup, municipality } = this;
    return definedOnly({ targetGroup, municipality });
  }
}

export const BreakdownField = () =>
  applyDecorators(
    ValidateIf((_o, v) => v !== undefined),
    IsObject(),
    ValidateNested(),
    Type(() => BreakdownDto),
    ApiPropertyOptional({ type: BreakdownDto, description: 'Measured for one target group and/or municipality' }),
  );
