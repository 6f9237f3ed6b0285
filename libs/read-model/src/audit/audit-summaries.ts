import type { DatedValue, InitiativeEvent, InitiativeEventType } from '@followup/domain';
import type { InitiativeView } from '../initiative/initiative-view';
import { handlerFor, type EventOf } from '../events';
import { recordDescribers } from './audit-summaries.records';
import { economyDescribers } from './audit-summaries.economy';
import { NYNORSK_SUMMARIES } from './audit-summaries.nn';
import { auditNames, day, ENGLISH_QUOTE, indicatorOf, milestoneOf } from './audit-names';

/** The languages of audit lines: English, or Nynorsk where a line has been written for it. */
export type AuditLanguage = 'en' | 'nn';

/** What an audit line says about its event beyond the stored metadata. */
export interface AuditDetail {
  summary: string;
  before?: unknown;
  after?: unknown;
}

/** The view as it was before the event, to name what the event refers to. */
type Describer<T extends InitiativeEventType> = (event: EventOf<T>, view: InitiativeView | null) => AuditDetail;

/** One readable line per event type: a new type does not compile without one. */
type Describers = { [T in InitiativeEventType]: Describer<T> };

export function describeEvent(
  event: InitiativeEvent,
  view: InitiativeView | null,
  language: AuditLanguage = 'en',
): AuditDetail {
  // The table's type pairs each describer with its event; TypeScript cannot follow that through a union lookup.
  const describer = handlerFor(DESCRIBERS, event) as Describer<InitiativeEventType>;
  const detail = describer(event, view);
  if (language !== 'nn') return detail;
  const nynorsk = NYNORSK_SUMMARIES[event.type] as
    ((event: InitiativeEvent, view: InitiativeView | null) => string) | undefined;
  return nynorsk ? { ...detail, summary: nynorsk(event, view) } : detail;
}

const { quoted, goalName, milestoneName, benefitName } = auditNames(ENGLISH_QUOTE);
const targets = (values: readonly DatedValue[]) => values.map((t) => `${t.value} by ${day(t.at)}`).join(', ');
const inCase = (caseRef: string | null) => (caseRef ? ` in case ${caseRef}` : '');

const DESCRIBERS: Describers = {
  InitiativeRegistered: ({ data: d }) => ({
    summary:
      `Registered ${d.kind} "${d.title}"${d.parentId ? ` under ${d.parentId}` : ''}, ` +
      `owned by ${d.ownerUnit}, responsible ${d.responsible}`,
  }),
  InitiativeActivated: () => ({ summary: 'Activated the initiative' }),
  GoalDefined: ({ data }) => ({ summary: `Defined goal "${data.statement}" (${data.resultLevel})` }),
  GoalRevised: ({ data: { before, after, reason } }) => ({
    summary:
      `Revised goal "${before.statement}" (${before.resultLevel}) ` +
      `to "${after.statement}" (${after.resultLevel}): ${reason}`,
    before,
    after,
  }),
  IndicatorDefined: ({ data: d }, view) => ({
    summary:
      `Defined indicator "${d.name}" (${d.unit}, ${d.direction}) for goal ${goalName(view, d.goalId)}: ` +
      `baseline ${d.baseline.value} at ${day(d.baseline.at)}, targets ${targets(d.targets)}`,
  }),
  IndicatorTargetsChanged: ({ data: d }, view) => ({
    summary:
      `Changed targets of indicator ${quoted(indicatorOf(view, d.indicatorId)?.name, d.indicatorId)} ` +
      `from ${targets(d.before)} to ${targets(d.after)}`,
    before: { targets: d.before },
    after: { targets: d.after },
  }),
  MeasurementRecorded: ({ data: d }, view) => {
    const indicator = indicatorOf(view, d.indicatorId);
    return {
      summary:
        `Measured ${quoted(indicator?.name, d.indicatorId)}: ${d.value}${indicator ? ` ${indicator.unit}` : ''} ` +
        `at ${day(d.at)}${d.source ? ` (source: ${d.source})` : ''}`,
    };
  },
  MilestonePlanned: ({ data }) => ({ summary: `Planned milestone "${data.title}" due ${day(data.dueAt)}` }),
  MilestoneAchieved: ({ data: d }, view) => ({
    summary: `Achieved milestone ${milestoneName(view, d.milestoneId)} on ${day(d.achievedAt)}: ${d.evaluation}`,
  }),
  MilestoneRescheduled: ({ data: d }, view) => ({
    summary:
      `Rescheduled milestone ${milestoneName(view, d.milestoneId)} ` +
      `from ${day(d.previousDueAt)} to ${day(d.dueAt)}: ${d.reason}`,
    before: { dueAt: d.previousDueAt },
    after: { dueAt: d.dueAt },
  }),
  MilestoneMissed: ({ data: d }, view) => ({
    summary: `Missed milestone ${milestoneName(view, d.milestoneId)}: ${d.reason}`,
    before: { status: milestoneOf(view, d.milestoneId)?.status ?? null },
    after: { status: 'missed' },
  }),
  MilestoneCancelled: ({ data: d }, view) => ({
    summary: `Cancelled milestone ${milestoneName(view, d.milestoneId)}: ${d.reason}`,
    before: { status: milestoneOf(view, d.milestoneId)?.status ?? null },
    after: { status: 'cancelled' },
  }),
  FollowUpDecisionRecorded: ({ data: d }) => ({
    summary:
      `Follow-up decision (${d.kind}) by ${d.decidedBy}${inCase(d.caseRef)}: ${d.summary}` +
      (d.followUpBy ? `; follow up by ${day(d.followUpBy)}` : ''),
  }),
  InitiativePaused: (_event, view) => ({
    summary: 'Paused the initiative',
    before: { status: view?.status ?? null },
    after: { status: 'paused' },
  }),
  InitiativeResumed: (_event, view) => ({
    summary: 'Resumed the initiative',
    before: { status: view?.status ?? 'paused' },
    after: { status: 'active' },
  }),
  CourseCorrected: ({ data: d }) => ({
    summary: `Course correction by ${d.decidedBy}${inCase(d.caseRef)} with ${d.changeCount} change(s): ${d.rationale}`,
  }),
  BenefitRegistered: ({ data: d }) => ({
    summary:
      `Registered ${d.kind === 'disbenefit' ? 'dis-benefit' : 'benefit'} "${d.description}", ` +
      `owner ${d.owner}, to be realised by ${day(d.realisationDue)}`,
  }),
  BenefitRealisationRecorded: ({ data: d }, view) => ({
    summary: `Recorded realisation of ${benefitName(view, d.benefitId)}: ${d.value} at ${day(d.at)}`,
  }),
  InitiativeClosed: ({ data: d }, view) => ({
    summary:
      `Closed the initiative (${d.outcome}) with ${d.goalAssessments.length} goal assessment(s): ` + d.finalEvaluation,
    before: { status: view?.status ?? null },
    after: { status: 'closed', outcome: d.outcome },
  }),
  ...recordDescribers,
  ...economyDescribers,
  FollowUpResolved: ({ data: d }) => ({
    summary: `Follow-up item ${d.followUpId} resolved by ${d.resolvedBy} with decision ${d.resolvedByDecisionId}`,
  }),
  InitiativeStopping: (_event, view) => ({
    summary: 'Stopping the initiative: only closure, benefit work or a continue decision follow',
    before: { status: view?.status ?? null },
    after: { status: 'stopping' },
  }),
  GoalContributionLinked: ({ data: d }, view) => ({
    summary:
      `Linked goal ${goalName(view, d.goalId)} as contributing to goal ${d.toGoalId} of ${d.toInitiativeId}` +
      (d.note ? `: ${d.note}` : ''),
  }),
  GoalContributionRemoved: ({ data: d }, view) => ({
    summary:
      `Removed the contribution of goal ${goalName(view, d.goalId)} to goal ${d.toGoalId} of ${d.toInitiativeId}: ` +
      d.reason,
  }),
};

/** Every event type an audit line describes. */
export const AUDITED_EVENT_TYPES = Object.keys(DESCRIBERS) as InitiativeEventType[];
