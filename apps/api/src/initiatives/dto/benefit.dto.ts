import { v7 as uuidv7 } from 'uuid';
import { BENEFIT_KINDS, type BenefitKind } from '@followup/domain';
import { DateTimeField, EnumField, IdField, NumberField, TextField } from '@followup/runtime';
import type { InitiativeWrite } from '../application/execute-initiative-command';
import { definedOnly, initiativeWrite, WriteContextDto, type InitiativeIds } from './write-context.dto';

interface BenefitIds extends InitiativeIds {
  readonly benefitId: string;
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

  toCommand({ initiativeId }: InitiativeIds): InitiativeWrite {
    const benefitId = uuidv7();
    const { description, owner, kind, realisationDue, indicatorId, baseline, target } = this;
    return initiativeWrite(
      this,
      {
        type: 'RegisterBenefit',
        data: {
          initiativeId,
          benefitId,
          description,
          owner,
          kind,
          realisationDue,
          ...definedOnly({ indicatorId, baseline, target }),
        },
      },
      benefitId,
    );
  }
}

export class RecordRealisationDto extends WriteContextDto {
  @NumberField()
  value!: number;

  @DateTimeField()
  at!: string;

  @TextField(2000, { optional: true })
  note?: string;

  toCommand({ initiativeId, benefitId }: BenefitIds): InitiativeWrite {
    const realisationId = uuidv7();
    const { value, at, note } = this;
    return initiativeWrite(
      this,
      {
        type: 'RecordBenefitRealisation',
        data: { initiativeId, benefitId, realisationId, value, at, ...definedOnly({ note }) },
      },
      realisationId,
    );
  }
}
