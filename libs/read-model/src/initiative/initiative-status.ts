import type { DatedValue } from '@followup/domain';
import type { IndicatorView, InitiativeView, MilestoneView } from './initiative-view';

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
 * Where the indicator stands against the time-linear path from its baseline (or the
 * previous target) to the next target, judged at its latest measurement.
 */
export function indicatorStatus(
  indicator: IndicatorView,
  now: Date,
  t: StatusThresholds = DEFAULT_THRESHOLDS,
): IndicatorStatus {
  const nowMs = now.getTime();
  const points: DatedValue[] = [indicator.baseline, ...indicator.targets];
  const latest = indicator.latest;
  // A target period that has passed without a measurement inside or after it: stale.
  const passed = indicator.targets.filter((target) => time(target.at) <= nowMs);
  if (passed.length > 0) {
    const lastPassedIndex = indicator.targets.indexOf(passed[passed.length - 1]!);
    const periodStart = points[lastPassedIndex]!;
    if (!latest || time(latest.at) <= time(periodStart.at)) return 'stale';
  }
  if (!latest) return 'unknown';

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
  return initiativeStatus !== 'closed' && milestone.status === 'planned' && time(milestone.dueAt) < now.getTime();
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

function milestoneRag(milestone: MilestoneView, now: Date, initiativeStatus: InitiativeView['status']): Rag {
  if (milestone.status === 'missed' || isOverdue(milestone, now, initiativeStatus)) return 'red';
  if (milestone.status === 'cancelled') return 'unknown';
  return 'green';
}

/** The status document of docs/api.md: the stored view plus what depends on the clock. */
export function presentInitiative(view: InitiativeView, now: Date, thresholds: StatusThresholds = DEFAULT_THRESHOLDS) {
  const goals = view.goals.map((goal) => ({
    ...goal,
    indicators: goal.indicators.map((indicator) => ({
      ...indicator,
      latest: indicator.latest,
      status: indicatorStatus(indicator, now, thresholds),
    })),
  }));
  const milestones = view.milestones.map((m) => ({ ...m, overdue: isOverdue(m, now, view.status) }));
  const rag = worstRag([
    ...goals.flatMap((g) => g.indicators.map((i) => RAG_OF_INDICATOR[i.status])),
    ...view.milestones.map((m) => milestoneRag(m, now, view.status)),
  ]);
  const open = milestones.filter((m) => m.status === 'planned').sort((a, b) => time(a.dueAt) - time(b.dueAt));
  return {
    ...view,
    rag,
    goals,
    milestones,
    nextMilestone: open.find((m) => !m.overdue) ?? null,
    overdueMilestones: open.filter((m) => m.overdue).map((m) => m.id),
  };
}

export type InitiativeStatusDocument = ReturnType<typeof presentInitiative>;
