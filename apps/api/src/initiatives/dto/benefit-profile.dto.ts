import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { ValidateBy, ValidateIf, type ValidationArguments } from 'class-validator';
import { INDICATOR_FREQUENCIES, MEASUREMENT_METHODS, type DatedValue } from '@followup/domain';
import { EnumField, isExactNumber, TextField } from '@followup/runtime';

export type DatedValueDto = DatedValue;

const INSTANT = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}))?$/;

const isDatedValue = (value: unknown): boolean => {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const { value: number, at, ...rest } = value as Record<string, unknown>;
  return (
    Object.keys(rest).length === 0 &&
    isExactNumber(number) &&
    typeof at === 'string' &&
    INSTANT.test(at) &&
    !Number.isNaN(Date.parse(at))
  );
};

/** What the validator accepts, as the document states it (numbers stored exactly, instants as DateTimeField). */
const EXACT_NUMBER = { type: 'number', minimum: -1e15, maximum: 1e15 };
const DOCUMENTED_INSTANT = {
  type: 'string',
  format: 'date-time',
  pattern: '^[1-9]\\d{3}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?(Z|[+-](0\\d|1[0-4]):[0-5]\\d)$',
};

/** A plain number (without a benefit profile) or `{value, at}` (with one). */
export const NumberOrDatedValue = () =>
  applyDecorators(
    ValidateIf((_o, v) => v !== undefined),
    ValidateBy({
      name: 'numberOrDatedValue',
      validator: {
        validate: (value: unknown) => isExactNumber(value) || isDatedValue(value),
        defaultMessage: (args?: ValidationArguments) =>
          `${args?.property ?? 'value'} must be a number or {value: number, at: ISO 8601 date-time}`,
      },
    }),
    ApiPropertyOptional({
      oneOf: [
        EXACT_NUMBER,
        {
          type: 'object',
          required: ['value', 'at'],
          properties: { value: EXACT_NUMBER, at: DOCUMENTED_INSTANT },
          additionalProperties: false,
        },
      ],
    }),
  );

/** How often, how and from where a benefit is measured. */
export class MeasurementPlanDto {
  @EnumField(INDICATOR_FREQUENCIES)
  frequency!: (typeof INDICATOR_FREQUENCIES)[number];

  @EnumField(MEASUREMENT_METHODS)
  method!: (typeof MEASUREMENT_METHODS)[number];

  @TextField(500, { description: 'Where the figures come from' })
  source!: string;
}
