import { v7 as uuidv7 } from 'uuid';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsObject, ValidateIf, ValidateNested } from 'class-validator';
import { BENEFIT_AGGREGATIONS, BENEFIT_KINDS, type BenefitAggregation, type BenefitKind } from '@followup/domain';
import { DateTimeField, EnumField, IdField, NumberField, TextField } from '@followup/runtime';
import type { InitiativeWrite } from '../application/execute-initiative-command';
import { definedOnly, initiativeWrite, WriteContextDto, type InitiativeIds } from './write-context.dto';
import { MeasurementPlanDto, NumberOrDatedValue, type DatedValueDto } from './benefit-profile.dto';

interface BenefitIds extends InitiativeIds {
  readonly benefitId: string;
}

const isDatedTarget = (target: unknown) => typeof target === 'object' && target !== null;

export class RegisterBenefitDto extends WriteContextDto {
  @TextField(2000)
  description!: string;

  @TextField(200, { description: 'Benefit owner (gevinsteigar)' })
  owner!: string;

  @EnumField(BENEFIT_KINDS)
  kind!: BenefitKind;

  @IdField({ optional: true })
  indicatorId?: string;

  @NumberOrDatedValue()
  baseline?: number | DatedValueDto;

  @NumberOrDatedValue()
  target?: number | DatedValueDto;

  // Required unless a dated target gives the date.
  @ValidateIf((body: RegisterBenefitDto, value) => value !== undefined || !isDatedTarget(body.target))
  @DateTimeField({ description: 'When the benefit should be realised; without a profile only' })
  realisationDue?: string;

  @TextField(100, { optional: true, description: 'Unit of the benefit profile (NOK, hours, ...)' })
  unit?: string;

  @ValidateIf((_o, v) => v !== undefined)
  @IsObject()
  @ValidateNested()
  @Type(() => MeasurementPlanDto)
  @ApiPropertyOptional({ type: MeasurementPlanDto })
  measurementPlan?: MeasurementPlanDto;

  @TextField(200, { optional: true, description: 'Who answers for realising the benefit (gevinstansvarleg)' })
  responsible?: string;

  @EnumField(BENEFIT_AGGREGATIONS, { optional: true })
  aggregation?: BenefitAggregation;

  @ValidateIf((_o, v) => v !== undefined)
  @IsBoolean()
  @ApiPropertyOptional({ description: 'Found outside the plan; may be registered after closure' })
  unplanned?: boolean;

  toCommand({ initiativeId }: InitiativeIds): InitiativeWrite {
    const benefitId = uuidv7();
    const { description, owner, kind, realisationDue, indicatorId, baseline, target } = this;
    const { unit, measurementPlan, responsible, aggregation, unplanned } = this;
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
          ...definedOnly({ indicatorId, baseline, target, realisationDue }),
          ...definedOnly({ unit, measurementPlan: measurementPlan && { ...measurementPlan }, responsible }),
          ...definedOnly({ aggregation, unplanned }),
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
