import { OmitType } from '@nestjs/swagger';
import { IdField, TextField } from '@followup/runtime';
import type { InitiativeWrite } from '../application/execute-initiative-command';
import { definedOnly, initiativeWrite, WriteContextDto, type InitiativeIds } from './write-context.dto';

interface GoalIds extends InitiativeIds {
  readonly goalId: string;
}

/** Links a goal to a goal it contributes to, in an ancestor or any other initiative that is not a descendant. */
export class LinkContributionDto extends WriteContextDto {
  @IdField({ description: 'The initiative of the goal contributed to', example: 'prog-digital' })
  toInitiativeId!: string;

  @IdField({ description: 'The goal contributed to' })
  toGoalId!: string;

  @TextField(2000, { optional: true, description: 'How this goal contributes' })
  note?: string;

  toCommand({ initiativeId, goalId }: GoalIds): InitiativeWrite {
    const { toInitiativeId, toGoalId, note } = this;
    return initiativeWrite(this, {
      type: 'LinkGoalContribution',
      data: { initiativeId, goalId, toInitiativeId, toGoalId, ...definedOnly({ note }) },
    });
  }
}

export class RemoveContributionDto extends OmitType(WriteContextDto, ['reason'] as const) {
  @TextField(2000, { description: 'Why the goal no longer contributes (required)' })
  reason!: string;

  toCommand({ initiativeId, goalId, toGoalId }: GoalIds & { toGoalId: string }): InitiativeWrite {
    return initiativeWrite(this, {
      type: 'RemoveGoalContribution',
      data: { initiativeId, goalId, toGoalId, reason: this.reason },
    });
  }
}
