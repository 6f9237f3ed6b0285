import { OmitType } from '@nestjs/swagger';
import { v7 as uuidv7 } from 'uuid';
import { DateTimeField, TextField } from '@followup/runtime';
import type { InitiativeWrite } from '../application/execute-initiative-command';
import { definedOnly, initiativeWrite, WriteContextDto, type InitiativeIds } from './write-context.dto';

interface MilestoneIds extends InitiativeIds {
  readonly milestoneId: string;
}

export class PlanMilestoneDto extends WriteContextDto {
  @TextField(200)
  title!: string;

  @DateTimeField()
  dueAt!: string;

  @TextField(5000, { optional: true })
  description?: string;

  toCommand({ initiativeId }: InitiativeIds): InitiativeWrite {
    const milestoneId = uuidv7();
    const { title, dueAt, description } = this;
    return initiativeWrite(
      this,
      { type: 'PlanMilestone', data: { initiativeId, milestoneId, title, dueAt, ...definedOnly({ description }) } },
      milestoneId,
    );
  }
}

export class AchieveMilestoneDto extends WriteContextDto {
  @DateTimeField()
  achievedAt!: string;

  @TextField(5000, { description: 'Interim evaluation' })
  evaluation!: string;

  toCommand({ initiativeId, milestoneId }: MilestoneIds): InitiativeWrite {
    const { achievedAt, evaluation } = this;
    return initiativeWrite(this, {
      type: 'AchieveMilestone',
      data: { initiativeId, milestoneId, achievedAt, evaluation },
    });
  }
}

export class RescheduleMilestoneDto extends OmitType(WriteContextDto, ['reason'] as const) {
  @DateTimeField()
  dueAt!: string;

  @TextField(2000, { description: 'Why the milestone moves (required)' })
  reason!: string;

  toCommand({ initiativeId, milestoneId }: MilestoneIds): InitiativeWrite {
    return initiativeWrite(this, {
      type: 'RescheduleMilestone',
      data: { initiativeId, milestoneId, dueAt: this.dueAt },
    });
  }
}

/** A milestone that ends without being achieved, and why. */
abstract class MilestoneReasonDto extends OmitType(WriteContextDto, ['reason'] as const) {
  @TextField(2000)
  reason!: string;
}

export class MissMilestoneDto extends MilestoneReasonDto {
  toCommand({ initiativeId, milestoneId }: MilestoneIds): InitiativeWrite {
    return initiativeWrite(this, { type: 'MissMilestone', data: { initiativeId, milestoneId, reason: this.reason } });
  }
}

export class CancelMilestoneDto extends MilestoneReasonDto {
  toCommand({ initiativeId, milestoneId }: MilestoneIds): InitiativeWrite {
    return initiativeWrite(this, { type: 'CancelMilestone', data: { initiativeId, milestoneId, reason: this.reason } });
  }
}
