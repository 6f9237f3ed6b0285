import { ApiProperty, ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { IsDefined, IsInt, Max, Min, ValidateIf } from 'class-validator';
import { v7 as uuidv7 } from 'uuid';
import { FUNDING_SOURCES, RISK_CATEGORIES, type FundingSource, type RiskCategory } from '@followup/domain';
import { CaseRefField, EnumField, TextField } from '@followup/runtime';
import type { InitiativeWrite } from '../application/execute-initiative-command';
import { definedOnly, initiativeWrite, WriteContextDto, type InitiativeIds } from './write-context.dto';

const MAX_KRONER = 1e12;
const Optional = () => ValidateIf((_o, v) => v !== undefined);

/** A 1-5 scale value, required. */
const Scale = () => [
  IsDefined({ message: '$property is required' }),
  IsInt({ message: '$property must be a whole number from 1 to 5' }),
  Min(1),
  Max(5),
  ApiProperty({ type: 'integer', minimum: 1, maximum: 5 }),
];
const ScaleField = () => (target: object, key: string) => Scale().forEach((d) => d(target, key));

/** Whole kroner: a non-negative integer; `planned` is required when `actual` is not given. */
const KronerField = (required?: (body: RecordFundingDto) => boolean) => (target: object, key: string) =>
  [
    required ? ValidateIf((o: RecordFundingDto, v) => v !== undefined || required(o)) : Optional(),
    IsDefined({ message: 'planned or actual is required' }),
    IsInt({ message: '$property must be whole kroner (an integer)' }),
    Min(0),
    Max(MAX_KRONER),
    ApiPropertyOptional({ type: 'integer', minimum: 0, maximum: MAX_KRONER, description: 'Whole kroner (NOK)' }),
  ].forEach((d) => d(target, key));

export class HandOverBenefitDto extends OmitType(WriteContextDto, ['reason'] as const) {
  @TextField(200, { description: 'The line organisation (unit) taking over the benefit' })
  to!: string;

  @TextField(2000, { description: 'Why and on what terms it is handed over' })
  reason!: string;

  toCommand({ initiativeId, benefitId }: InitiativeIds & { benefitId: string }): InitiativeWrite {
    const { to, reason } = this;
    return initiativeWrite(this, { type: 'HandOverBenefit', data: { initiativeId, benefitId, to, reason } });
  }
}

export class RecordFundingDto extends OmitType(WriteContextDto, ['reason', 'caseRef'] as const) {
  @IsDefined({ message: '$property is required' })
  @IsInt({ message: '$property must be a whole year' })
  @Min(2000)
  @Max(2100)
  @ApiProperty({ type: 'integer', minimum: 2000, maximum: 2100 })
  year!: number;

  @EnumField(FUNDING_SOURCES)
  source!: FundingSource;

  @TextField(200, { optional: true, description: 'The partner, when source is partner' })
  partner?: string;

  @KronerField((body) => body.actual === undefined)
  planned?: number;

  @KronerField()
  actual?: number;

  @TextField(2000, { description: 'What the money is for / where the figure comes from' })
  reason!: string;

  @CaseRefField({ optional: true })
  caseRef?: string;

  toCommand({ initiativeId }: InitiativeIds): InitiativeWrite {
    const fundingId = uuidv7();
    const { year, source, partner, planned, actual, reason, caseRef } = this;
    return initiativeWrite(
      this,
      {
        type: 'RecordFunding',
        data: { initiativeId, fundingId, year, source, reason, ...definedOnly({ partner, planned, actual, caseRef }) },
      },
      fundingId,
    );
  }
}

export class IdentifyRiskDto extends WriteContextDto {
  @TextField(500)
  title!: string;

  @EnumField(RISK_CATEGORIES)
  category!: RiskCategory;

  @ScaleField()
  likelihood!: number;

  @ScaleField()
  impact!: number;

  @TextField(200)
  owner!: string;

  @TextField(2000)
  mitigation!: string;

  toCommand({ initiativeId }: InitiativeIds): InitiativeWrite {
    const riskId = uuidv7();
    const { title, category, likelihood, impact, owner, mitigation } = this;
    return initiativeWrite(
      this,
      {
        type: 'IdentifyRisk',
        data: { initiativeId, riskId, title, category, likelihood, impact, owner, mitigation },
      },
      riskId,
    );
  }
}

export class AssessRiskDto extends WriteContextDto {
  @ScaleField()
  likelihood!: number;

  @ScaleField()
  impact!: number;

  @TextField(2000)
  note!: string;

  toCommand({ initiativeId, riskId }: InitiativeIds & { riskId: string }): InitiativeWrite {
    const { likelihood, impact, note } = this;
    return initiativeWrite(this, { type: 'AssessRisk', data: { initiativeId, riskId, likelihood, impact, note } });
  }
}

export class CloseRiskDto extends OmitType(WriteContextDto, ['reason'] as const) {
  @TextField(2000)
  reason!: string;

  toCommand({ initiativeId, riskId }: InitiativeIds & { riskId: string }): InitiativeWrite {
    return initiativeWrite(this, { type: 'CloseRisk', data: { initiativeId, riskId, reason: this.reason } });
  }
}
