import { dueBy, isVerifyingIndicator, meetsTarget, needsVerification, type IndicatorFrequency } from '@followup/domain';
import type { GoalView, IndicatorView, InitiativeView } from './initiative-view';

/** How many calendar months a measurement stays current, by frequency; `once` never goes stale. */
const MONTHS_CURRENT: Record<IndicatorFrequency, number | null> = {
  monthly: 1,
  quarterly: 3,
  tertial: 4,
  yearly: 12,
  once: null,
};

const time = (iso: string) => Date.parse(iso);

export const isContextIndicator = (indicator: IndicatorView): boolean => indicator.role === 'context';

function addMonths(iso: string, months: number): Date {
  const date = new Date(time(iso));
  date.setUTCMonth(date.getUTCMonth() + months);
  return date;
}

/**
 * When the indicator's data went out of date: one frequency period after the latest measurement
 * (or after the baseline, while nothing is measured). Null while current, or without a frequency.
 */
export function staleSince(indicator: IndicatorView, now: Date): string | null {
  const months = indicator.frequency ? MONTHS_CURRENT[indicator.frequency] : null;
  if (months === null) return null;
  const reference = indicator.latest ?? indicator.baseline;
  const staleAt = addMonths(reference.at, months);
  return staleAt.getTime() <= now.getTime() ? staleAt.toISOString() : null;
}

/** The most recent target whose date has passed by `now` (a target day once it has ended in Oslo), if any. */
export function lastPassedTarget(indicator: IndicatorView, now: Date) {
  const passed = indicator.targets.filter((target) => dueBy(target.at) < now.getTime());
  return passed[passed.length - 1] ?? null;
}

/** A target date has passed and no measurement meets it: the latest value misses it, or nothing was measured. */
export function missedPassedTarget(indicator: IndicatorView, now: Date): boolean {
  const target = lastPassedTarget(indicator, now);
  if (!target) return false;
  return !indicator.latest || !meetsTarget(indicator.direction, indicator.latest.value, target.value);
}

/** A goal is verifiable when a performance indicator with a dated baseline and a dated target measures it. */
export const isGoalVerifiable = (goal: GoalView): boolean =>
  goal.indicators.some((indicator) => isVerifyingIndicator({ ...indicator, role: indicator.role ?? 'performance' }));

export interface Verifiability {
  /** Goals at result level output, userEffect or societalEffect: those that must be verifiable. */
  goals: number;
  verifiable: number;
  /** verifiable / goals, rounded to 3 decimals; null when no goal needs verification. */
  share: number | null;
}

export function verifiabilityOf(goals: readonly GoalView[]): Verifiability {
  const required = goals.filter((goal) => needsVerification(goal.resultLevel));
  const verifiable = required.filter(isGoalVerifiable).length;
  return { goals: required.length, verifiable, share: shareOf(verifiable, required.length) };
}

export const shareOf = (part: number, whole: number): number | null =>
  whole === 0 ? null : Math.round((part / whole) * 1000) / 1000;

/** Shown with context indicators: they describe the surroundings, which the initiative does not control alone. */
export const ATTRIBUTION_NOTE =
  'Context indicator: it describes conditions the initiative influences but does not control alone, so it is ' +
  'not judged on track or off track and does not count towards the RAG.';

/** Goals needing verification that have none, with the time they were defined, for an active initiative. */
export function unverifiableGoalsOf(view: InitiativeView): GoalView[] {
  if (view.status !== 'active') return [];
  return view.goals.filter((goal) => needsVerification(goal.resultLevel) && !isGoalVerifiable(goal));
}
