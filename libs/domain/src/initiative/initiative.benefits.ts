import { Checks, isBlank } from '../core/checks';
import { conflict, notFound } from '../core/errors';
import type { RecordBenefitRealisation, RegisterBenefit } from './initiative.commands';
import { metaOf, type CommandContext } from './initiative.context';
import type { InitiativeEvent } from './initiative.events';
import { detail } from './initiative.guards';
import { has, type InitiativeState } from './initiative.state';
import { BENEFIT_KINDS } from './initiative.types';

export function registerBenefit(
  command: RegisterBenefit,
  state: InitiativeState,
  ctx: CommandContext,
): InitiativeEvent[] {
  const d = command.data;
  if (has(state.benefits, d.benefitId)) {
    const message = `benefit ${d.benefitId} already exists on initiative ${state.id}`;
    throw conflict('BenefitAlreadyExists', message, detail('benefitId', message));
  }
  const checks = new Checks();
  checks.required('benefitId', d.benefitId);
  checks.required('description', d.description);
  checks.required('owner', d.owner, 'BenefitOwnerRequired');
  checks.oneOf('kind', d.kind, BENEFIT_KINDS);
  if (isBlank(d.realisationDue)) {
    checks.add('RealisationDueRequired', 'realisationDue', 'realisationDue (when the benefit is expected) is required');
  } else {
    checks.instant('realisationDue', d.realisationDue);
  }
  const indicatorId = d.indicatorId ?? null;
  if (indicatorId !== null && !has(state.indicators, indicatorId)) {
    checks.add('IndicatorNotFound', 'indicatorId', `indicator ${indicatorId} does not exist on initiative ${state.id}`);
  }
  if (d.baseline !== undefined && d.baseline !== null) checks.finiteNumber('baseline', d.baseline);
  if (d.target !== undefined && d.target !== null) checks.finiteNumber('target', d.target);
  checks.throwIfAny();
  return [
    {
      type: 'BenefitRegistered',
      data: {
        initiativeId: d.initiativeId,
        benefitId: d.benefitId,
        kind: d.kind,
        description: d.description,
        owner: d.owner,
        indicatorId,
        baseline: d.baseline ?? null,
        target: d.target ?? null,
        realisationDue: d.realisationDue,
      },
      metadata: metaOf(ctx),
    },
  ];
}

export function recordBenefitRealisation(
  command: RecordBenefitRealisation,
  state: InitiativeState,
  ctx: CommandContext,
): InitiativeEvent[] {
  const d = command.data;
  if (!has(state.benefits, d.benefitId)) {
    const message = `benefit ${d.benefitId} does not exist on initiative ${state.id}`;
    throw notFound('BenefitNotFound', message, detail('benefitId', message));
  }
  if (has(state.realisationIds, d.realisationId)) {
    const message = `realisation ${d.realisationId} is already recorded`;
    throw conflict('RealisationAlreadyRecorded', message, detail('realisationId', message));
  }
  const checks = new Checks();
  checks.required('realisationId', d.realisationId);
  checks.finiteNumber('value', d.value);
  const atMs = checks.instant('at', d.at);
  checks.notInFuture('at', d.at, atMs, ctx.now, ctx.nowMs);
  checks.throwIfAny();
  return [
    {
      type: 'BenefitRealisationRecorded',
      data: {
        initiativeId: d.initiativeId,
        benefitId: d.benefitId,
        realisationId: d.realisationId,
        value: d.value,
        at: d.at,
        note: d.note ?? null,
      },
      metadata: metaOf(ctx),
    },
  ];
}
