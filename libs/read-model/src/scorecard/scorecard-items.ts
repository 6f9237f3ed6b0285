import {
  dueBy,
  isBenefitRealised,
  needsVerification,
  realisedValueOf,
  SCORECARD_MEASURES,
  toInitiativeEvent,
  type ScorecardMeasure,
} from '@followup/domain';
import type { StoredEvent } from '@followup/event-store';
import { followUpsOfStream } from '../audit/follow-ups';
import type { BenefitView, InitiativeView } from '../initiative/initiative-view';
import { isContextIndicator, isGoalVerifiable, staleSince } from '../initiative/status-rules';

export type ScorecardItemType = 'goal' | 'followUp' | 'milestone' | 'decision' | 'closure' | 'benefit' | 'indicator';

/** One thing behind a figure: it counts for the measure (numerator) or against it. */
export interface ScorecardItem {
  measure: ScorecardMeasure;
  type: ScorecardItemType;
  id: string;
  initiativeId: string;
  initiativeTitle: string;
  title: string;
  counts: 'for' | 'against';
  /** Why it counts against; null when it counts for. */
  reason: string | null;
  /** When it was due, decided or closed (business time). */
  at: string | null;
  /** Follow-up items: whole days past due, at resolution or at the period's end. */
  daysOverdue?: number;
  /** Benefits: the unit, the planned (target) and the realised value. */
  unit?: string | null;
  planned?: number | null;
  realised?: number | null;
}

/** The initiative as it stood at a period's end, the events that made it so, and the moment its clock judges. */
export interface InitiativeAtPeriod {
  view: InitiativeView;
  events: readonly StoredEvent[];
  start: number;
  end: number;
  /** The earlier of the period's end and now: what is due after it is not yet due. */
  moment: Date;
}

type Base = Pick<ScorecardItem, 'initiativeId' | 'initiativeTitle'>;
const time = (iso: string) => Date.parse(iso);
const within = (at: string, from: number, to: number) => time(at) >= from && time(at) <= to;
/** Due within the period: what was due on a day of it falls due when that day ends in Oslo. */
const dueWithin = (due: string, from: number, to: number) => {
  const at = dueBy(due);
  return at >= from && at <= to;
};
const verdict = (ok: boolean, reason: string) =>
  ({ counts: ok ? 'for' : 'against', reason: ok ? null : reason }) as const;

function verifiableGoals(p: InitiativeAtPeriod, base: Base): ScorecardItem[] {
  return p.view.goals
    .filter((goal) => needsVerification(goal.resultLevel))
    .map((goal) => ({
      ...base,
      measure: 'verifiableGoals',
      type: 'goal',
      id: goal.id,
      title: goal.statement,
      at: goal.definedAt ?? null,
      ...verdict(isGoalVerifiable(goal), 'noPerformanceIndicatorWithBaselineAndTarget'),
    }));
}

function followUpsOnTime(p: InitiativeAtPeriod, base: Base): ScorecardItem[] {
  return followUpsOfStream(p.events, p.moment)
    .filter((item) => dueWithin(item.dueAt, p.start, p.moment.getTime()))
    .map((item) => {
      const onTime = item.resolvedAt !== null && time(item.resolvedAt) <= dueBy(item.dueAt);
      const reason = item.status === 'resolved' ? 'resolvedLate' : 'unresolved';
      return {
        ...base,
        measure: 'followUpsOnTime',
        type: 'followUp',
        id: item.id,
        title: item.summary,
        at: item.dueAt,
        daysOverdue: onTime ? 0 : item.daysOverdue,
        ...verdict(onTime, reason),
      };
    });
}

function milestoneLateReason(milestone: InitiativeView['milestones'][number], firstDue: string): string | null {
  if (milestone.rescheduleCount > 0) return 'rescheduled';
  if (milestone.status === 'missed' || milestone.status === 'cancelled') return milestone.status;
  if (milestone.status !== 'achieved' || milestone.achievedAt === null) return 'notAchieved';
  return time(milestone.achievedAt) <= dueBy(firstDue) ? null : 'achievedLate';
}

function milestonesOnTime(p: InitiativeAtPeriod, base: Base): ScorecardItem[] {
  const firstDue = new Map<string, string>();
  for (const event of p.events) {
    if (event.type !== 'MilestonePlanned') continue;
    const data = event.data as { milestoneId: string; dueAt: string };
    if (!firstDue.has(data.milestoneId)) firstDue.set(data.milestoneId, data.dueAt);
  }
  return p.view.milestones.flatMap((milestone) => {
    const due = firstDue.get(milestone.id) ?? milestone.dueAt;
    if (!dueWithin(due, p.start, p.moment.getTime())) return [];
    const reason = milestoneLateReason(milestone, due);
    const item: ScorecardItem = {
      ...base,
      measure: 'milestonesOnTime',
      type: 'milestone',
      id: milestone.id,
      title: milestone.title,
      at: due,
      ...verdict(reason === null, reason ?? ''),
    };
    return [item];
  });
}

function undocumentedReason(data: { caseRef: string | null; decidedBy: string; rationale: string }): string | null {
  const missing = [
    ...(data.caseRef?.trim() ? [] : ['caseRef']),
    ...(data.decidedBy?.trim() ? [] : ['decidedBy']),
    ...(data.rationale?.trim() ? [] : ['rationale']),
  ];
  return missing.length === 0 ? null : `missing ${missing.join(', ')}`;
}

function decisionsDocumented(p: InitiativeAtPeriod, base: Base): ScorecardItem[] {
  const items: ScorecardItem[] = [];
  for (const stored of p.events) {
    if (stored.type !== 'FollowUpDecisionRecorded' && stored.type !== 'CourseCorrected') continue;
    const event = toInitiativeEvent(stored);
    if (event.type !== 'FollowUpDecisionRecorded' && event.type !== 'CourseCorrected') continue;
    if (!within(event.data.occurredAt, p.start, p.end)) continue;
    const reason = undocumentedReason(event.data);
    const isDecision = event.type === 'FollowUpDecisionRecorded';
    items.push({
      ...base,
      measure: 'decisionsDocumented',
      type: 'decision',
      id: isDecision ? event.data.decisionId : event.data.courseCorrectionId,
      title: isDecision ? `${event.data.kind}: ${event.data.summary}` : `courseCorrection: ${event.data.rationale}`,
      at: event.data.occurredAt,
      ...verdict(reason === null, reason ?? ''),
    });
  }
  return items;
}

function closuresEvaluated(p: InitiativeAtPeriod, base: Base): ScorecardItem[] {
  const closure = p.view.closure;
  if (!closure || !within(closure.closedAt, p.start, p.end)) return [];
  const overridden = closure.goalAssessments.filter((a) => a.override).map((a) => a.goalId);
  const reason = `override on goal(s) ${overridden.join(', ')}`;
  return [
    {
      ...base,
      measure: 'closuresEvaluated',
      type: 'closure',
      id: p.view.id,
      title: `${closure.outcome}: ${closure.finalEvaluation}`,
      at: closure.closedAt,
      ...verdict(overridden.length === 0, reason),
    },
  ];
}

/** The target date and planned value of a benefit: its profile's, else its realisation due date and target. */
export function benefitPlan(benefit: BenefitView): { at: string; planned: number | null; unit: string | null } {
  if (benefit.profile)
    return { at: benefit.profile.target.at, planned: benefit.profile.target.value, unit: benefit.profile.unit };
  return { at: benefit.realisationDue, planned: benefit.target, unit: null };
}

function benefitsRealised(p: InitiativeAtPeriod, base: Base): ScorecardItem[] {
  return p.view.benefits.flatMap((benefit) => {
    const plan = benefitPlan(benefit);
    if (!dueWithin(plan.at, p.start, p.moment.getTime())) return [];
    const realised = realisedValueOf(benefit.realisations, benefit.profile?.aggregation ?? 'latest');
    const item: ScorecardItem = {
      ...base,
      measure: 'benefitsRealised',
      type: 'benefit',
      id: benefit.id,
      title: benefit.description,
      at: plan.at,
      unit: plan.unit,
      planned: plan.planned,
      realised,
      ...verdict(isBenefitRealised(benefit), realised === null ? 'nothingRealised' : 'targetNotMet'),
    };
    return [item];
  });
}

function freshData(p: InitiativeAtPeriod, base: Base): ScorecardItem[] {
  // Indicators of closed initiatives are no longer measured, so they do not count.
  if (p.view.status === 'closed') return [];
  return p.view.goals.flatMap((goal) =>
    goal.indicators
      .filter((indicator) => !isContextIndicator(indicator))
      .map((indicator) => {
        const stale = staleSince(indicator, p.moment);
        const item: ScorecardItem = {
          ...base,
          measure: 'freshData',
          type: 'indicator',
          id: indicator.id,
          title: indicator.name,
          at: indicator.latest?.at ?? null,
          ...verdict(stale === null, `stale since ${stale}`),
        };
        return item;
      }),
  );
}

const ITEMS_OF: Record<ScorecardMeasure, (p: InitiativeAtPeriod, base: Base) => ScorecardItem[]> = {
  verifiableGoals,
  followUpsOnTime,
  milestonesOnTime,
  decisionsDocumented,
  closuresEvaluated,
  benefitsRealised,
  freshData,
};

/** Everything behind every measure for one initiative as it stood at a period's end. */
export function scorecardItemsOf(p: InitiativeAtPeriod): ScorecardItem[] {
  const base = { initiativeId: p.view.id, initiativeTitle: p.view.title };
  return SCORECARD_MEASURES.flatMap((measure) => ITEMS_OF[measure](p, base));
}
