import type { StoredEvent } from '@followup/event-store';
import { scorecardItems, scorecardOf, type ScorecardGrouping, type ScorecardStream } from './scorecard';
import {
  decision,
  indicator,
  profiledBenefit,
  registeredAs,
  resolved,
  storedStream,
  type Entry,
} from './scorecard.fixture';
import { parsePeriodLabel, periodContaining, periodShiftedBy, periodsBetween } from './scorecard-periods';

/*
 * A hand-built portfolio, judged on 2026-09-15 for 2026-T1 (Jan-Apr) and 2026-T2 (May-Aug):
 *   A  project, Education, under focus area fa-1
 *      goals: gA1 output with performance indicator iA1 (quarterly, measured 02-01, so stale from 05-01);
 *             gA2 userEffect without indicator until iA2 (yearly) on 06-01; gA3 activity (never counted)
 *      milestones: mA1 due 03-01 achieved 02-25 (on time); mA2 due 04-15 rescheduled to 05-15 (late);
 *                  mA3 due 06-30 missed; mA4 due 08-01 achieved 08-05 (late)
 *      decisions: dA1 02-01 follow up by 03-01, resolved 02-20 by dA2 (no case number);
 *                 dA3 03-01 follow up by 04-01, resolved 04-11 by course correction cc1 (10 days late)
 *   B  project, Transport, under fa-1
 *      goal gB1 societalEffect with a context indicator only (not verifiable, no fresh-data indicator)
 *      decision dB1 03-10 follow up by 04-24, unresolved (6 whole days overdue at T1's end)
 *      benefits (NOK, cumulative): bB1 target 1000 by 06-30, realised 600 + 500; bB2 target 500 by 08-15, 200
 *      closed 08-20 with an override on gB1
 *   C  measure, Education, no focus area: closed 07-01 without override
 */
const noCase = { caseRef: null };
const A: Entry[] = [
  ['2026-01-05T00:00:00.000Z', 'InitiativeRegistered', registeredAs('project', 'A', 'Education', 'fa-1')],
  ['2026-01-10T00:00:00.000Z', 'GoalDefined', { goalId: 'gA1', statement: 'gA1', resultLevel: 'output' }],
  ['2026-01-10T00:00:00.000Z', 'GoalDefined', { goalId: 'gA2', statement: 'gA2', resultLevel: 'userEffect' }],
  ['2026-01-10T00:00:00.000Z', 'GoalDefined', { goalId: 'gA3', statement: 'gA3', resultLevel: 'activity' }],
  ['2026-01-10T00:00:00.000Z', 'IndicatorDefined', indicator('gA1', 'iA1')],
  ['2026-01-10T00:00:00.000Z', 'MilestonePlanned', milestone('mA1', '2026-03-01T00:00:00.000Z')],
  ['2026-01-10T00:00:00.000Z', 'MilestonePlanned', milestone('mA2', '2026-04-15T00:00:00.000Z')],
  ['2026-01-10T00:00:00.000Z', 'MilestonePlanned', milestone('mA3', '2026-06-30T00:00:00.000Z')],
  ['2026-01-10T00:00:00.000Z', 'MilestonePlanned', milestone('mA4', '2026-08-01T00:00:00.000Z')],
  ['2026-02-01T00:00:00.000Z', 'MeasurementRecorded', measurement('iA1', 'mes-1', '2026-02-01T00:00:00.000Z')],
  ['2026-02-01T00:00:00.000Z', 'FollowUpDecisionRecorded', decision('dA1', '2026-02-01T00:00:00.000Z', due('03-01'))],
  ['2026-02-20T00:00:00.000Z', 'FollowUpDecisionRecorded', decision('dA2', '2026-02-20T00:00:00.000Z', noCase)],
  ['2026-02-20T00:00:00.000Z', 'FollowUpResolved', resolved('dA1', 'dA2', '2026-02-20T00:00:00.000Z')],
  ['2026-02-25T00:00:00.000Z', 'MilestoneAchieved', achieved('mA1', '2026-02-25T00:00:00.000Z')],
  ['2026-03-01T00:00:00.000Z', 'FollowUpDecisionRecorded', decision('dA3', '2026-03-01T00:00:00.000Z', due('04-01'))],
  ['2026-04-10T00:00:00.000Z', 'MilestoneRescheduled', rescheduled('mA2', '2026-04-15', '2026-05-15')],
  ['2026-04-11T00:00:00.000Z', 'CourseCorrected', courseCorrection('cc1', '2026-04-11T00:00:00.000Z')],
  ['2026-04-11T00:00:00.000Z', 'FollowUpResolved', resolved('dA3', 'cc1', '2026-04-11T00:00:00.000Z')],
  ['2026-05-10T00:00:00.000Z', 'MilestoneAchieved', achieved('mA2', '2026-05-10T00:00:00.000Z')],
  ['2026-06-01T00:00:00.000Z', 'IndicatorDefined', indicator('gA2', 'iA2', yearlyFrom('2026-06-01T00:00:00.000Z'))],
  ['2026-07-01T00:00:00.000Z', 'MilestoneMissed', { milestoneId: 'mA3', reason: 'Supplier late' }],
  ['2026-08-05T00:00:00.000Z', 'MilestoneAchieved', achieved('mA4', '2026-08-05T00:00:00.000Z')],
];
const B: Entry[] = [
  ['2026-01-05T00:00:00.000Z', 'InitiativeRegistered', registeredAs('project', 'B', 'Transport', 'fa-1')],
  ['2026-01-10T00:00:00.000Z', 'GoalDefined', { goalId: 'gB1', statement: 'gB1', resultLevel: 'societalEffect' }],
  ['2026-01-10T00:00:00.000Z', 'IndicatorDefined', indicator('gB1', 'iB1', { role: 'context' })],
  ['2026-01-10T00:00:00.000Z', 'BenefitRegistered', profiledBenefit('bB1', 1000, '2026-06-30T00:00:00.000Z')],
  ['2026-01-10T00:00:00.000Z', 'BenefitRegistered', profiledBenefit('bB2', 500, '2026-08-15T00:00:00.000Z')],
  ['2026-03-01T00:00:00.000Z', 'BenefitRealisationRecorded', realisation('bB1', 'r1', 600, '2026-03-01')],
  ['2026-03-10T00:00:00.000Z', 'FollowUpDecisionRecorded', decision('dB1', '2026-03-10T00:00:00.000Z', due('04-24'))],
  ['2026-06-01T00:00:00.000Z', 'BenefitRealisationRecorded', realisation('bB1', 'r2', 500, '2026-06-01')],
  ['2026-08-01T00:00:00.000Z', 'BenefitRealisationRecorded', realisation('bB2', 'r3', 200, '2026-08-01')],
  ['2026-08-20T00:00:00.000Z', 'InitiativeClosed', closed('2026-08-20T00:00:00.000Z', true)],
];
const C: Entry[] = [
  ['2026-01-05T00:00:00.000Z', 'InitiativeRegistered', registeredAs('measure', 'C', 'Education', null)],
  ['2026-01-10T00:00:00.000Z', 'GoalDefined', { goalId: 'gC1', statement: 'gC1', resultLevel: 'activity' }],
  ['2026-07-01T00:00:00.000Z', 'InitiativeClosed', closed('2026-07-01T00:00:00.000Z', false)],
];

function milestone(milestoneId: string, dueAt: string) {
  return { milestoneId, title: milestoneId, dueAt, description: null };
}
function achieved(milestoneId: string, achievedAt: string) {
  return { milestoneId, achievedAt, evaluation: 'Done' };
}
function rescheduled(milestoneId: string, from: string, to: string) {
  return { milestoneId, previousDueAt: `${from}T00:00:00.000Z`, dueAt: `${to}T00:00:00.000Z`, reason: 'Late' };
}
function measurement(indicatorId: string, measurementId: string, at: string) {
  return { indicatorId, measurementId, value: 10, at, source: null, note: null };
}
function realisation(benefitId: string, realisationId: string, value: number, day: string) {
  return { benefitId, realisationId, value, at: `${day}T00:00:00.000Z`, note: null };
}
function courseCorrection(courseCorrectionId: string, occurredAt: string) {
  return { courseCorrectionId, rationale: 'Replan', caseRef: '2026/5', decidedBy: 'Board', occurredAt, changeCount: 0 };
}
function closed(closedAt: string, override: boolean) {
  const assessment = { goalId: 'gB1', achievement: 'full', comment: 'Done' };
  return {
    outcome: 'completed',
    finalEvaluation: 'Evaluated',
    goalAssessments: [override ? { ...assessment, override: { reason: 'Other sources' } } : assessment],
    lessons: null,
    closedAt,
  };
}
function due(day: string) {
  return { followUpBy: `2026-${day}T00:00:00.000Z` };
}
function yearlyFrom(at: string) {
  return { frequency: 'yearly', baseline: { value: 0, at } };
}

const NOW = new Date('2026-09-15T00:00:00.000Z');
const PERIODS = periodsBetween('tertial', new Date('2026-01-01'), new Date('2026-08-31'));
const FA = { id: 'fa-1', title: 'Skills' };

function portfolio(extraA: Entry[] = [], extraB: Entry[] = []): ScorecardStream[] {
  const streams: Array<[string, Entry[], ScorecardStream['focusArea']]> = [
    ['A', [...A, ...extraA], FA],
    ['B', [...B, ...extraB], FA],
    ['C', C, null],
  ];
  return streams.map(([id, entries, focusArea]) => ({ events: storedStream(id, entries) as StoredEvent[], focusArea }));
}
const scorecard = (streams: ScorecardStream[], groupBy: ScorecardGrouping = 'ownerUnit') =>
  scorecardOf(scorecardItems(streams, groupBy, PERIODS, NOW), new Set(['2026-T1', '2026-T2']));
const fraction = (f: { numerator: number; denominator: number; value: number | null }) => [
  f.numerator,
  f.denominator,
  f.value,
];

describe('scorecard periods', () => {
  it('labels tertials and years and knows their bounds', () => {
    expect(PERIODS.map((p) => [p.label, p.start, p.end])).toEqual([
      ['2026-T1', '2026-01-01T00:00:00.000Z', '2026-04-30T23:59:59.999Z'],
      ['2026-T2', '2026-05-01T00:00:00.000Z', '2026-08-31T23:59:59.999Z'],
    ]);
    expect(periodContaining('year', NOW).label).toBe('2026');
    expect(periodShiftedBy(periodContaining('tertial', NOW), -3).label).toBe('2025-T3');
    expect(parsePeriodLabel('2026-T3')?.end).toBe('2026-12-31T23:59:59.999Z');
    expect(parsePeriodLabel('2026-T4')).toBeNull();
    expect(parsePeriodLabel('2025')?.start).toBe('2025-01-01T00:00:00.000Z');
  });
});

describe('scorecard', () => {
  it('works out every measure for the whole portfolio, period by period', () => {
    const [t1, t2] = scorecard(portfolio()).total.periods.map((p) => p.measures);
    // T1: gA1 of gA1, gA2, gB1; dA1 on time of dA1, dA3 (10 late), dB1 (6 late); mA1 of mA1, mA2 (rescheduled);
    // dA1, dA3, cc1, dB1 documented, dA2 lacks a case number; iA1 fresh (stale only from 05-01).
    expect(fraction(t1!.verifiableGoals)).toEqual([1, 3, 0.333]);
    expect([...fraction(t1!.followUpsOnTime), t1!.followUpsOnTime.medianDaysOverdue]).toEqual([1, 3, 0.333, 8]);
    expect(fraction(t1!.milestonesOnTime)).toEqual([1, 2, 0.5]);
    expect(t1!.milestonesOnTime.reasons).toEqual({ rescheduled: 1 });
    expect(fraction(t1!.decisionsDocumented)).toEqual([4, 5, 0.8]);
    expect(t1!.decisionsDocumented.reasons).toEqual({ 'missing caseRef': 1 });
    expect(fraction(t1!.closuresEvaluated)).toEqual([0, 0, null]);
    expect(fraction(t1!.benefitsRealised)).toEqual([0, 0, null]);
    expect(fraction(t1!.freshData)).toEqual([1, 1, 1]);
    // T2: gA1, gA2 of gA1, gA2, gB1; no follow-ups or decisions; mA3 missed, mA4 late; C without and B with an
    // override; bB1 1100 of 1000, bB2 200 of 500; iA1 stale, iA2 fresh (B is closed).
    expect(fraction(t2!.verifiableGoals)).toEqual([2, 3, 0.667]);
    expect([...fraction(t2!.followUpsOnTime), t2!.followUpsOnTime.medianDaysOverdue]).toEqual([0, 0, null, null]);
    expect(fraction(t2!.milestonesOnTime)).toEqual([0, 2, 0]);
    expect(t2!.milestonesOnTime.reasons).toEqual({ missed: 1, achievedLate: 1 });
    expect(fraction(t2!.decisionsDocumented)).toEqual([0, 0, null]);
    expect(fraction(t2!.closuresEvaluated)).toEqual([1, 2, 0.5]);
    expect(fraction(t2!.benefitsRealised)).toEqual([1, 2, 0.5]);
    expect(t2!.benefitsRealised.byUnit).toEqual([{ unit: 'NOK', planned: 1500, realised: 1300 }]);
    expect(fraction(t2!.freshData)).toEqual([1, 2, 0.5]);
  });

  it('splits the figures by owner unit, focus area and kind', () => {
    const byUnit = scorecard(portfolio()).groups;
    expect(byUnit.map((g) => g.key)).toEqual(['Education', 'Transport']);
    const [education, transport] = byUnit.map((g) => g.periods[0]!.measures);
    expect(fraction(education!.followUpsOnTime)).toEqual([1, 2, 0.5]);
    expect(education!.followUpsOnTime.medianDaysOverdue).toBe(10);
    expect(fraction(transport!.followUpsOnTime)).toEqual([0, 1, 0]);
    expect(transport!.followUpsOnTime.medianDaysOverdue).toBe(6);
    expect(fraction(education!.decisionsDocumented)).toEqual([3, 4, 0.75]);
    expect(fraction(transport!.verifiableGoals)).toEqual([0, 1, 0]);
    const byFocusArea = scorecard(portfolio(), 'focusArea').groups;
    expect(byFocusArea.map((g) => [g.key, g.label])).toEqual([
      ['fa-1', 'Skills'],
      ['none', 'No focus area'],
    ]);
    expect(fraction(byFocusArea[1]!.periods[1]!.measures.closuresEvaluated)).toEqual([1, 1, 1]);
    expect(scorecard(portfolio(), 'kind').groups.map((g) => g.key)).toEqual(['measure', 'project']);
  });

  it('keeps an earlier period as it stood when a later one is recorded late', () => {
    const before = scorecard(portfolio());
    // Recorded on 09-10: dB1 resolved on 05-05, iA1 measured on 06-15, a decision without case number on 06-01.
    const late = '2026-09-10T00:00:00.000Z';
    const after = scorecard(
      portfolio(
        [
          [
            '2026-06-15T00:00:00.000Z',
            'MeasurementRecorded',
            measurement('iA1', 'mes-2', '2026-06-15T00:00:00.000Z'),
            late,
          ],
          [
            '2026-06-01T00:00:00.000Z',
            'FollowUpDecisionRecorded',
            decision('dA4', '2026-06-01T00:00:00.000Z', noCase),
            late,
          ],
        ],
        [['2026-05-05T00:00:00.000Z', 'FollowUpResolved', resolved('dB1', 'dB2', '2026-05-05T00:00:00.000Z'), late]],
      ),
    );
    expect(after.total.periods[0]).toEqual(before.total.periods[0]);
    expect(after.groups[1]!.periods[0]).toEqual(before.groups[1]!.periods[0]);
    const t2 = after.total.periods[1]!.measures;
    expect(fraction(t2.freshData)).toEqual([2, 2, 1]);
    expect(fraction(t2.decisionsDocumented)).toEqual([0, 1, 0]);
    expect(after.total.trend.freshData).toEqual([
      { period: '2026-T1', value: 1 },
      { period: '2026-T2', value: 1 },
    ]);
  });

  it('lists the items behind a figure, for and against', () => {
    const t1 = scorecardItems(portfolio(), 'ownerUnit', PERIODS, NOW)[0]!.items;
    const followUps = t1.filter((i) => i.measure === 'followUpsOnTime');
    expect(followUps.map((i) => [i.id, i.counts, i.reason, i.daysOverdue, i.group])).toEqual([
      ['dA1', 'for', null, 0, 'Education'],
      ['dA3', 'against', 'resolvedLate', 10, 'Education'],
      ['dB1', 'against', 'unresolved', 6, 'Transport'],
    ]);
  });

  it('counts what is due on a date as on time until that day ends in Oslo', () => {
    const dueOnDates: Entry[] = [
      ['2026-03-01T00:00:00.000Z', 'MilestonePlanned', milestone('mA5', '2026-03-20')],
      [
        '2026-03-05T00:00:00.000Z',
        'FollowUpDecisionRecorded',
        decision('dA4', '2026-03-05', { followUpBy: '2026-03-25' }),
      ],
      [
        '2026-03-05T00:00:00.000Z',
        'FollowUpDecisionRecorded',
        decision('dA5', '2026-03-05', { followUpBy: '2026-03-25' }),
      ],
      // 20:00 in Oslo on the due days, after midnight UTC of them.
      ['2026-03-20T19:00:00.000Z', 'MilestoneAchieved', achieved('mA5', '2026-03-20T20:00:00+01:00')],
      ['2026-03-25T19:00:00.000Z', 'FollowUpDecisionRecorded', decision('dA6', '2026-03-25', noCase)],
      ['2026-03-25T19:00:00.000Z', 'FollowUpResolved', resolved('dA4', 'dA6', '2026-03-25T20:00:00+01:00')],
      // 00:30 in Oslo the day after: one day late, though not 24 hours after midnight UTC of the due day.
      ['2026-03-25T23:30:00.000Z', 'FollowUpResolved', resolved('dA5', 'dA6', '2026-03-26T00:30:00+01:00')],
    ];
    const t1 = scorecardItems(portfolio(dueOnDates), 'ownerUnit', PERIODS, NOW)[0]!.items;
    const judged = (measure: string, id: string) =>
      t1.filter((i) => i.measure === measure && i.id === id).map((i) => [i.counts, i.reason, i.daysOverdue ?? 0]);
    expect(judged('milestonesOnTime', 'mA5')).toEqual([['for', null, 0]]);
    expect(judged('followUpsOnTime', 'dA4')).toEqual([['for', null, 0]]);
    expect(judged('followUpsOnTime', 'dA5')).toEqual([['against', 'resolvedLate', 1]]);
  });
});
