import { Checks } from '../core/checks';
import { conflict, notFound, unchanged } from '../core/errors';
import { metaOf, type CommandContext } from './initiative.context';
import type { InitiativeEvent } from './initiative.events';
import { detail, requireBenefit, requireIndicator } from './initiative.guards';
import type {
  AcknowledgeAlert,
  AssignRole,
  CorrectBenefitRealisation,
  CorrectMeasurement,
  WithdrawBenefitRealisation,
  WithdrawMeasurement,
} from './initiative.records.commands';
import { INITIATIVE_ROLES } from './initiative.records.events';
import { lookup, type InitiativeState, type RecordedValueState } from './initiative.state';

/** Corrections of the record need a reason: the ledger keeps why a value was changed. */
export function requireReason(ctx: CommandContext, what: string): string {
  if (ctx.reason === undefined) {
    new Checks().add('ReasonRequired', 'reason', `${what} needs a reason`).throwIfAny();
  }
  return ctx.reason as string;
}

interface RecordedKind {
  readonly noun: 'measurement' | 'realisation';
  readonly owner: 'indicator' | 'benefit';
  readonly field: 'measurementId' | 'realisationId';
}
const MEASUREMENT: RecordedKind = { noun: 'measurement', owner: 'indicator', field: 'measurementId' };
const REALISATION: RecordedKind = { noun: 'realisation', owner: 'benefit', field: 'realisationId' };

/** The recorded value, known under that owner and not withdrawn. */
function requireLiveValue(
  values: InitiativeState['measuredValues'],
  kind: RecordedKind,
  ownerId: string,
  id: string,
): RecordedValueState {
  const value = lookup(values, id);
  if (!value || value.ownerId !== ownerId) {
    const message = `${kind.noun} ${id} does not exist on ${kind.owner} ${ownerId}`;
    const code = kind.noun === 'measurement' ? 'MeasurementNotFound' : 'RealisationNotFound';
    throw notFound(code, message, detail(kind.field, message));
  }
  if (value.withdrawn) {
    const message = `${kind.noun} ${id} was withdrawn`;
    const code = kind.noun === 'measurement' ? 'MeasurementWithdrawn' : 'RealisationWithdrawn';
    throw conflict(code, message, detail(kind.field, message));
  }
  return value;
}

function checkedNewValue(current: RecordedValueState, value: number, kind: RecordedKind, id: string): void {
  const checks = new Checks();
  if (checks.finiteNumber('value', value) && value === current.value) {
    checks.add('NoChange', 'value', `${kind.noun} ${id} already has the value ${value}`);
  }
  checks.throwIfAny();
}

export function correctMeasurement(
  command: CorrectMeasurement,
  state: InitiativeState,
  ctx: CommandContext,
): InitiativeEvent[] {
  const d = command.data;
  requireIndicator(state, d.indicatorId, 'indicatorId');
  const current = requireLiveValue(state.measuredValues, MEASUREMENT, d.indicatorId, d.measurementId);
  const reason = requireReason(ctx, 'a correction of a measurement');
  checkedNewValue(current, d.value, MEASUREMENT, d.measurementId);
  const { initiativeId, indicatorId, measurementId } = d;
  return [
    {
      type: 'MeasurementCorrected',
      data: {
        initiativeId,
        indicatorId,
        measurementId,
        before: { value: current.value },
        after: { value: d.value },
        reason,
      },
      metadata: metaOf(ctx),
    },
  ];
}

export function withdrawMeasurement(
  command: WithdrawMeasurement,
  state: InitiativeState,
  ctx: CommandContext,
): InitiativeEvent[] {
  const { initiativeId, indicatorId, measurementId } = command.data;
  requireIndicator(state, indicatorId, 'indicatorId');
  const current = requireLiveValue(state.measuredValues, MEASUREMENT, indicatorId, measurementId);
  const reason = requireReason(ctx, 'a withdrawal of a measurement');
  return [
    {
      type: 'MeasurementWithdrawn',
      data: { initiativeId, indicatorId, measurementId, value: current.value, reason },
      metadata: metaOf(ctx),
    },
  ];
}

export function correctBenefitRealisation(
  command: CorrectBenefitRealisation,
  state: InitiativeState,
  ctx: CommandContext,
): InitiativeEvent[] {
  const d = command.data;
  requireBenefit(state, d.benefitId, 'benefitId');
  const current = requireLiveValue(state.realisedValues, REALISATION, d.benefitId, d.realisationId);
  const reason = requireReason(ctx, 'a correction of a benefit realisation');
  checkedNewValue(current, d.value, REALISATION, d.realisationId);
  const { initiativeId, benefitId, realisationId } = d;
  return [
    {
      type: 'BenefitRealisationCorrected',
      data: {
        initiativeId,
        benefitId,
        realisationId,
        before: { value: current.value },
        after: { value: d.value },
        reason,
      },
      metadata: metaOf(ctx),
    },
  ];
}

export function withdrawBenefitRealisation(
  command: WithdrawBenefitRealisation,
  state: InitiativeState,
  ctx: CommandContext,
): InitiativeEvent[] {
  const { initiativeId, benefitId, realisationId } = command.data;
  requireBenefit(state, benefitId, 'benefitId');
  const current = requireLiveValue(state.realisedValues, REALISATION, benefitId, realisationId);
  const reason = requireReason(ctx, 'a withdrawal of a benefit realisation');
  return [
    {
      type: 'BenefitRealisationWithdrawn',
      data: { initiativeId, benefitId, realisationId, value: current.value, reason },
      metadata: metaOf(ctx),
    },
  ];
}

export function assignRole(command: AssignRole, state: InitiativeState, ctx: CommandContext): InitiativeEvent[] {
  const { initiativeId, role, holder } = command.data;
  const checks = new Checks();
  if (!checks.oneOf('role', role, INITIATIVE_ROLES)) checks.throwIfAny();
  if (role === 'steeringGroup') {
    if (!Array.isArray(holder) || holder.length === 0) checks.add('Required', 'holders', 'name at least one member');
    else holder.forEach((name, i) => checks.required(`holders[${i}]`, name));
  } else if (typeof holder !== 'string') checks.add('Required', 'holder', 'name who holds the role');
  else checks.required('holder', holder);
  if (ctx.reason === undefined) checks.add('ReasonRequired', 'reason', 'a role assignment needs a reason');
  checks.throwIfAny();
  const before = lookup(state.roles, role) ?? null;
  if (JSON.stringify(before) === JSON.stringify(holder)) {
    const field = role === 'steeringGroup' ? 'holders' : 'holder';
    const message = `${role} is already held by ${JSON.stringify(holder)}`;
    throw unchanged('NothingChanged', message, detail(field, message));
  }
  const after = Array.isArray(holder) ? [...holder] : holder;
  return [
    { type: 'RoleAssigned', data: { initiativeId, role, before, after, reason: ctx.reason! }, metadata: metaOf(ctx) },
  ];
}

export function acknowledgeAlert(
  command: AcknowledgeAlert,
  _state: InitiativeState,
  ctx: CommandContext,
): InitiativeEvent[] {
  const d = command.data;
  const checks = new Checks();
  checks.required('alertId', d.alertId);
  checks.required('kind', d.kind);
  checks.throwIfAny();
  return [
    {
      type: 'AlertAcknowledged',
      data: {
        initiativeId: d.initiativeId,
        alertId: d.alertId,
        kind: d.kind,
        subjectId: d.subjectId ?? null,
        comment: d.comment ?? null,
        decisionId: d.decisionId ?? null,
      },
      metadata: metaOf(ctx),
    },
  ];
}
