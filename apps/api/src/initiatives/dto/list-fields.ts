import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsDefined,
  IsString,
  Matches,
  MaxLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import type { DatedValue } from '@followup/domain';
import { DateTimeField, NumberField } from '@followup/runtime';

const Optional = () => ValidateIf((_o, v) => v !== undefined);

/**
 * An optional list of short strings. Applied in this order on purpose: with `stopAtFirstError`
 * the first rule registered is the one reported, so "must be an array" comes before size rules.
 */
export const StringList = (maxItems: number, maxLength: number, blankAllowed: boolean, description?: string) =>
  applyDecorators(
    ApiPropertyOptional({
      type: 'array',
      items: { type: 'string', maxLength, ...(blankAllowed ? {} : { pattern: '\\S' }) },
      maxItems,
      ...(description ? { description } : {}),
    }),
    Optional(),
    IsArray(),
    ArrayMaxSize(maxItems),
    IsString({ each: true }),
    ...(blankAllowed ? [] : [Matches(/\S/, { each: true, message: 'each value in $property must not be blank' })]),
    MaxLength(maxLength, { each: true }),
  );

/** A required list of nested objects, reported as missing / not a list before its size. */
export const NestedList = (type: () => new () => object, minItems: number, maxItems: number) =>
  applyDecorators(
    IsDefined({ message: '$property is required' }),
    IsArray(),
    ...(minItems > 0 ? [ArrayMinSize(minItems)] : []),
    ArrayMaxSize(maxItems),
    ValidateNested({ each: true }),
    Type(type),
    ApiProperty({ type: [type()], ...(minItems > 0 ? { minItems } : {}), maxItems }),
  );

export class DatedValueDto {
  @NumberField()
  value!: number;

  @DateTimeField()
  at!: string;

  toValue(): DatedValue {
    return { value: this.value, at: this.at };
  }
}

export const DatedValues = (max: number) => (target: object, key: string) => {
  IsDefined({ message: '$property is required' })(target, key);
  IsArray()(target, key);
  ArrayMinSize(1)(target, key);
  ArrayMaxSize(max)(target, key);
  ValidateNested({ each: true })(target, key);
  Type(() => DatedValueDto)(target, key);
  ApiProperty({ type: [DatedValueDto], minItems: 1, maxItems: max })(target, key);
};
