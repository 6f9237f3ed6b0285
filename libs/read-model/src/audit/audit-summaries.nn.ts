/**
 * Audit lines in Nynorsk (`Accept-Language: nn`). Only the summary changes; `before`/`after` stay as the
 * English describers give them. An event type without a line here keeps its English summary.
 */
import {
  CLOSURE_OUTCOME_TERMS,
  DECISION_KIND_TERMS,
  INDICATOR_DIRECTION_TERMS,
  INITIATIVE_KIND_TERMS,
  RESULT_LEVEL_TERMS,
  type DatedValue,
  type InitiativeEventType,
  type VocabularyList,
} from '@followup/domain';
import type { InitiativeView } from '../initiative/initiative-view';
import type { EventOf } from '../events';
import { auditNames, day, indicatorOf, NYNORSK_QUOTE } from './audit-names';

type Summary<T extends InitiativeEventType> = (event: EventOf<T>, view: InitiativeView | null) => string;

const { quoted, goalName, milestoneName, benefitName } = auditNames(NYNORSK_QUOTE);
const label = (terms: VocabularyList, code: string) => terms.find((t) => t.code === code)?.nn ?? code;
const targets = (values: readonly DatedValue[]) => values.map((t) => `${t.value} innan ${day(t.at)}`).join(', ');
const inCase = (caseRef: string | null) => (caseRef ? ` i sak ${caseRef}` : '');

export const NYNORSK_SUMMARIES: { [T in InitiativeEventType]?: Summary<T> } = {
  InitiativeRegistered: ({ data: d }) =>
    `Registrerte ${label(INITIATIVE_KIND_TERMS, d.kind)} «${d.title}»${d.parentId ? ` under ${d.parentId}` : ''}, ` +
    `eigd av ${d.ownerUnit}, ansvarleg ${d.responsible}`,
  InitiativeActivated: () => 'Sette i gang initiativet',
  GoalDefined: ({ data }) => `Definerte målet «${data.statement}» (${label(RESULT_LEVEL_TERMS, data.resultLevel)})`,
  GoalRevised: ({ data: { before, after, reason } }) =>
    `Endra målet «${before.statement}» (${label(RESULT_LEVEL_TERMS, before.resultLevel)}) ` +
    `til «${after.statement}» (${label(RESULT_LEVEL_TERMS, after.resultLevel)}): ${reason}`,
  IndicatorDefined: ({ data: d }, view) =>
    `Definerte indikatoren «${d.name}» (${d.unit}, ${label(INDICATOR_DIRECTION_TERMS, d.direction)}) ` +
    `for målet ${goalName(view, d.goalId)}: utgangspunkt ${d.baseline.value} per ${day(d.baseline.at)}, ` +
    `mål ${targets(d.targets)}`,
  IndicatorTargetsChanged: ({ data: d }, view) =>
    `Endra måla for indikatoren ${quoted(indicatorOf(view, d.indicatorId)?.name, d.indicatorId)} ` +
    `frå ${targets(d.before)} til ${targets(d.after)}`,
  MeasurementRecorded: ({ data: d }, view) => {
    const indicator = indicatorOf(view, d.indicatorId);
    return (
      `Målte ${quoted(indicator?.name, d.indicatorId)}: ${d.value}${indicator ? ` ${indicator.unit}` : ''} ` +
      `per ${day(d.at)}${d.source ? ` (kjelde: ${d.source})` : ''}`
    );
  },
  MilestonePlanned: ({ data }) => `Planla milepælen «${data.title}» med frist ${day(data.dueAt)}`,
  MilestoneAchieved: ({ data: d }, view) =>
    `Nådde milepælen ${milestoneName(view, d.milestoneId)} ${day(d.achievedAt)}: ${d.evaluation}`,
  MilestoneRescheduled: ({ data: d }, view) =>
    `Flytta milepælen ${milestoneName(view, d.milestoneId)} frå ${day(d.previousDueAt)} til ${day(d.dueAt)}: ` +
    d.reason,
  MilestoneMissed: ({ data: d }, view) =>
    `Milepælen ${milestoneName(view, d.milestoneId)} vart ikkje nådd: ${d.reason}`,
  MilestoneCancelled: ({ data: d }, view) => `Avlyste milepælen ${milestoneName(view, d.milestoneId)}: ${d.reason}`,
  FollowUpDecisionRecorded: ({ data: d }) =>
    `Oppfølgingsvedtak (${label(DECISION_KIND_TERMS, d.kind)}) av ${d.decidedBy}${inCase(d.caseRef)}: ${d.summary}` +
    (d.followUpBy ? `; følgjast opp innan ${day(d.followUpBy)}` : ''),
  InitiativePaused: () => 'Sette initiativet på pause',
  InitiativeResumed: () => 'Tok opp att arbeidet med initiativet',
  CourseCorrected: ({ data: d }) =>
    `Kursendring av ${d.decidedBy}${inCase(d.caseRef)} med ${d.changeCount} endring(ar): ${d.rationale}`,
  BenefitRegistered: ({ data: d }) =>
    `Registrerte ${d.kind === 'disbenefit' ? 'ulempa' : 'gevinsten'} «${d.description}», ` +
    `eigar ${d.owner}, skal realiserast innan ${day(d.realisationDue)}`,
  BenefitRealisationRecorded: ({ data: d }, view) =>
    `Registrerte realisering av ${benefitName(view, d.benefitId)}: ${d.value} per ${day(d.at)}`,
  InitiativeClosed: ({ data: d }) =>
    `Avslutta initiativet (${label(CLOSURE_OUTCOME_TERMS, d.outcome)}) med ${d.goalAssessments.length} ` +
    `målvurdering(ar): ${d.finalEvaluation}`,
  MeasurementCorrected: ({ data: d }, view) =>
    `Retta målinga ${d.measurementId} av ${quoted(indicatorOf(view, d.indicatorId)?.name, d.indicatorId)} ` +
    `frå ${d.before.value} til ${d.after.value}: ${d.reason}`,
  MeasurementWithdrawn: ({ data: d }, view) =>
    `Trekte tilbake målinga ${d.measurementId} (${d.value}) av ` +
    `${quoted(indicatorOf(view, d.indicatorId)?.name, d.indicatorId)}: ${d.reason}`,
  BenefitRealisationCorrected: ({ data: d }, view) =>
    `Retta realiseringa ${d.realisationId} av ${benefitName(view, d.benefitId)} ` +
    `frå ${d.before.value} til ${d.after.value}: ${d.reason}`,
  BenefitRealisationWithdrawn: ({ data: d }, view) =>
    `Trekte tilbake realiseringa ${d.realisationId} (${d.value}) av ${benefitName(view, d.benefitId)}: ${d.reason}`,
  InitiativeDetailsChanged: ({ data: d }) => `Endra ${Object.keys(d.after).join(', ')} for initiativet: ${d.reason}`,
  RoleAssigned: ({ data: d }) => {
    const holders = (h: string | string[] | null) => (h === null ? 'ingen' : Array.isArray(h) ? h.join(', ') : h);
    return `Tildelte rolla ${d.role} til ${holders(d.after)} (var ${holders(d.before)}): ${d.reason}`;
  },
  AlertAcknowledged: ({ data: d }) =>
    `Stadfesta varselet ${d.alertId} (${d.kind}${d.subjectId ? ` på ${d.subjectId}` : ''})` +
    (d.comment ? `: ${d.comment}` : ''),
  FollowUpResolved: ({ data: d }) =>
    `Oppfølgingspunktet ${d.followUpId} vart løyst av ${d.resolvedBy} med vedtak ${d.resolvedByDecisionId}`,
  InitiativeStopping: () =>
    'Stoppar initiativet: berre avslutning, gevinstarbeid eller vedtak om å halde fram kan følgje',
  GoalContributionLinked: ({ data: d }, view) =>
    `Kopla målet ${goalName(view, d.goalId)} som bidrag til målet ${d.toGoalId} i ${d.toInitiativeId}` +
    (d.note ? `: ${d.note}` : ''),
  GoalContributionRemoved: ({ data: d }, view) =>
    `Fjerna bidraget frå målet ${goalName(view, d.goalId)} til målet ${d.toGoalId} i ${d.toInitiativeId}: ${d.reason}`,
};
