import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsDefined, IsIn, IsISO8601, IsNumber, IsString, Matches, MaxLength, ValidateIf } from 'class-validator';
import { IsExactNumber, MAX_EXACT_MAGNITUDE } from './number-fields';

interface FieldOptions {
  readonly optional?: boolean;
  readonly description?: string;
  readonly example?: unknown;
}

/** Optional fields may be omitted; an explicit null is refused so a typo never clears a value silently. */
const Optional = () => ValidateIf((_object, value) => value !== undefined);
/** Required fields report a missing value once, rather than every rule it fails. */
const Presence = (options: FieldOptions) =>
  options.optional ? [Optional()] : [IsDefined({ message: '$property is required' })];

const Documented = (type: Record<string, unknown>, options: FieldOptions) =>
  options.optional
    ? ApiPropertyOptional({ ...type, description: options.description, example: options.example })
    : ApiProperty({ ...type, description: options.description, example: options.example });

/** A non-blank string of at most `max` characters. */
export const TextField = (max: number, options: FieldOptions = {}) =>
  applyDecorators(
    ...Presence(options),
    IsString(),
    Matches(/\S/, { message: '$property must not be blank' }),
    MaxLength(max),
    Documented({ type: String, minLength: 1, maxLength: max, pattern: '\\S' }, options),
  );

/** A date (`2025-03-01`, read as midnight UTC) or a date-time with its offset (`Z`, `+01:00`). */
const INSTANT = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}))?$/;

/** What the document promises is accepted: four-digit years from 1000, offsets up to 14 hours. */
const DOCUMENTED_INSTANT =
  '^[1-9]\\d{3}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?(Z|[+-](0\\d|1[0-4]):[0-5]\\d)$';

export const DateTimeField = (options: FieldOptions = {}) =>
  applyDecorators(
    ...Presence(options),
    Matches(INSTANT, { message: '$property must be an ISO 8601 date or date-time with a time zone (Z or +01:00)' }),
    IsISO8601({ strict: true, strictSeparator: true }, { message: '$property must be a valid ISO 8601 date-time' }),
    Documented(
      { type: String, format: 'date-time', pattern: DOCUMENTED_INSTANT },
      { example: '2025-03-01T00:00:00Z', ...options },
    ),
  );

export const EnumField = (values: readonly string[], options: FieldOptions = {}) =>
  applyDecorators(
    ...Presence(options),
    IsIn(values, { message: `$property must be one of: ${values.join(', ')}` }),
    Documented({ enum: values, type: String }, options),
  );

export const NumberField = (options: FieldOptions = {}) =>
  applyDecorators(
    ...Presence(options),
    IsNumber({ allowNaN: false, allowInfinity: false }),
    IsExactNumber(),
    Documented({ type: Number, minimum: -MAX_EXACT_MAGNITUDE, maximum: MAX_EXACT_MAGNITUDE }, options),
  );

const CASE_REF = /^[A-Za-z0-9][A-Za-z0-9 ._/:-]{0,63}$/;
/** Ids in paths and bodies: what the server generates (UUID v7) and what clients may choose. */
export const CLIENT_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

/** A case or formal-decision number such as `2024/1234`. */
export const CaseRefField = (options: FieldOptions = {}) =>
  applyDecorators(
    ...Presence(options),
    IsString(),
    Matches(CASE_REF, {
      message: '$property must be a case number such as 2024/1234 (letters, digits, . _ / : -, at most 64)',
    }),
    Documented({ type: String, maxLength: 64, pattern: CASE_REF.source }, { example: '2024/1234', ...options }),
  );

/** An id chosen by a client: letters, digits, dashes and underscores. */
export const IdField = (options: FieldOptions = {}) =>
  applyDecorators(
    ...Presence(options),
    IsString(),
    Matches(CLIENT_ID, {
      message: '$property must be 1-64 letters, digits, dashes or underscores',
    }),
    Documented({ type: String, maxLength: 64, pattern: CLIENT_ID.source }, options),
  );
