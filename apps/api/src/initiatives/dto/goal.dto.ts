import { applyDecorators } from '@nestjs/common';
import { ApiProperty, OmitType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDefined, IsObject, ValidateNested } from 'class-validator';
import { v7 as uuidv7 } from 'uuid';
import {
  AGGREGATIONS,
  INDICATOR_DIRECTIONS,
  INDICATOR_FREQUENCIES,
  INDICATOR_ROLES,
  MEASUREMENT_METHODS,
  type IndicatorFrequency,
  type IndicatorRole,
  type MeasurementMethod,
  RESULT_LEVELS,
  type Aggregation,
  type IndicatorDirection,
  type ResultLevel,
} from '@followup/domain';
import { DateTimeField, EnumField, NumberField, TextField } from '@followup/runtime';
import type { InitiativeWrite } from '../application/execute-initiative-command';
import { DatedValueDto, DatedValues } from './list-fields';
import { BreakdownDto, BreakdownField } from './breakdown.dto';
import { TargetGroupsField } from './target-groups.field';
import { definedOnly, initiativeWrite, WriteContextDto, type InitiativeIds } from './write-context.dto';

interface GoalIds extends InitiativeIds {
  readonly goalId: string;
}

interface IndicatorIds extends InitiativeIds {
  readonly indicatorId: string;
}

export class DefineGoalDto extends WriteContextDto {
  @TextField(2000, { example: 'More pupils in rural schools master basic digital skills' })
  statement!: string;

  @EnumField(RESULT_LEVELS)
  resultLevel!: ResultLevel;

  @TargetGroupsField()
  targetGroups?: string[];

  toCommand({ initiativeId }: InitiativeIds): InitiativeWrite {
    const goalId = uuidv7();
    const { statement, resultLevel, targetGroups } = this;
    return initiativeWrite(
      this,
      { type: 'DefineGoal', data: { initiativeId, goalId, statement, resultLevel, ...definedOnly({ targetGroups }) } },
      goalId,
    );
  }
}

export class ReviseGoalDto extends OmitType(WriteContextDto, ['reason'] as const) {
  @TextField(2000, { optional: true })
  statement?: string;

  @EnumField(RESULT_LEVELS, { optional: true })
  resultLevel?: ResultLevel;

  @TextField(2000, { description: 'Why the goal changes (required)' })
  reason!: string;

  toCommand({ initiativeId, goalId }: GoalIds): InitiativeWrite {
    const { statement, resultLevel } = this;
    return initiativeWrite(this, {
      type: 'ReviseGoal',
      data: { initiativeId, goalId, ...definedOnly({ statement, resultLevel }) },
    });
  }
}

export class DefineIndicatorDto extends WriteContextDto {
  @TextField(200, { example: 'Share of pupils passing the digital skills test' })
  name!: string;

  @TextField(50, { example: 'percent' })
  unit!: string;

  @EnumField(INDICATOR_DIRECTIONS)
  direction!: IndicatorDirection;

  @applyDecorators(
    IsDefined({ message: '$property is required' }),
    IsObject(),
    ValidateNested(),
    Type(() => DatedValueDto),
    ApiProperty({ type: DatedValueDto }),
  )
  baseline!: DatedValueDto;

  @DatedValues(100)
  targets!: DatedValueDto[];

  @EnumField(AGGREGATIONS, { optional: true, description: 'How the indicator adds up in roll-ups (default none)' })
  aggregation?: Aggregation;

  @EnumField(INDICATOR_FREQUENCIES, { optional: true, description: 'How often it is measured; judges staleness' })
  frequency?: IndicatorFrequency;

  @EnumField(MEASUREMENT_METHODS, { optional: true, description: 'Where the measurements come from' })
  method?: MeasurementMethod;

  @EnumField(INDICATOR_ROLES, { optional: true, description: 'performance (default) or context: not judged' })
  role?: IndicatorRole;

  toCommand({ initiativeId, goalId }: GoalIds): InitiativeWrite {
    const indicatorId = uuidv7();
    const { name, unit, direction, aggregation, frequency, method, role } = this;
    return initiativeWrite(
      this,
      {
        type: 'DefineIndicator',
        data: {
          initiativeId,
          goalId,
          indicatorId,
          name,
          unit,
          direction,
          baseline: this.baseline.toValue(),
          targets: this.targets.map((target) => target.toValue()),
          ...definedOnly({ aggregation, frequency, method, role }),
        },
      },
      indicatorId,
    );
  }
}

export class RecordMeasurementDto extends WriteContextDto {
  @NumberField()
  value!: number;

  @DateTimeField()
  at!: string;

  @TextField(500, { optional: true })
  source?: string;

  @TextField(2000, { optional: true })
  note?: string;

  @BreakdownField()
  breakdown?: BreakdownDto;

  toCommand({ initiativeId, indicatorId }: IndicatorIds): InitiativeWrite {
    const measurementId = uuidv7();
    const { value, at, source, note } = this;
    const breakdown = this.breakdown?.toValue();
    return initiativeWrite(
      this,
      {
        type: 'RecordMeasurement',
        data: { initiativeId, indicatorId, measurementId, value, at, ...definedOnly({ source, note, breakdown }) },
      },
      measurementId,
    );
  }
}
