/**
 * The measures of the county's ability to carry things out (gjennomføringsevne), as the scorecard reports
 * them per group and period. Each is a share: the items that count for it over all the items it judges.
 */
export const SCORECARD_MEASURES = [
  'verifiableGoals',
  'followUpsOnTime',
  'milestonesOnTime',
  'decisionsDocumented',
  'closuresEvaluated',
  'benefitsRealised',
  'freshData',
] as const;
export type ScorecardMeasure = (typeof SCORECARD_MEASURES)[number];

export interface ScorecardMeasureTerm {
  readonly code: ScorecardMeasure;
  readonly nn: string;
  readonly en: string;
  readonly definition: string;
}

const measure = (code: ScorecardMeasure, nn: string, en: string, definition: string): ScorecardMeasureTerm => ({
  code,
  nn,
  en,
  definition,
});

export const SCORECARD_MEASURE_TERMS: readonly ScorecardMeasureTerm[] = [
  measure(
    'verifiableGoals',
    'etterprøvbare mål',
    'verifiable goals',
    'Share of goals at output level or above, as they stood at the end of the period, that a performance ' +
      'indicator with a dated baseline and a dated target measures.',
  ),
  measure(
    'followUpsOnTime',
    'oppfølging i tide',
    'follow-ups on time',
    'Share of follow-up items (decisions with a follow-up date) due in the period that a later decision ' +
      'resolved by the due date; the median whole days overdue of the rest is given beside it.',
  ),
  measure(
    'milestonesOnTime',
    'milepælar i tide',
    'milestones on time',
    'Share of milestones first due in the period that were achieved by that first due date; a rescheduled ' +
      'milestone counts as late, and the reasons (rescheduled, missed, cancelled, achieved late, not achieved) ' +
      'are tallied.',
  ),
  measure(
    'decisionsDocumented',
    'dokumenterte vedtak',
    'decisions documented',
    'Share of decisions and course corrections taken in the period that carry a case number, who decided ' +
      'and a rationale.',
  ),
  measure(
    'closuresEvaluated',
    'evaluerte avslutningar',
    'closures evaluated',
    'Share of initiatives closed in the period whose goal assessments agree with the indicator data, ' +
      'that is, none of them needed an override.',
  ),
  measure(
    'benefitsRealised',
    'realiserte gevinstar',
    'benefits realised',
    'Share of benefits whose target date falls in the period that met their target; the realised against ' +
      'the planned value is given per unit.',
  ),
  measure(
    'freshData',
    'ferske data',
    'fresh data',
    'Share of the performance indicators of initiatives not closed whose data is not stale at the end of ' +
      'the period (measured within the period their frequency allows).',
  ),
];
