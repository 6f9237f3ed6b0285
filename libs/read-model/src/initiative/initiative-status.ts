import { dueBy, type DatedValue } from '@followup/domain';
import type { GoalView, IndicatorView, InitiativeView, MilestoneView } from './initiative-view';
import { ragReasonsOf } from './rag-reasons';
import { presentBenefit, presentFunding, riskReasonsOf, risksOf } from './initiative-economy';
import {
  ATTRIBUTION_NOTE,
  isContextIndicator,
  isGoalVerifiable,
  missedPassedTarget,
  staleSince,
  verifiabilityOf,
} from './status-rules';

export type IndicatorStatus = 'onTrack' | 'atRisk' | 'offTrack' | 'stale' | 'unknown';
export type Rag = 'green' | 'amber' | 'red' | 'unknown';

/** Ratio of actual to expected progress at which an indicator counts as on track / at risk. */
export interface StatusThresholds {
  readonly onTrack: number;
  readonly atRisk: number;
  /** For `maintain` indicators: the largest relative deviation from target still on track / at risk. */
  readonly maintainOnTrack: number;
  readonly maintainAtRisk: number;
}

export const DEFAULT_THRESHOLDS: StatusThresholds = {
  onTrack: 0.95,
  atRisk: 0.75,
  maintainOnTrack: 0.05,
  maintainAtRisk: 0.25,
};

const time = (iso: string) => Date.parse(iso);

/**
 * Where the indicator stands today (the injected clock). In order: a target date has passed and the latest
 * value misses it: offTrack; the data is older than the indicator's frequency allows: stale; nothing measured:
 * unknown; otherwise the latest value against the time-linear path from its baseline (or the previous target)
 * to the next target, at the measurement's date.
 */
export function indicatorStatus(
  indicator: IndicatorView,
  now: Date,
  t: StatusThresholds = DEFAULT_THRESHOLDS,
): IndicatorStatus {
  if (missedPassedTarget(indicator, now)) return 'offTrack';
  if (staleSince(indicator, now) !== null) return 'stale';
  const latest = indicator.latest;
  if (!latest) return 'unknown';

  const points: DatedValue[] = [indicator.baseline, ...indicator.targets];
  const expected = expectedValueAt(points, time(latest.at));
  const baseline = indicator.baseline.value;
  if (indicator.direction === 'maintain') {
    const reference = expected === 0 ? 1 : Math.abs(expected);
    const deviation = Math.abs(latest.value - expected) / reference;
    if (deviation <= t.maintainOnTrack) return 'onTrack';
    return deviation <= t.maintainAtRisk ? 'atRisk' : 'offTrack';
  }
  const sign = indicator.direction === 'increase' ? 1 : -1;
  const expectedProgress = sign * (expected - baseline);
  const actualProgress = sign * (latest.value - baseline);
  if (expectedProgress <= 0) return actualProgress >= 0 ? 'onTrack' : 'offTrack';
  const ratio = actualProgress / expectedProgress;
  if (ratio >= t.onTrack) return 'onTrack';
  return ratio >= t.atRisk ? 'atRisk' : 'offTrack';
}

/** Linear interpolation between the dated points around `atMs`; the last target holds after it. */
export function expectedValueAt(points: readonly DatedValue[], atMs: number): number {
  for (let i = 1; i < points.length; i++) {
    const from = points[i - 1]!;
    const to = points[i]!;
    if (atMs <= time(to.at)) {
      const span = time(to.at) - time(from.at);
      if (span <= 0) return to.value;
      const share = Math.max(0, (atMs - time(from.at)) / span);
      return from.value + (to.value - from.value) * share;
    }
  }
  return points[points.length - 1]!.value;
}

/** Planned and past due. A closed initiative has nothing overdue: its open milestones ended with it. */
export function isOverdue(milestone: MilestoneView, now: Date, initiativeStatus?: InitiativeView['status']): boolean {
  return initiativeStatus !== 'closed' && milestone.status === 'planned' && dueBy(milestone.dueAt) < now.getTime();
}

const RANK: Record<Rag, number> = { unknown: 0, green: 1, amber: 2, red: 3 };

export function worstRag(rags: readonly Rag[]): Rag {
  return rags.reduce<Rag>((worst, rag) => (RANK[rag] > RANK[worst] ? rag : worst), 'unknown');
}

const RAG_OF_INDICATOR: Record<IndicatorStatus, Rag> = {
  onTrack: 'green',
  atRisk: 'amber',
  stale: 'amber',
  offTrack: 'red',
  unknown: 'unknown',
};

function milestoneRag(milestone: MilestoneView & { overdue: boolean }): Rag {
  if (milestone.status === 'missed' || milestone.overdue) return 'red';
  if (milestone.status === 'cancelled') return 'unknown';
  return 'green';
}

/**
 * Measurements an indicator carries in the status document: the ones recorded last, so the document
 * stays the same size however long the history grows; `measurementCount` counts them all, and
 * `GET /initiatives/{id}/indicators/{indicatorId}/measurements` pages through every one.
 */
export const MEASUREMENTS_SHOWN = 100;

function presentIndicator(indicator: IndicatorView, now: Date, thresholds: StatusThresholds) {
  const measurements = indicator.measurements;
  return {
    ...indicator,
    ...(measurements && measurements.length > MEASUREMENTS_SHOWN
      ? { measurements: measurements.slice(-MEASUREMENTS_SHOWN) }
      : {}),
    frequency: indicator.frequency ?? null,
    method: indicator.method ?? null,
    role: indicator.role ?? 'performance',
    status: indicatorStatus(indicator, now, thresholds),
    staleSince: staleSince(indicator, now),
  };
}

export type PresentedIndicator = ReturnType<typeof presentIndicator>;

function presentGoal(goal: GoalView, now: Date, thresholds: StatusThresholds) {
  const { definedAt, ...rest } = goal;
  return {
    ...rest,
    definedAt: definedAt ?? null,
    verifiable: isGoalVerifiable(goal),
    indicators: goal.indicators
      .filter((indicator) => !isContextIndicator(indicator))
      .map((indicator) => presentIndicator(indicator, now, thresholds)),
    contextIndicators: goal.indicators
      .filter(isContextIndicator)
      .map((indicator) => ({ ...presentIndicator(indicator, now, thresholds), attributionNote: ATTRIBUTION_NOTE })),
  };
}

/**
 * The status document of docs/api.md: the stored view plus what depends on the clock. Context indicators are listed
 * apart and left out of the RAG; a closed initiative has no RAG, only its outcome.
 */
export function presentInitiative(view: InitiativeView, now: Date, thresholds: StatusThresholds = DEFAULT_THRESHOLDS) {
  const goals = view.goals.map((goal) => presentGoal(goal, now, thresholds));
  const milestones = view.milestones.map((m) => ({ ...m, overdue: isOverdue(m, now, view.status) }));
  const closed = view.status === 'closed';
  const ragReasons = closed ? [] : [...ragReasonsOf(view, goals, milestones, now), ...riskReasonsOf(view)];
  const rag: Rag | null = closed
    ? null
    : worstRag([
        ...goals.flatMap((g) => g.indicators.map((i) => RAG_OF_INDICATOR[i.status])),
        ...milestones.map(milestoneRag),
        ...ragReasons.filter((r) => r.kind === 'followUpOverdue' || r.kind === 'riskHigh').map((): Rag => 'amber'),
      ]);
  const open = milestones.filter((m) => m.status === 'planned').sort((a, b) => time(a.dueAt) - time(b.dueAt));
  return {
    ...view,
    rag,
    outcome: view.closure?.outcome ?? null,
    ragReasons,
    verifiability: verifiabilityOf(view.goals),
    goals,
    milestones,
    nextMilestone: open.find((m) => !m.overdue) ?? null,
    overdueMilestones: open.filter((m) => m.overdue).map((m) => m.id),
    benefits: view.benefits.map((benefit) => presentBenefit(benefit, now)),
    ...presentFunding(view),
    risks: risksOf(view),
  };
}

export type InitiativeStatusDocument = ReturnType<typeof presentInitiative>;
