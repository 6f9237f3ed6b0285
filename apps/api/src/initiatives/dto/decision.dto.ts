import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { ValidateBy, ValidateIf } from 'class-validator';
import { v7 as uuidv7 } from 'uuid';
import {
  DECISION_KINDS,
  RESULT_LEVELS,
  type CourseChange,
  type DecisionKind,
  type ResultLevel,
} from '@followup/domain';
import { DateTimeField, EnumField, IdField, TextField } from '@followup/runtime';
import type { InitiativeWrite } from '../application/execute-initiative-command';
import { DatedValueDto, DatedValues, NestedList, StringList } from './list-fields';
import { definedOnly, initiativeWrite, WriteContextDto, type InitiativeIds } from './write-context.dto';

/** Open follow-up items (ids of the decisions that set them) a decision or course correction resolves. */
const ResolvesField = () => StringList(50, 64, true, 'Ids of open follow-up items (decisions) this resolves');

/** Risks of the initiative a decision or course correction answers. */
const AnsweredRisksField = () =>
  applyDecorators(
    StringList(50, 64, false),
    ApiPropertyOptional({
      type: [String],
      description: 'Ids of risks of the initiative this answers (422 if unknown)',
    }),
  );

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

  @StringList(100, 64, true, 'Ids of goals, indicators, milestones or benefits the decision concerns')
  affects?: string[];

  @ResolvesField()
  resolves?: string[];

  @AnsweredRisksField()
  risks?: string[];

  toCommand({ initiativeId }: InitiativeIds): InitiativeWrite {
    const decisionId = uuidv7();
    const { kind, summary, rationale, decidedBy, occurredAt, caseRef, followUpBy, affects, resolves, risks } = this;
    return initiativeWrite(
      this,
      {
        type: 'RecordFollowUpDecision',
        data: {
          initiativeId,
          decisionId,
          kind,
          summary,
          rationale,
          decidedBy,
          occurredAt,
          ...definedOnly({ caseRef, followUpBy, affects, resolves, risks }),
        },
      },
      decisionId,
    );
  }
}

export const COURSE_CHANGE_TYPES = ['reviseGoal', 'changeTargets', 'rescheduleMilestone', 'planMilestone'] as const;

type CourseChangeType = (typeof COURSE_CHANGE_TYPES)[number];

/**
 * A field of some change types only: validated when its type is one of them; given with
 * another type it is refused by name rather than silently dropped.
 */
/** Which change types each CourseChangeDto field applies to; the OpenAPI document states them as a union. */
export const COURSE_CHANGE_FIELDS: Record<string, readonly CourseChangeType[]> = {};

const AppliesTo = (...types: CourseChangeType[]): PropertyDecorator =>
  applyDecorators(
    (_target: object, property: string | symbol) => {
      COURSE_CHANGE_FIELDS[String(property)] = types;
    },
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

  /** Validation made the fields of this change's type present; a planned milestone gets its id here. */
  toChange(): CourseChange {
    const { statement, resultLevel, description } = this;
    switch (this.type) {
      case 'reviseGoal':
        return { type: 'reviseGoal', goalId: this.goalId!, ...definedOnly({ statement, resultLevel }) };
      case 'changeTargets':
        return {
          type: 'changeTargets',
          indicatorId: this.indicatorId!,
          targets: this.targets!.map((target) => target.toValue()),
        };
      case 'rescheduleMilestone':
        return { type: 'rescheduleMilestone', milestoneId: this.milestoneId!, dueAt: this.dueAt! };
      case 'planMilestone': {
        const planned = { milestoneId: uuidv7(), title: this.title!, dueAt: this.dueAt! };
        return { type: 'planMilestone', ...planned, ...definedOnly({ description }) };
      }
    }
  }
}

export class CorrectCourseDto extends OmitType(WriteContextDto, ['decidedBy'] as const) {
  @TextField(5000)
  rationale!: string;

  @TextField(200)
  decidedBy!: string;

  @NestedList(() => CourseChangeDto, 1, 50)
  changes!: CourseChangeDto[];

  @ResolvesField()
  resolves?: string[];

  @AnsweredRisksField()
  risks?: string[];

  toCommand({ initiativeId }: InitiativeIds): InitiativeWrite {
    const courseCorrectionId = uuidv7();
    const { rationale, decidedBy, caseRef, occurredAt, resolves, risks } = this;
    return initiativeWrite(
      this,
      {
        type: 'CorrectCourse',
        data: {
          initiativeId,
          courseCorrectionId,
          rationale,
          decidedBy,
          changes: this.changes.map((change) => change.toChange()),
          ...definedOnly({ caseRef, occurredAt, resolves, risks }),
        },
      },
      courseCorrectionId,
    );
  }
}
