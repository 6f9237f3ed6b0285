import { OmitType } from '@nestjs/swagger';
import type { InitiativeRole, RoleHolder } from '@followup/domain';
import { DateTimeField, NumberField, TextField } from '@followup/runtime';
import type { InitiativeWrite } from '../application/execute-initiative-command';
import { StringList } from './list-fields';
import { definedOnly, initiativeWrite, WriteContextDto, type InitiativeIds } from './write-context.dto';

/** Context of a correction: like any write, but the reason is required. */
class ReasonedWriteDto extends OmitType(WriteContextDto, ['reason'] as const) {
  @TextField(2000, { description: 'Why the record is changed (required)' })
  reason!: string;
}

export interface MeasurementIds extends InitiativeIds {
  readonly indicatorId: string;
  readonly measurementId: string;
}
export interface RealisationIds extends InitiativeIds {
  readonly benefitId: string;
  readonly realisationId: string;
}

export class CorrectValueDto extends ReasonedWriteDto {
  @NumberField({ description: 'The corrected value' })
  value!: number;

  toMeasurementCommand(ids: MeasurementIds): InitiativeWrite {
    return initiativeWrite(this, { type: 'CorrectMeasurement', data: { ...ids, value: this.value } });
  }

  toRealisationCommand(ids: RealisationIds): InitiativeWrite {
    return initiativeWrite(this, { type: 'CorrectBenefitRealisation', data: { ...ids, value: this.value } });
  }
}

export class WithdrawValueDto extends ReasonedWriteDto {
  toMeasurementCommand(ids: MeasurementIds): InitiativeWrite {
    return initiativeWrite(this, { type: 'WithdrawMeasurement', data: { ...ids } });
  }

  toRealisationCommand(ids: RealisationIds): InitiativeWrite {
    return initiativeWrite(this, { type: 'WithdrawBenefitRealisation', data: { ...ids } });
  }
}

export class ChangeDetailsDto extends ReasonedWriteDto {
  @TextField(200, { optional: true })
  title?: string;

  @TextField(5000, { optional: true })
  description?: string;

  @TextField(200, { optional: true })
  responsible?: string;

  @TextField(200, { optional: true })
  ownerUnit?: string;

  @StringList(100, 200, false, 'Partner organisations (partnarskap)')
  partners?: string[];

  @DateTimeField({ optional: true })
  startsAt?: string;

  @DateTimeField({ optional: true })
  endsAt?: string;

  toCommand({ initiativeId }: InitiativeIds): InitiativeWrite {
    const { title, description, responsible, ownerUnit, partners, startsAt, endsAt } = this;
    const details = definedOnly({ title, description, responsible, ownerUnit, partners, startsAt, endsAt });
    return initiativeWrite(this, { type: 'ChangeInitiativeDetails', data: { initiativeId, ...details } });
  }
}

/** `holder` for a single-person role, `holders` for the steering group. */
export class AssignRoleDto extends ReasonedWriteDto {
  @TextField(200, { optional: true, description: 'Who holds the role (every role but steeringGroup)' })
  holder?: string;

  @StringList(50, 200, false, 'Members of the steering group')
  holders?: string[];

  toCommand({ initiativeId, role }: InitiativeIds & { role: string }): InitiativeWrite {
    const holder: RoleHolder = role === 'steeringGroup' ? (this.holders as string[]) : (this.holder as string);
    return initiativeWrite(this, {
      type: 'AssignRole',
      data: { initiativeId, role: role as InitiativeRole, holder },
    });
  }
}
