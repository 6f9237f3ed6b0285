import { Checks } from '../core/checks';
import { conflict } from '../core/errors';
import type { DomainEventMetadata } from '../core/message';
import { utcDay } from '../core/time';
import type { DefineGoal, DefineIndicator, RecordMeasurement, ReviseGoal } from './initiative.commands';
import { metaOf, type CommandContext } from './initiative.context';
import type { GoalRevised, IndicatorTargetsChanged, InitiativeEvent } from './initiative.events';
import { detail, requireGoal, requireIndicator } from './initiative.guards';
import { INDICATOR_FREQUENCIES, INDICATOR_ROLES, MEASUREMENT_METHODS } from './initiative.results-vocabulary';
import { has, type InitiativeState } from './initiative.state';
import {
  AGGREGATIONS,
  INDICATOR_DIRECTIONS,
  RESULT_LEVELS,
  type DatedValue,
  type IndicatorDirection,
  type MeasurementBreakdown,
} from './initiative.types';

/* ------------------------------------------------------------------ goals */

export function defineGoal(command: DefineGoal, state: InitiativeState, ctx: CommandContext): InitiativeEvent[] {
  const d = command.data;
  if (has(state.goals, d.goalId)) {
    const message = `goal ${d.goalId} already exists on initiative ${state.id}`;
    throw conflict('GoalAlreadyExists', message, detail('goalId', message));
  }
  const checks = new Checks();
  checks.required('goalId', d.goalId);
  checks.required('statement', d.statement);
  checks.oneOf('resultLevel', d.resultLevel, RESULT_LEVELS);
  checks.throwIfAny();
  return [
    {
      type: 'GoalDefined',
      data: {
        initiativeId: d.initiativeId,
        goalId: d.goalId,
        statement: d.statement,
        resultLevel: d.resultLevel,
        ...(d.targetGroups ? { targetGroups: [...d.targetGroups] } : {}),
      },
      metadata: metaOf(ctx),
    },
  ];
}

export function reviseGoal(command: ReviseGoal, state: InitiativeState, ctx: CommandContext): InitiativeEvent[] {
  const checks = new Checks();
  requireGoal(state, command.data.goalId, 'goalId');
  if (ctx.reason === undefined) {
    checks.add(
      'ReasonRequired',
      'reason',
      `a goal change needs a reason (why is goal ${command.data.goalId} revised?)`,
    );
  }
  const { goalId, statement, resultLevel } = command.data;
  return [goalRevision(state, { goalId, statement, resultLevel }, ctx.reason ?? '', checks, metaOf(ctx))];
}

/** Shared by ReviseGoal and a course correction's reviseGoal change. */
export function goalRevision(
  state: InitiativeState,
  change: { goalId: string; statement?: string; resultLevel?: string },
  reason: string,
  checks: Checks,
  metadata: DomainEventMetadata,
): GoalRevised {
  const before = requireGoal(state, change.goalId, 'goalId');
  const statementOk = change.statement === undefined || checks.required('statement', change.statement);
  const levelOk = change.resultLevel === undefined || checks.oneOf('resultLevel', change.resultLevel, RESULT_LEVELS);
  const after = {
    statement: change.statement ?? before.statement,
    resultLevel: (change.resultLevel ?? before.resultLevel) as GoalRevised['data']['after']['resultLevel'],
  };
  if (statementOk && levelOk) {
    if (change.statement === undefined && change.resultLevel === undefined) {
      checks.add('NoChange', 'statement', `give a new statement or result level for goal ${change.goalId}`);
      checks.add('NoChange', 'resultLevel', `give a new statement or result level for goal ${change.goalId}`);
    } else if (after.statement === before.statement && after.resultLevel === before.resultLevel) {
      if (change.statement !== undefined)
        checks.add('NoChange', 'statement', `goal ${change.goalId} already has this statement`);
      if (change.resultLevel !== undefined) {
        checks.add('NoChange', 'resultLevel', `goal ${change.goalId} already has result level ${before.resultLevel}`);
      }
    }
  }
  checks.throwIfAny();
  return {
    type: 'GoalRevised',
    data: {
      initiativeId: state.id as string,
      goalId: change.goalId,
      before: { statement: before.statement, resultLevel: before.resultLevel },
      after,
      reason,
    },
    metadata,
  };
}
/* ------------------------------------------------------------------ indicators and measurements */

/**
 * Targets: at least one, each a finite value at a valid time after the baseline, at most one per
 * calendar day (UTC), and none contradicting the direction. Returns them sorted by time.
 */
function checkedTargets(
  checks: Checks,
  targets: readonly DatedValue[] | undefined,
  baseline: DatedValue | undefined,
  baselineMs: number | undefined,
  direction: IndicatorDirection | undefined,
): DatedValue[] {
  if (!Array.isArray(targets) || targets.length === 0) {
    checks.add('TargetsRequired', 'targets', 'at least one target { value, at } is required');
    return [];
  }
  const seenDays = new Map<string, number>();
  const timed: { target: DatedValue; ms: number }[] = [];
  targets.forEach((target, i) => {
    const valueOk = checks.finiteNumber(`targets[${i}].value`, target?.value);
    const ms = checks.instant(`targets[${i}].at`, target?.at);
    if (ms === undefined) return;
    if (baselineMs !== undefined && ms <= baselineMs) {
      checks.add(
        'TargetBeforeBaseline',
        `targets[${i}].at`,
        `target at ${target.at} must come after the baseline at ${baseline?.at}`,
      );
    }
    const day = utcDay(ms);
    const earlier = seenDays.get(day);
    if (earlier !== undefined) {
      checks.add(
        'DuplicateTargetDate',
        `targets[${i}].at`,
        `targets[${earlier}] and targets[${i}] are both set for ${day}`,
      );
    } else {
      seenDays.set(day, i);
    }
    if (valueOk && baseline !== undefined && Number.isFinite(baseline.value)) {
      if (direction === 'increase' && target.value < baseline.value) {
        checks.add(
          'TargetContradictsDirection',
          `targets[${i}].value`,
          `the indicator should increase, but target ${target.value} is below the baseline ${baseline.value}`,
        );
      } else if (direction === 'decrease' && target.value > baseline.value) {
        checks.add(
          'TargetContradictsDirection',
          `targets[${i}].value`,
          `the indicator should decrease, but target ${target.value} is above the baseline ${baseline.value}`,
        );
      }
    }
    timed.push({ target, ms });
  });
  return timed.sort((a, b) => a.ms - b.ms).map(({ target }) => ({ value: target.value, at: target.at }));
}

export function defineIndicator(
  command: DefineIndicator,
  state: InitiativeState,
  ctx: CommandContext,
): InitiativeEvent[] {
  const d = command.data;
  requireGoal(state, d.goalId, 'goalId');
  if (has(state.indicators, d.indicatorId)) {
    const message = `indicator ${d.indicatorId} already exists on initiative ${state.id}`;
    throw conflict('IndicatorAlreadyExists', message, detail('indicatorId', message));
  }
  const checks = new Checks();
  checks.required('indicatorId', d.indicatorId);
  checks.required('name', d.name);
  checks.required('unit', d.unit);
  const directionOk = checks.oneOf('direction', d.direction, INDICATOR_DIRECTIONS);
  const aggregation = d.aggregation ?? 'none';
  checks.oneOf('aggregation', aggregation, AGGREGATIONS);
  if (d.frequency !== undefined) checks.oneOf('frequency', d.frequency, INDICATOR_FREQUENCIES);
  if (d.method !== undefined) checks.oneOf('method', d.method, MEASUREMENT_METHODS);
  if (d.role !== undefined) checks.oneOf('role', d.role, INDICATOR_ROLES);
  let baselineMs: number | undefined;
  if (d.baseline === undefined || d.baseline === null || typeof d.baseline !== 'object') {
    checks.add('Required', 'baseline', 'baseline { value, at } is required');
  } else {
    checks.finiteNumber('baseline.value', d.baseline.value);
    baselineMs = checks.instant('baseline.at', d.baseline.at);
  }
  const targets = checkedTargets(
    checks,
    d.targets,
    d.baseline ?? undefined,
    baselineMs,
    directionOk ? d.direction : undefined,
  );
  checks.throwIfAny();
  return [
    {
      type: 'IndicatorDefined',
      data: {
        initiativeId: d.initiativeId,
        goalId: d.goalId,
        indicatorId: d.indicatorId,
        name: d.name,
        unit: d.unit,
        direction: d.direction,
        baseline: { value: d.baseline.value, at: d.baseline.at },
        targets,
        aggregation,
        ...(d.frequency !== undefined ? { frequency: d.frequency } : {}),
        ...(d.method !== undefined ? { method: d.method } : {}),
        ...(d.role !== undefined ? { role: d.role } : {}),
      },
      metadata: metaOf(ctx),
    },
  ];
}

/** Shared by a course correction's changeTargets change. */
export function targetsChange(
  state: InitiativeState,
  change: { indicatorId: string; targets: DatedValue[] },
  reason: string,
  checks: Checks,
  metadata: DomainEventMetadata,
): IndicatorTargetsChanged {
  const indicator = requireIndicator(state, change.indicatorId, 'indicatorId');
  const after = checkedTargets(
    checks,
    change.targets,
    indicator.baseline,
    checks.instant('baseline.at', indicator.baseline.at),
    indicator.direction,
  );
  if (checks.ok) {
    const same =
      after.length === indicator.targets.length &&
      after.every((t, i) => t.value === indicator.targets[i].value && t.at === indicator.targets[i].at);
    if (same) checks.add('NoChange', 'targets', `indicator ${change.indicatorId} already has exactly these targets`);
  }
  checks.throwIfAny();
  return {
    type: 'IndicatorTargetsChanged',
    data: {
      initiativeId: state.id as string,
      indicatorId: change.indicatorId,
      before: indicator.targets.map((t) => ({ value: t.value, at: t.at })),
      after,
      reason,
    },
    metadata,
  };
}

export function recordMeasurement(
  command: RecordMeasurement,
  state: InitiativeState,
  ctx: CommandContext,
): InitiativeEvent[] {
  const d = command.data;
  requireIndicator(state, d.indicatorId, 'indicatorId');
  if (has(state.measurementIds, d.measurementId)) {
    const message = `measurement ${d.measurementId} is already recorded`;
    throw conflict('MeasurementAlreadyRecorded', message, detail('measurementId', message));
  }
  const checks = new Checks();
  checks.required('measurementId', d.measurementId);
  checks.finiteNumber('value', d.value);
  const atMs = checks.instant('at', d.at);
  checks.notInFuture('at', d.at, atMs, ctx.now, ctx.nowMs);
  checks.notBlankIfGiven('source', d.source);
  const breakdown = d.breakdown ? breakdownOf(checks, d.breakdown) : undefined;
  checks.throwIfAny();
  return [
    {
      type: 'MeasurementRecorded',
      data: {
        initiativeId: d.initiativeId,
        indicatorId: d.indicatorId,
        measurementId: d.measurementId,
        value: d.value,
        at: d.at,
        source: d.source ?? null,
        note: d.note ?? null,
        ...(breakdown ? { breakdown } : {}),
      },
      metadata: metaOf(ctx),
    },
  ];
}

/** A breakdown names at least one part; blank parts are refused. */
function breakdownOf(checks: Checks, given: MeasurementBreakdown): MeasurementBreakdown | undefined {
  checks.notBlankIfGiven('breakdown.targetGroup', given.targetGroup);
  checks.notBlankIfGiven('breakdown.municipality', given.municipality);
  if (given.targetGroup === undefined && given.municipality === undefined) {
    checks.add('Required', 'breakdown', 'a breakdown names a targetGroup, a municipality or both');
    return undefined;
  }
  const { targetGroup, municipality } = given;
  return {
    ...(targetGroup !== undefined ? { targetGroup } : {}),
    ...(municipality !== undefined ? { municipality } : {}),
  };
}
