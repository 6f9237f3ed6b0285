import type { InitiativeEvent, InitiativeEventType, MeasurementBreakdown } from '@followup/domain';
import type { StoredEvent } from '@followup/event-store';
import { handlerFor, type EventOf } from '../events';
import { decidedByOf } from '../decided-by';
import { recordAppliers } from './initiative-view.records';
import { economyAppliers } from './initiative-view.economy';
import { noteAnsweredRisks } from './answered-risks';
import { indicatorOf, missing } from './initiative-view.lookup';
import type { BreakdownMeasurement, GoalView, InitiativeView, MilestoneView } from './initiative-view';

type Applier<T extends InitiativeEventType> = (view: InitiativeView, event: EventOf<T>, stored: StoredEvent) => void;

/** How each event changes an existing view: one entry per event type, so a new type does not compile without one. */
type ViewAppliers = { [T in InitiativeEventType]: Applier<T> };

/** Applies a non-registration event to `view` itself. */
export function applyToView(view: InitiativeView, event: InitiativeEvent, stored: StoredEvent): void {
  // The table's type pairs each handler with its event; TypeScript cannot follow that through a union lookup.
  const applier = handlerFor(VIEW_APPLIERS, event) as Applier<InitiativeEventType>;
  applier(view, event, stored);
}

const VIEW_APPLIERS: ViewAppliers = {
  // The view is created from the registration itself (see `evolveInPlace`).
  InitiativeRegistered: () => undefined,
  InitiativeActivated: (view) => {
    view.status = 'active';
  },
  GoalDefined: (view, { data }, stored) => {
    view.goals.push({
      id: data.goalId,
      statement: data.statement,
      resultLevel: data.resultLevel,
      indicators: [],
      definedAt: stored.occurredAt,
      ...(data.targetGroups ? { targetGroups: data.targetGroups } : {}),
    });
  },
  GoalRevised: (view, { data }, stored) => {
    const goal = goalOf(view, data.goalId, stored);
    goal.statement = data.after.statement;
    goal.resultLevel = data.after.resultLevel;
  },
  IndicatorDefined: (view, { data: d }, stored) => {
    goalOf(view, d.goalId, stored).indicators.push({
      id: d.indicatorId,
      goalId: d.goalId,
      name: d.name,
      unit: d.unit,
      direction: d.direction,
      aggregation: d.aggregation,
      baseline: d.baseline,
      targets: d.targets,
      latest: null,
      measurementCount: 0,
      measurements: [],
      frequency: d.frequency ?? null,
      method: d.method ?? null,
      role: d.role ?? 'performance',
    });
  },
  IndicatorTargetsChanged: (view, { data }, stored) => {
    indicatorOf(view, data.indicatorId, stored).targets = data.after;
  },
  MeasurementRecorded: (view, { data: d }, stored) => {
    const indicator = indicatorOf(view, d.indicatorId, stored);
    indicator.measurementCount++;
    // A measurement of a part is kept per part; `latest` stays the value of the whole.
    if (d.breakdown) {
      indicator.latestByBreakdown = withLatestOfPart(indicator.latestByBreakdown ?? [], d.breakdown, d);
      return;
    }
    (indicator.measurements ??= []).push({
      id: d.measurementId,
      value: d.value,
      at: d.at,
      source: d.source,
      note: d.note,
    });
    // Compared as instants: `at` strings may carry different offsets or be plain dates.
    if (!indicator.latest || Date.parse(d.at) >= Date.parse(indicator.latest.at)) {
      indicator.latest = { id: d.measurementId, value: d.value, at: d.at, source: d.source, note: d.note };
    }
  },
  MilestonePlanned: (view, { data }) => {
    view.milestones.push({
      id: data.milestoneId,
      title: data.title,
      description: data.description,
      dueAt: data.dueAt,
      status: 'planned',
      achievedAt: null,
      evaluation: null,
      reason: null,
      rescheduleCount: 0,
    });
  },
  MilestoneAchieved: (view, { data }, stored) => {
    const milestone = milestoneOf(view, data.milestoneId, stored);
    milestone.status = 'achieved';
    milestone.achievedAt = data.achievedAt;
    milestone.evaluation = data.evaluation;
  },
  MilestoneRescheduled: (view, { data }, stored) => {
    const milestone = milestoneOf(view, data.milestoneId, stored);
    milestone.status = 'planned';
    milestone.dueAt = data.dueAt;
    milestone.reason = data.reason;
    milestone.rescheduleCount++;
  },
  MilestoneMissed: (view, { data }, stored) => {
    Object.assign(milestoneOf(view, data.milestoneId, stored), { status: 'missed', reason: data.reason });
  },
  MilestoneCancelled: (view, { data }, stored) => {
    Object.assign(milestoneOf(view, data.milestoneId, stored), { status: 'cancelled', reason: data.reason });
  },
  FollowUpDecisionRecorded: (view, { data: d }) => {
    view.lastDecision = {
      id: d.decisionId,
      kind: d.kind,
      summary: d.summary,
      caseRef: d.caseRef,
      decidedBy: d.decidedBy,
      occurredAt: d.occurredAt,
      followUpBy: d.followUpBy,
      ...(d.risks ? { risks: d.risks } : {}),
    };
    noteAnsweredRisks(view, d.decisionId, d.risks);
    if (d.followUpBy !== null) view.openFollowUps = [...(view.openFollowUps ?? []), { ...view.lastDecision }];
  },
  InitiativePaused: (view) => {
    view.status = 'paused';
  },
  InitiativeResumed: (view) => {
    view.status = 'active';
    if (view.stoppedBy) view.stoppedBy = null;
  },
  CourseCorrected: (view, { data: d }) => {
    view.lastDecision = {
      id: d.courseCorrectionId,
      kind: 'courseCorrection',
      summary: d.rationale,
      caseRef: d.caseRef,
      decidedBy: d.decidedBy,
      occurredAt: d.occurredAt,
      followUpBy: null,
      ...(d.risks ? { risks: d.risks } : {}),
    };
    noteAnsweredRisks(view, d.courseCorrectionId, d.risks);
  },
  BenefitRegistered: (view, { data: d }) => {
    view.benefits.push({
      id: d.benefitId,
      kind: d.kind,
      description: d.description,
      owner: d.owner,
      indicatorId: d.indicatorId,
      baseline: d.baseline,
      target: d.target,
      realisationDue: d.realisationDue,
      realisations: [],
      ...(d.profile ? { profile: d.profile } : {}),
      ...(d.unplanned ? { unplanned: true as const } : {}),
    });
  },
  BenefitRealisationRecorded: (view, { data: d }, stored) => {
    const benefit = view.benefits.find((b) => b.id === d.benefitId);
    if (!benefit) throw missing(stored, 'benefit', d.benefitId);
    benefit.realisations.push({ id: d.realisationId, value: d.value, at: d.at, note: d.note });
  },
  InitiativeClosed: (view, { data: d }, stored) => {
    view.status = 'closed';
    view.closure = {
      outcome: d.outcome,
      finalEvaluation: d.finalEvaluation,
      goalAssessments: d.goalAssessments,
      lessons: d.lessons,
      closedAt: d.closedAt,
      caseRef: stored.caseRef,
      decidedBy: decidedByOf(stored),
    };
  },
  ...recordAppliers,
  ...economyAppliers,
  FollowUpResolved: (view, { data }) => {
    view.openFollowUps = (view.openFollowUps ?? []).filter((item) => item.id !== data.followUpId);
  },
  InitiativeStopping: (view) => {
    view.status = 'stopping';
    view.stoppedBy = view.lastDecision && { ...view.lastDecision };
  },
  GoalContributionLinked: (view, { data: d }, stored) => {
    const goal = goalOf(view, d.goalId, stored);
    goal.contributesTo = [
      ...(goal.contributesTo ?? []),
      { initiativeId: d.toInitiativeId, goalId: d.toGoalId, note: d.note },
    ];
  },
  GoalContributionRemoved: (view, { data: d }, stored) => {
    const goal = goalOf(view, d.goalId, stored);
    goal.contributesTo = (goal.contributesTo ?? []).filter((link) => link.goalId !== d.toGoalId);
  },
};

function goalOf(view: InitiativeView, goalId: string, stored: StoredEvent): GoalView {
  const goal = view.goals.find((g) => g.id === goalId);
  if (!goal) throw missing(stored, 'goal', goalId);
  return goal;
}

function milestoneOf(view: InitiativeView, milestoneId: string, stored: StoredEvent): MilestoneView {
  const milestone = view.milestones.find((m) => m.id === milestoneId);
  if (!milestone) throw missing(stored, 'milestone', milestoneId);
  return milestone;
}
/** The parts' latest measurements with `measured` taking its part's place if it is not older. */
function withLatestOfPart(
  parts: BreakdownMeasurement[],
  breakdown: MeasurementBreakdown,
  measured: { measurementId: string; value: number; at: string; source: string | null; note: string | null },
): BreakdownMeasurement[] {
  const samePart = (p: BreakdownMeasurement) =>
    p.breakdown.targetGroup === breakdown.targetGroup && p.breakdown.municipality === breakdown.municipality;
  const current = parts.find(samePart);
  if (current && Date.parse(measured.at) < Date.parse(current.at)) return parts;
  const { measurementId: id, value, at, source, note } = measured;
  return [...parts.filter((p) => !samePart(p)), { breakdown, id, value, at, source, note }];
}
