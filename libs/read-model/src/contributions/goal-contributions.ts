import { isContextIndicator } from '../initiative/status-rules';
import type { GoalView, IndicatorView, InitiativeView } from '../initiative/initiative-view';
import {
  DEFAULT_THRESHOLDS,
  indicatorStatus,
  worstRag,
  type IndicatorStatus,
  type Rag,
  type StatusThresholds,
} from '../initiative/initiative-status';

/** A goal's status: the worst of its performance indicators' statuses today; `unknown` without indicators. */
export type GoalStatus = IndicatorStatus;

const GOAL_STATUSES: readonly GoalStatus[] = ['onTrack', 'atRisk', 'offTrack', 'stale', 'unknown'];
const RAG_OF: Record<GoalStatus, Rag> = {
  onTrack: 'green',
  atRisk: 'amber',
  stale: 'amber',
  offTrack: 'red',
  unknown: 'unknown',
};

export interface ContributingGoal {
  initiative: { id: string; kind: InitiativeView['kind']; title: string; status: InitiativeView['status'] };
  goalId: string;
  statement: string;
  resultLevel: GoalView['resultLevel'];
  note: string | null;
  status: GoalStatus;
  /** 0-1 along the path from baseline to final target, averaged over measured indicators; null if none. */
  progress: number | null;
}

export interface ContributionSummary {
  total: number;
  byStatus: Record<GoalStatus, number>;
  /** Mean progress of the contributing goals that have one; null if none has. */
  progress: number | null;
}

/**
 * How far an indicator has come from its baseline towards its final target, clamped to 0-1.
 * null when it has no measurement or its final target equals its baseline (nothing to travel).
 */
export function indicatorProgress(indicator: IndicatorView): number | null {
  const final = indicator.targets[indicator.targets.length - 1];
  if (!indicator.latest || !final) return null;
  const span = final.value - indicator.baseline.value;
  if (span === 0) return null;
  const share = (indicator.latest.value - indicator.baseline.value) / span;
  return Math.min(1, Math.max(0, share));
}

const mean = (values: readonly number[]): number | null =>
  values.length === 0 ? null : values.reduce((sum, v) => sum + v, 0) / values.length;

/** Context indicators (regional statistics and the like) say nothing about what the goal achieved. */
const performanceIndicators = (goal: GoalView) => goal.indicators.filter((indicator) => !isContextIndicator(indicator));

export function goalProgress(goal: GoalView): number | null {
  return mean(
    performanceIndicators(goal)
      .map(indicatorProgress)
      .filter((p): p is number => p !== null),
  );
}

export function goalStatus(goal: GoalView, now: Date, thresholds: StatusThresholds = DEFAULT_THRESHOLDS): GoalStatus {
  const statuses = performanceIndicators(goal).map((indicator) => indicatorStatus(indicator, now, thresholds));
  const worst = worstRag(statuses.map((status) => RAG_OF[status]));
  if (worst === 'unknown') return 'unknown';
  // Stale and at risk share amber; at risk is reported when both occur.
  if (worst === 'amber') return statuses.includes('atRisk') ? 'atRisk' : 'stale';
  return worst === 'red' ? 'offTrack' : 'onTrack';
}

/** The goals among `views` that contribute directly to goal `goalId` of initiative `initiativeId`. */
export function contributionsTo(
  views: readonly InitiativeView[],
  initiativeId: string,
  goalId: string,
  now: Date,
  thresholds: StatusThresholds = DEFAULT_THRESHOLDS,
): ContributingGoal[] {
  return views.flatMap((view) =>
    view.goals.flatMap((goal) => {
      const link = goal.contributesTo?.find((l) => l.initiativeId === initiativeId && l.goalId === goalId);
      if (!link) return [];
      return [
        {
          initiative: { id: view.id, kind: view.kind, title: view.title, status: view.status },
          goalId: goal.id,
          statement: goal.statement,
          resultLevel: goal.resultLevel,
          note: link.note,
          status: goalStatus(goal, now, thresholds),
          progress: goalProgress(goal),
        },
      ];
    }),
  );
}

export function summariseContributions(contributions: readonly ContributingGoal[]): ContributionSummary {
  const byStatus = Object.fromEntries(GOAL_STATUSES.map((s) => [s, 0])) as Record<GoalStatus, number>;
  for (const c of contributions) byStatus[c.status]++;
  const progress = mean(contributions.map((c) => c.progress).filter((p): p is number => p !== null));
  return { total: contributions.length, byStatus, progress };
}

/** Each goal of `root` with the summary of the goals contributing to it: the roll-up along contribution links. */
export function goalContributionRollup(
  root: InitiativeView,
  views: readonly InitiativeView[],
  now: Date,
  thresholds: StatusThresholds = DEFAULT_THRESHOLDS,
) {
  return root.goals.map((goal) => ({
    goalId: goal.id,
    statement: goal.statement,
    resultLevel: goal.resultLevel,
    status: goalStatus(goal, now, thresholds),
    progress: goalProgress(goal),
    contributions: summariseContributions(contributionsTo(views, root.id, goal.id, now, thresholds)),
  }));
}
