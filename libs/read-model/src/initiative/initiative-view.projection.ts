import { assertNever, toInitiativeEvent, type InitiativeEvent } from '@followup/domain';
import type { StoredEvent } from '@followup/event-store';
import type { GoalView, IndicatorView, InitiativeView, MilestoneView } from './initiative-view';

/**
 * Folds one stored event into the initiative's view, returning a new view. Pure; the caller
 * guards by stream version so that replays and duplicates have no effect.
 */
export function evolveInitiativeView(view: InitiativeView | null, stored: StoredEvent): InitiativeView {
  return evolveInPlace(view ? structuredClone(view) : null, stored);
}

/**
 * Folds a whole stream (or its prefix) into a view, copying nothing per event, so replays
 * of long streams (as-of queries, rebuilds) stay linear.
 */
export function foldInitiativeView(
  events: Iterable<StoredEvent>,
  from: InitiativeView | null = null,
): InitiativeView | null {
  let view = from ? structuredClone(from) : null;
  for (const event of events) view = evolveInPlace(view, event);
  return view;
}

/** Applies the event to `view` itself (or creates the view on registration): for owners of the view only. */
export function evolveInPlace(view: InitiativeView | null, stored: StoredEvent): InitiativeView {
  const event = toInitiativeEvent(stored);
  if (event.type === 'InitiativeRegistered') {
    const d = event.data;
    return {
      id: d.initiativeId,
      kind: d.kind,
      title: d.title,
      parentId: d.parentId,
      description: d.description,
      ownerUnit: d.ownerUnit,
      responsible: d.responsible,
      partners: d.partners,
      startsAt: d.startsAt,
      endsAt: d.endsAt,
      status: 'planned',
      version: stored.streamVersion,
      position: stored.position,
      createdAt: stored.recordedAt,
      updatedAt: stored.recordedAt,
      goals: [],
      milestones: [],
      benefits: [],
      lastDecision: null,
      closure: null,
    };
  }
  if (!view)
    throw new Error(
      `event ${stored.type} v${stored.streamVersion} of ${stored.streamId} has no registration before it`,
    );
  view.version = stored.streamVersion;
  view.position = stored.position;
  view.updatedAt = stored.recordedAt;
  apply(view, event, stored);
  return view;
}

function apply(view: InitiativeView, event: InitiativeEvent, stored: StoredEvent): void {
  switch (event.type) {
    case 'InitiativeRegistered':
      return;
    case 'InitiativeActivated':
      view.status = 'active';
      return;
    case 'GoalDefined':
      view.goals.push({
        id: event.data.goalId,
        statement: event.data.statement,
        resultLevel: event.data.resultLevel,
        indicators: [],
      });
      return;
    case 'GoalRevised': {
      const goal = goalOf(view, event.data.goalId);
      goal.statement = event.data.after.statement;
      goal.resultLevel = event.data.after.resultLevel;
      return;
    }
    case 'IndicatorDefined': {
      const d = event.data;
      goalOf(view, d.goalId).indicators.push({
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
      });
      return;
    }
    case 'IndicatorTargetsChanged':
      indicatorOf(view, event.data.indicatorId).targets = event.data.after;
      return;
    case 'MeasurementRecorded': {
      const d = event.data;
      const indicator = indicatorOf(view, d.indicatorId);
      indicator.measurementCount++;
      // Compared as instants: `at` strings may carry different offsets or be plain dates.
      if (!indicator.latest || Date.parse(d.at) >= Date.parse(indicator.latest.at)) {
        indicator.latest = { id: d.measurementId, value: d.value, at: d.at, source: d.source, note: d.note };
      }
      return;
    }
    case 'MilestonePlanned':
      view.milestones.push({
        id: event.data.milestoneId,
        title: event.data.title,
        description: event.data.description,
        dueAt: event.data.dueAt,
        status: 'planned',
        achievedAt: null,
        evaluation: null,
        reason: null,
        rescheduleCount: 0,
      });
      return;
    case 'MilestoneAchieved': {
      const m = milestoneOf(view, event.data.milestoneId);
      m.status = 'achieved';
      m.achievedAt = event.data.achievedAt;
      m.evaluation = event.data.evaluation;
      return;
    }
    case 'MilestoneRescheduled': {
      const m = milestoneOf(view, event.data.milestoneId);
      m.status = 'planned';
      m.dueAt = event.data.dueAt;
      m.reason = event.data.reason;
      m.rescheduleCount++;
      return;
    }
    case 'MilestoneMissed':
      Object.assign(milestoneOf(view, event.data.milestoneId), { status: 'missed', reason: event.data.reason });
      return;
    case 'MilestoneCancelled':
      Object.assign(milestoneOf(view, event.data.milestoneId), { status: 'cancelled', reason: event.data.reason });
      return;
    case 'FollowUpDecisionRecorded': {
      const d = event.data;
      view.lastDecision = {
        id: d.decisionId,
        kind: d.kind,
        summary: d.summary,
        caseRef: d.caseRef,
        decidedBy: d.decidedBy,
        occurredAt: d.occurredAt,
        followUpBy: d.followUpBy,
      };
      return;
    }
    case 'InitiativePaused':
      view.status = 'paused';
      return;
    case 'InitiativeResumed':
      view.status = 'active';
      return;
    case 'CourseCorrected': {
      const d = event.data;
      view.lastDecision = {
        id: d.courseCorrectionId,
        kind: 'courseCorrection',
        summary: d.rationale,
        caseRef: d.caseRef,
        decidedBy: d.decidedBy,
        occurredAt: d.occurredAt,
        followUpBy: null,
      };
      return;
    }
    case 'BenefitRegistered': {
      const d = event.data;
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
      });
      return;
    }
    case 'BenefitRealisationRecorded': {
      const d = event.data;
      const benefit = view.benefits.find((b) => b.id === d.benefitId);
      if (!benefit) throw missing(stored, 'benefit', d.benefitId);
      benefit.realisations.push({ id: d.realisationId, value: d.value, at: d.at, note: d.note });
      return;
    }
    case 'InitiativeClosed': {
      const d = event.data;
      view.status = 'closed';
      view.closure = {
        outcome: d.outcome,
        finalEvaluation: d.finalEvaluation,
        goalAssessments: d.goalAssessments,
        lessons: d.lessons,
        closedAt: d.closedAt,
      };
      return;
    }
    default:
      assertNever(event, 'event type');
  }

  function goalOf(v: InitiativeView, goalId: string): GoalView {
    const goal = v.goals.find((g) => g.id === goalId);
    if (!goal) throw missing(stored, 'goal', goalId);
    return goal;
  }
  function indicatorOf(v: InitiativeView, indicatorId: string): IndicatorView {
    for (const goal of v.goals) {
      const indicator = goal.indicators.find((i) => i.id === indicatorId);
      if (indicator) return indicator;
    }
    throw missing(stored, 'indicator', indicatorId);
  }
  function milestoneOf(v: InitiativeView, milestoneId: string): MilestoneView {
    const milestone = v.milestones.find((m) => m.id === milestoneId);
    if (!milestone) throw missing(stored, 'milestone', milestoneId);
    return milestone;
  }
}

function missing(stored: StoredEvent, what: string, id: string): Error {
  return new Error(
    `event ${stored.type} v${stored.streamVersion} of ${stored.streamId} refers to unknown ${what} ${id}`,
  );
}
