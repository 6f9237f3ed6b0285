import { assertNever, toInitiativeEvent, type DatedValue } from '@followup/domain';
import type { StoredEvent } from '@followup/event-store';
import type { InitiativeView } from '../initiative/initiative-view';
import { evolveInPlace } from '../initiative/initiative-view.projection';

/** One line of an initiative's audit history (API.md "Audit history items"). */
export interface AuditHistoryItem {
  position: number;
  version: number;
  eventId: string;
  type: string;
  occurredAt: string;
  recordedAt: string;
  actor: { sub: string; name: string | null };
  summary: string;
  decisionId: string | null;
  caseRef: string | null;
  reason: string | null;
  correlationId: string;
  /** For revisions, reschedules and target changes: what it was and what it became. */
  before?: unknown;
  after?: unknown;
}

const day = (iso: string) => iso.slice(0, 10);
const targets = (values: readonly DatedValue[]) => values.map((t) => `${t.value} by ${day(t.at)}`).join(', ');

/**
 * Turns a stream into readable history. The view is folded alongside, so a line can name
 * the goal, indicator or milestone an event refers to by its title.
 */
export function auditHistory(events: readonly StoredEvent[]): AuditHistoryItem[] {
  let view: InitiativeView | null = null;
  return events.map((stored) => {
    const item = describe(stored, view);
    view = evolveInPlace(view, stored);
    return item;
  });
}

function describe(stored: StoredEvent, view: InitiativeView | null): AuditHistoryItem {
  const base: AuditHistoryItem = {
    position: stored.position,
    version: stored.streamVersion,
    eventId: stored.eventId,
    type: stored.type,
    occurredAt: stored.occurredAt,
    recordedAt: stored.recordedAt,
    actor: { sub: stored.actor.sub, name: stored.actor.name ?? null },
    summary: '',
    decisionId: stored.decisionId,
    caseRef: stored.caseRef,
    reason: stored.reason,
    correlationId: stored.correlationId,
  };
  const goal = (id: string) => view?.goals.find((g) => g.id === id);
  const indicator = (id: string) => view?.goals.flatMap((g) => g.indicators).find((i) => i.id === id);
  const milestone = (id: string) => view?.milestones.find((m) => m.id === id);
  const benefit = (id: string) => view?.benefits.find((b) => b.id === id);
  const quoted = (text: string | undefined, fallback: string) => (text ? `"${text}"` : fallback);

  const event = toInitiativeEvent(stored);
  switch (event.type) {
    case 'InitiativeRegistered': {
      const d = event.data;
      return {
        ...base,
        summary: `Registered ${d.kind} "${d.title}"${d.parentId ? ` under ${d.parentId}` : ''}, owned by ${d.ownerUnit}, responsible ${d.responsible}`,
      };
    }
    case 'InitiativeActivated':
      return { ...base, summary: 'Activated the initiative' };
    case 'GoalDefined':
      return { ...base, summary: `Defined goal "${event.data.statement}" (${event.data.resultLevel})` };
    case 'GoalRevised':
      return {
        ...base,
        summary: `Revised goal "${event.data.before.statement}" (${event.data.before.resultLevel}) to "${event.data.after.statement}" (${event.data.after.resultLevel}): ${event.data.reason}`,
        before: event.data.before,
        after: event.data.after,
      };
    case 'IndicatorDefined': {
      const d = event.data;
      return {
        ...base,
        summary: `Defined indicator "${d.name}" (${d.unit}, ${d.direction}) for goal ${quoted(goal(d.goalId)?.statement, d.goalId)}: baseline ${d.baseline.value} at ${day(d.baseline.at)}, targets ${targets(d.targets)}`,
      };
    }
    case 'IndicatorTargetsChanged': {
      const d = event.data;
      return {
        ...base,
        summary: `Changed targets of indicator ${quoted(indicator(d.indicatorId)?.name, d.indicatorId)} from ${targets(d.before)} to ${targets(d.after)}`,
        before: { targets: d.before },
        after: { targets: d.after },
      };
    }
    case 'MeasurementRecorded': {
      const d = event.data;
      const ind = indicator(d.indicatorId);
      return {
        ...base,
        summary: `Measured ${quoted(ind?.name, d.indicatorId)}: ${d.value}${ind ? ` ${ind.unit}` : ''} at ${day(d.at)}${d.source ? ` (source: ${d.source})` : ''}`,
      };
    }
    case 'MilestonePlanned':
      return { ...base, summary: `Planned milestone "${event.data.title}" due ${day(event.data.dueAt)}` };
    case 'MilestoneAchieved':
      return {
        ...base,
        summary: `Achieved milestone ${quoted(milestone(event.data.milestoneId)?.title, event.data.milestoneId)} on ${day(event.data.achievedAt)}: ${event.data.evaluation}`,
      };
    case 'MilestoneRescheduled': {
      const d = event.data;
      return {
        ...base,
        summary: `Rescheduled milestone ${quoted(milestone(d.milestoneId)?.title, d.milestoneId)} from ${day(d.previousDueAt)} to ${day(d.dueAt)}: ${d.reason}`,
        before: { dueAt: d.previousDueAt },
        after: { dueAt: d.dueAt },
      };
    }
    case 'MilestoneMissed':
      return {
        ...base,
        summary: `Missed milestone ${quoted(milestone(event.data.milestoneId)?.title, event.data.milestoneId)}: ${event.data.reason}`,
        before: { status: milestone(event.data.milestoneId)?.status ?? null },
        after: { status: 'missed' },
      };
    case 'MilestoneCancelled':
      return {
        ...base,
        summary: `Cancelled milestone ${quoted(milestone(event.data.milestoneId)?.title, event.data.milestoneId)}: ${event.data.reason}`,
        before: { status: milestone(event.data.milestoneId)?.status ?? null },
        after: { status: 'cancelled' },
      };
    case 'FollowUpDecisionRecorded': {
      const d = event.data;
      return {
        ...base,
        summary: `Follow-up decision (${d.kind}) by ${d.decidedBy}${d.caseRef ? ` in case ${d.caseRef}` : ''}: ${d.summary}${d.followUpBy ? `; follow up by ${day(d.followUpBy)}` : ''}`,
      };
    }
    case 'InitiativePaused':
      return {
        ...base,
        summary: 'Paused the initiative',
        before: { status: view?.status ?? null },
        after: { status: 'paused' },
      };
    case 'InitiativeResumed':
      return { ...base, summary: 'Resumed the initiative', before: { status: 'paused' }, after: { status: 'active' } };
    case 'CourseCorrected': {
      const d = event.data;
      return {
        ...base,
        summary: `Course correction by ${d.decidedBy}${d.caseRef ? ` in case ${d.caseRef}` : ''} with ${d.changeCount} change(s): ${d.rationale}`,
      };
    }
    case 'BenefitRegistered': {
      const d = event.data;
      return {
        ...base,
        summary: `Registered ${d.kind === 'disbenefit' ? 'dis-benefit' : 'benefit'} "${d.description}", owner ${d.owner}, to be realised by ${day(d.realisationDue)}`,
      };
    }
    case 'BenefitRealisationRecorded': {
      const d = event.data;
      return {
        ...base,
        summary: `Recorded realisation of ${quoted(benefit(d.benefitId)?.description, d.benefitId)}: ${d.value} at ${day(d.at)}`,
      };
    }
    case 'InitiativeClosed': {
      const d = event.data;
      return {
        ...base,
        summary: `Closed the initiative (${d.outcome}) with ${d.goalAssessments.length} goal assessment(s): ${d.finalEvaluation}`,
        before: { status: view?.status ?? null },
        after: { status: 'closed', outcome: d.outcome },
      };
    }
    default:
      return assertNever(event, 'event type');
  }
}
