import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsDefined,
  IsObject,
  IsString,
  Matches,
  MaxLength,
  ValidateBy,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import {
  AGGREGATIONS,
  BENEFIT_KINDS,
  CLOSURE_OUTCOMES,
  DECISION_KINDS,
  GOAL_ACHIEVEMENTS,
  INDICATOR_DIRECTIONS,
  INITIATIVE_KINDS,
  RESULT_LEVELS,
  type Aggregation,
  type BenefitKind,
  type ClosureOutcome,
  type DecisionKind,
  type GoalAchievement,
  type IndicatorDirection,
  type InitiativeKind,
  type ResultLevel,
} from '@followup/domain';
import { DateTimeField, EnumField, IdField, NumberField, TextField } from '@followup/runtime';
import { WriteContextDto } from './write-context.dto';

const Optional = () => ValidateIf((_o, v) => v !== undefined);

/**
 * An optional list of short strings. Applied in this order on purpose: with `stopAtFirstError`
 * the first rule registered is the one reported, so "must be an array" comes before size rules.
 */
const StringList = (maxItems: number, maxLength: number, blankAllowed: boolean) =>
  applyDecorators(
    Optional(),
    IsArray(),
    ArrayMaxSize(maxItems),
    IsString({ each: true }),
    ...(blankAllowed ? [] : [Matches(/\S/, { each: true, message: 'each value in $property must not be blank' })]),
    MaxLength(maxLength, { each: true }),
  );

/** A required list of nested objects, reported as missing / not a list before its size. */
const NestedList = (type: () => new () => object, minItems: number, maxItems: number) =>
  applyDecorators(
    IsDefined({ message: '$property is required' }),
    IsArray(),
    ...(minItems > 0 ? [ArrayMinSize(minItems)] : []),
    ArrayMaxSize(maxItems),
    ValidateNested({ each: true }),
    Type(type),
    ApiProperty({ type: [type()] }),
  );

export class RegisterInitiativeDto extends WriteContextDto {
  @IdField({ optional: true, description: 'Client-chosen id; server-generated (UUID v7) when omitted' })
  id?: string;

  @EnumField(INITIATIVE_KINDS)
  kind!: InitiativeKind;

  @TextField(200, { example: 'Digital skills in rural schools' })
  title!: string;

  @IdField({ optional: true, description: 'Required for every kind except focusArea' })
  parentId?: string;

  @TextField(5000, { optional: true })
  description?: string;

  @TextField(200, { example: 'Regional development department' })
  ownerUnit!: string;

  @TextField(200, { example: 'Kari Nordmann' })
  responsible!: string;

  @StringList(100, 200, false)
  @ApiPropertyOptional({ type: [String], description: 'Partner organisations (partnarskap)' })
  partners?: string[];

  @DateTimeField({ optional: true })
  startsAt?: string;

  @DateTimeField({ optional: true })
  endsAt?: string;
}

export class ActivateInitiativeDto extends WriteContextDto {}

export class DefineGoalDto extends WriteContextDto {
  @TextField(2000, { example: 'More pupils in rural schools master basic digital skills' })
  statement!: string;

  @EnumField(RESULT_LEVELS)
  resultLevel!: ResultLevel;
}

export class ReviseGoalDto extends OmitType(WriteContextDto, ['reason'] as const) {
  @TextField(2000, { optional: true })
  statement?: string;

  @EnumField(RESULT_LEVELS, { optional: true })
  resultLevel?: ResultLevel;

  @TextField(2000, { description: 'Why the goal changes (required)' })
  reason!: string;
}

export class DatedValueDto {
  @NumberField()
  value!: number;

  @DateTimeField()
  at!: string;
}

const DatedValues = (max: number) => (target: object, key: string) => {
  IsDefined({ message: '$property is required' })(target, key);
  IsArray()(target, key);
  ArrayMinSize(1)(target, key);
  ArrayMaxSize(max)(target, key);
  ValidateNested({ each: true })(target, key);
  Type(() => DatedValueDto)(target, key);
  ApiProperty({ type: [DatedValueDto] })(target, key);
};

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
}

export class PlanMilestoneDto extends WriteContextDto {
  @TextField(200)
  title!: string;

  @DateTimeField()
  dueAt!: string;

  @TextField(5000, { optional: true })
  description?: string;
}

export class AchieveMilestoneDto extends WriteContextDto {
  @DateTimeField()
  achievedAt!: string;

  @TextField(5000, { description: 'Interim evaluation' })
  evaluation!: string;
}

export class RescheduleMilestoneDto extends OmitType(WriteContextDto, ['reason'] as const) {
  @DateTimeField()
  dueAt!: string;

  @TextField(2000, { description: 'Why the milestone moves (required)' })
  reason!: string;
}

export class MilestoneReasonDto extends OmitType(WriteContextDto, ['reason'] as const) {
  @TextField(2000)
  reason!: string;
}

export class RecordDecisionDto extends OmitType(WriteContextDto, ['decidedBy', 'occurredAt'] as const) {
  @EnumField(DECISION_KINDS)
  kind!: DecisionKind;

  @TextField(500)
  summary!: string;

  @TextField(5000)
  rationale!: string;

  @TextField(200)
  decidedBy!: string;

  @DateTimeField({ description: 'When the decision was made; not in the future' })
  occurredAt!: string;

  @DateTimeField({ optional: true, description: 'When the next follow-up is due' })
  followUpBy?: string;

  @StringList(100, 64, true)
  @ApiPropertyOptional({
    type: [String],
    description: 'Ids of goals, indicators, milestones or benefits the decision concerns',
  })
  affects?: string[];
}

export const COURSE_CHANGE_TYPES = ['reviseGoal', 'changeTargets', 'rescheduleMilestone', 'planMilestone'] as const;

type CourseChangeType = (typeof COURSE_CHANGE_TYPES)[number];

/**
 * A field of some change types only: validated when its type is one of them; given with
 * another type it is refused by name rather than silently dropped.
 */
const AppliesTo = (...types: CourseChangeType[]): PropertyDecorator =>
  applyDecorators(
    ValidateIf((o: CourseChangeDto, value) => types.includes(o.type) || value !== undefined),
    ValidateBy({
      name: 'appliesTo',
      validator: {
        validate: (_value, args) => types.includes((args?.object as CourseChangeDto).type),
        defaultMessage: (args) =>
          `${args?.property} does not apply to a ${(args?.object as CourseChangeDto).type} change`,
      },
    }),
  );

/** One change of a course correction; which fields apply depends on `type`. */
export class CourseChangeDto {
  @EnumField(COURSE_CHANGE_TYPES)
  type!: CourseChangeType;

  @IdField({ description: 'reviseGoal' })
  @AppliesTo('reviseGoal')
  goalId?: string;

  @TextField(2000, { optional: true, description: 'reviseGoal' })
  @AppliesTo('reviseGoal')
  statement?: string;

  @EnumField(RESULT_LEVELS, { optional: true, description: 'reviseGoal' })
  @AppliesTo('reviseGoal')
  resultLevel?: ResultLevel;

  @IdField({ description: 'changeTargets' })
  @AppliesTo('changeTargets')
  indicatorId?: string;

  @DatedValues(100)
  @AppliesTo('changeTargets')
  targets?: DatedValueDto[];

  @IdField({ description: 'rescheduleMilestone' })
  @AppliesTo('rescheduleMilestone')
  milestoneId?: string;

  @DateTimeField({ description: 'rescheduleMilestone, planMilestone' })
  @AppliesTo('rescheduleMilestone', 'planMilestone')
  dueAt?: string;

  @TextField(200, { description: 'planMilestone' })
  @AppliesTo('planMilestone')
  title?: string;

  @TextField(5000, { optional: true, description: 'planMilestone' })
  @AppliesTo('planMilestone')
  description?: string;
}

export class CorrectCourseDto extends OmitType(WriteContextDto, ['decidedBy'] as const) {
  @TextField(5000)
  rationale!: string;

  @TextField(200)
  decidedBy!: string;

  @NestedList(() => CourseChangeDto, 1, 50)
  changes!: CourseChangeDto[];
}

export class RegisterBenefitDto extends WriteContextDto {
  @TextField(2000)
  description!: string;

  @TextField(200, { description: 'Benefit owner (gevinsteigar)' })
  owner!: string;

  @EnumField(BENEFIT_KINDS)
  kind!: BenefitKind;

  @IdField({ optional: true })
  indicatorId?: string;

  @NumberField({ optional: true })
  baseline?: number;

  @NumberField({ optional: true })
  target?: number;

  @DateTimeField({ description: 'When the benefit should be realised' })
  realisationDue!: string;
}

export class RecordRealisationDto extends WriteContextDto {
  @NumberField()
  value!: number;

  @DateTimeField()
  at!: string;

  @TextField(2000, { optional: true })
  note?: string;
}

export class GoalAssessmentDto {
  @IdField()
  goalId!: string;

  @EnumField(GOAL_ACHIEVEMENTS)
  achievement!: GoalAchievement;

  @TextField(2000)
  comment!: string;
}

export class CloseInitiativeDto extends WriteContextDto {
  @EnumField(CLOSURE_OUTCOMES)
  outcome!: ClosureOutcome;

  @TextField(10000, { description: 'Final evaluation (sluttvurdering)' })
  finalEvaluation!: string;

  @NestedList(() => GoalAssessmentDto, 0, 200)
  goalAssessments!: GoalAssessmentDto[];

  @TextField(10000, { optional: true })
  lessons?: string;
}
