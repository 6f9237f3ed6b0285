import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsObject, IsOptional, ValidateNested } from 'class-validator';
import { v7 as uuidv7 } from 'uuid';
import {
  CLOSURE_OUTCOMES,
  GOAL_ACHIEVEMENTS,
  INITIATIVE_KINDS,
  type ClosureOutcome,
  type GoalAchievement,
  type GoalAssessment,
  type InitiativeKind,
} from '@followup/domain';
import { DateTimeField, EnumField, IdField, TextField } from '@followup/runtime';
import type { InitiativeWrite } from '../application/execute-initiative-command';
import { NestedList, StringList } from './list-fields';
import { TargetGroupsField } from './target-groups.field';
import { definedOnly, initiativeWrite, WriteContextDto, type InitiativeIds } from './write-context.dto';

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

  @StringList(100, 200, false, 'Partner organisations (partnarskap)')
  partners?: string[];

  @DateTimeField({ optional: true })
  startsAt?: string;

  @DateTimeField({ optional: true })
  endsAt?: string;

  @TargetGroupsField()
  targetGroups?: string[];

  toCommand(): InitiativeWrite {
    const { kind, title, ownerUnit, responsible, parentId, description, partners, startsAt, endsAt } = this;
    const { targetGroups } = this;
    return initiativeWrite(this, {
      type: 'RegisterInitiative',
      data: {
        initiativeId: this.id ?? uuidv7(),
        kind,
        title,
        ownerUnit,
        responsible,
        ...definedOnly({ parentId, description, partners, startsAt, endsAt, targetGroups }),
      },
    });
  }
}

export class ActivateInitiativeDto extends WriteContextDto {
  toCommand({ initiativeId }: InitiativeIds): InitiativeWrite {
    return initiativeWrite(this, { type: 'ActivateInitiative', data: { initiativeId } });
  }
}

export class AssessmentOverrideDto {
  @TextField(2000, { description: 'Why the goal is assessed full although an indicator misses its final target' })
  reason!: string;
}

export class GoalAssessmentDto {
  @IdField()
  goalId!: string;

  @EnumField(GOAL_ACHIEVEMENTS)
  achievement!: GoalAchievement;

  @TextField(2000)
  comment!: string;

  @applyDecorators(
    IsOptional(),
    IsObject(),
    ValidateNested(),
    Type(() => AssessmentOverrideDto),
    ApiPropertyOptional({ type: AssessmentOverrideDto, description: 'Assess full although the data misses' }),
  )
  override?: AssessmentOverrideDto;

  toAssessment(): GoalAssessment {
    const { goalId, achievement, comment } = this;
    return { goalId, achievement, comment, ...(this.override ? { override: { reason: this.override.reason } } : {}) };
  }
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

  toCommand({ initiativeId }: InitiativeIds): InitiativeWrite {
    return initiativeWrite(this, {
      type: 'CloseInitiative',
      data: {
        initiativeId,
        outcome: this.outcome,
        finalEvaluation: this.finalEvaluation,
        goalAssessments: this.goalAssessments.map((assessment) => assessment.toAssessment()),
        ...definedOnly({ lessons: this.lessons }),
      },
    });
  }
}
