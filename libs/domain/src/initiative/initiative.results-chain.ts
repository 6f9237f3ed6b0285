import { invalid, type DomainErrorDetail } from '../core/errors';
import type { IndicatorState, InitiativeState } from './initiative.state';
import { VERIFIABLE_RESULT_LEVELS, type GoalPolicy, type IndicatorRole } from './initiative.results-vocabulary';
import type { DatedValue, IndicatorDirection, ResultLevel } from './initiative.types';

/** Relative deviation within which a `maintain` indicator still meets its target. */
export const MAINTAIN_TOLERANCE = 0.05;

export const needsVerification = (level: ResultLevel): boolean => VERIFIABLE_RESULT_LEVELS.includes(level);

/** Counts for the goal: a performance indicator with a dated baseline and at least one dated target. */
export function isVerifyingIndicator(indicator: {
  readonly role?: IndicatorRole | null;
  readonly baseline: DatedValue | null;
  readonly targets: readonly DatedValue[];
}): boolean {
  if ((indicator.role ?? 'performance') !== 'performance') return false;
  const dated = (point: DatedValue | null | undefined) => !!point && typeof point.at === 'string' && point.at !== '';
  return dated(indicator.baseline) && indicator.targets.some(dated);
}

/** The goals that need verification and have no verifying indicator, by id. */
export function unverifiableGoals(state: InitiativeState): string[] {
  const indicators = Object.values(state.indicators);
  return Object.entries(state.goals)
    .filter(([, goal]) => needsVerification(goal.resultLevel))
    .filter(([goalId]) => !indicators.some((i) => i.goalId === goalId && isVerifyingIndicator(i)))
    .map(([goalId]) => goalId);
}

/** Under the strict policy, every goal that needs verification must be verifiable before activation. */
export function requireVerifiableGoals(state: InitiativeState, policy: GoalPolicy): void {
  if (policy !== 'strict') return;
  const unverifiable = unverifiableGoals(state);
  if (unverifiable.length === 0) return;
  const details: DomainErrorDetail[] = unverifiable.map((goalId) => ({
    field: `goals.${goalId}`,
    message:
      `goal ${goalId} ("${state.goals[goalId]?.statement}") at result level ${state.goals[goalId]?.resultLevel} ` +
      'has no performance indicator with a dated baseline and a dated target',
  }));
  throw invalid(
    'GoalNotVerifiable',
    `initiative ${state.id} cannot be activated while ${unverifiable.length} goal(s) cannot be verified: ` +
      `${unverifiable.join(', ')}; define a performance indicator with a baseline and a target for each`,
    details,
  );
}

/** Whether `value` reaches `target` in the indicator's direction. */
export function meetsTarget(direction: IndicatorDirection, value: number, target: number): boolean {
  if (direction === 'increase') return value >= target;
  if (direction === 'decrease') return value <= target;
  const reference = target === 0 ? 1 : Math.abs(target);
  return Math.abs(value - target) / reference <= MAINTAIN_TOLERANCE;
}

/** The goal's performance indicators whose latest value misses their final target. */
export function indicatorsMissingFinalTarget(
  state: InitiativeState,
  goalId: string,
): Array<{ indicatorId: string; indicator: IndicatorState; value: number; target: DatedValue }> {
  return Object.entries(state.indicators).flatMap(([indicatorId, indicator]) => {
    const target = indicator.targets[indicator.targets.length - 1];
    const latest = indicator.latest;
    if (indicator.goalId !== goalId || indicator.role === 'context' || !target || !latest) return [];
    return meetsTarget(indicator.direction, latest.value, target.value)
      ? []
      : [{ indicatorId, indicator, value: latest.value, target }];
  });
}
