import { Checks, isBlank } from '../core/checks';
import { conflict } from '../core/errors';
import { checkedProfile, wantsProfile, type BenefitProfile, type HandOverBenefit } from './initiative.benefit-profile';
import type { RecordBenefitRealisation, RegisterBenefit } from './initiative.commands';
import { metaOf, type CommandContext } from './initiative.context';
import type { InitiativeEvent } from './initiative.events';
import { detail, requireBenefit } from './initiative.guards';
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
  const profile = wantsProfile(d) ? checkedProfile(checks, d) : null;
  if (profile === null) checkLegacyShape(checks, d);
  const indicatorId = d.indicatorId ?? null;
  if (indicatorId !== null && !has(state.indicators, indicatorId)) {
    checks.add('IndicatorNotFound', 'indicatorId', `indicator ${indicatorId} does not exist on initiative ${state.id}`);
  }
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
        ...numbersOf(d, profile),
        ...(profile ? { profile } : {}),
        ...(d.unplanned === true ? { unplanned: true as const } : {}),
      },
      metadata: metaOf(ctx),
    },
  ];
}

/** The shape without a profile: a realisation date and optional plain numbers. */
function checkLegacyShape(checks: Checks, d: RegisterBenefit['data']): void {
  if (checks.ok === false && wantsProfile(d)) return;
  if (isBlank(d.realisationDue)) {
    checks.add('RealisationDueRequired', 'realisationDue', 'realisationDue (when the benefit is expected) is required');
  } else {
    checks.instant('realisationDue', d.realisationDue);
  }
  if (d.baseline !== undefined && d.baseline !== null) checks.finiteNumber('baseline', d.baseline);
  if (d.target !== undefined && d.target !== null) checks.finiteNumber('target', d.target);
}

/** The plain numbers and date every reader of the event knows, also for a profiled benefit. */
function numbersOf(d: RegisterBenefit['data'], profile: BenefitProfile | null) {
  if (profile) {
    return { baseline: profile.baseline.value, target: profile.target.value, realisationDue: profile.target.at };
  }
  return {
    baseline: (d.baseline as number | undefined) ?? null,
    target: (d.target as number | undefined) ?? null,
    realisationDue: d.realisationDue as string,
  };
}

/** Hands a benefit over to the line organisation, which realises it after the initiative ends. */
export function handOverBenefit(
  command: HandOverBenefit,
  state: InitiativeState,
  ctx: CommandContext,
): InitiativeEvent[] {
  const d = command.data;
  const benefit = requireBenefit(state, d.benefitId, 'benefitId');
  if (benefit.handedOverTo) {
    const message = `benefit ${d.benefitId} was already handed over to ${benefit.handedOverTo}`;
    throw conflict('BenefitAlreadyHandedOver', message, detail('benefitId', message));
  }
  const checks = new Checks();
  checks.required('to', d.to);
  checks.required('reason', d.reason);
  checks.throwIfAny();
  return [
    {
      type: 'BenefitHandedOver',
      data: { ...d, handedOverAt: ctx.occurredAt },
      metadata: metaOf(ctx, d.reason),
    },
  ];
}

export function recordBenefitRealisation(
  command: RecordBenefitRealisation,
  state: InitiativeState,
  ctx: CommandContext,
): InitiativeEvent[] {
  const d = command.data;
  requireBenefit(state, d.benefitId, 'benefitId');
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
