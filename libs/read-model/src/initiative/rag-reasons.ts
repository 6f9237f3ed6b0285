import { dueBy } from '@followup/domain';
import type { InitiativeView, MilestoneView } from './initiative-view';

export const RAG_REASON_KINDS = [
  'indicatorOffTrack',
  'indicatorStale',
  'milestoneOverdue',
  'milestoneMissed',
  'followUpOverdue',
  'childRed',
  'riskHigh',
] as const;
export type RagReasonKind = (typeof RAG_REASON_KINDS)[number];

/** Why an initiative (or subtree) is not green: one entry per cause, naming its subject. */
export interface RagReason {
  kind: RagReasonKind;
  subjectId: string;
  title: string;
  detail: string;
}

interface JudgedIndicator {
  id: string;
  name: string;
  unit: string;
  /** As `indicatorStatus` judged it. */
  status: string;
  staleSince: string | null;
  latest: { value: number; at: string } | null;
  targets: ReadonlyArray<{ value: number; at: string }>;
}

const day = (iso: string) => new Date(Date.parse(iso)).toISOString().slice(0, 10);

function indicatorReason(indicator: JudgedIndicator): RagReason | null {
  const latest = indicator.latest
    ? `latest ${indicator.latest.value} ${indicator.unit} at ${day(indicator.latest.at)}`
    : 'nothing measured';
  if (indicator.status === 'offTrack') {
    return {
      kind: 'indicatorOffTrack',
      subjectId: indicator.id,
      title: indicator.name,
      detail: `off track: ${latest}`,
    };
  }
  if (indicator.status === 'stale') {
    const since = indicator.staleSince ? ` since ${day(indicator.staleSince)}` : '';
    return {
      kind: 'indicatorStale',
      subjectId: indicator.id,
      title: indicator.name,
      detail: `stale${since}: ${latest}`,
    };
  }
  return null;
}

function milestoneReason(milestone: MilestoneView & { overdue: boolean }): RagReason | null {
  const base = { subjectId: milestone.id, title: milestone.title };
  if (milestone.status === 'missed') {
    return { kind: 'milestoneMissed', ...base, detail: `missed (due ${day(milestone.dueAt)})` };
  }
  if (milestone.overdue) return { kind: 'milestoneOverdue', ...base, detail: `overdue since ${day(milestone.dueAt)}` };
  return null;
}

/**
 * The causes of an open initiative's own RAG, judged at `now`, from its indicators and milestones as
 * the status document judged them.
 */
export function ragReasonsOf(
  view: InitiativeView,
  goals: ReadonlyArray<{ indicators: readonly JudgedIndicator[] }>,
  milestones: ReadonlyArray<MilestoneView & { overdue: boolean }>,
  now: Date,
): RagReason[] {
  const reasons: RagReason[] = [];
  for (const goal of goals) {
    for (const indicator of goal.indicators) {
      const reason = indicatorReason(indicator);
      if (reason) reasons.push(reason);
    }
  }
  for (const milestone of milestones) {
    const reason = milestoneReason(milestone);
    if (reason) reasons.push(reason);
  }
  const decision = view.lastDecision;
  if (decision?.followUpBy && dueBy(decision.followUpBy) < now.getTime()) {
    reasons.push({
      kind: 'followUpOverdue',
      subjectId: decision.id,
      title: decision.summary,
      detail: `to be followed up by ${day(decision.followUpBy)}; no newer decision is recorded`,
    });
  }
  return reasons;
}
