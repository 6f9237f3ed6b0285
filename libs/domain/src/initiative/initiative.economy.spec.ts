import { benefitStatus, isBenefitRealised, realisedValueOf } from './initiative.benefit-status';
import type { BenefitProfile } from './initiative.benefit-profile';
import { costPerOutput, summariseFunding } from './initiative.funding';
import { riskScore, type FundingLine } from './initiative.economy.types';

/** 0 -> 1000 hours from 2025-01-01 to 2025-12-31 (364 days), summed. */
const profile: BenefitProfile = {
  unit: 'hours',
  baseline: { value: 0, at: '2025-01-01T00:00:00Z' },
  target: { value: 1000, at: '2025-12-31T00:00:00Z' },
  measurementPlan: { frequency: 'quarterly', method: 'register', source: 'Timesheets' },
  responsible: 'Head of services',
  aggregation: 'cumulative',
};
const at = (iso: string) => new Date(iso);
const r = (value: number, when = '2025-06-01T00:00:00Z') => ({ value, at: when });

describe('benefit status along the path from baseline to target', () => {
  // On 2025-07-01 (181 of 364 days) the path expects 1000 x 181/364 = 497.25 hours.
  const july = at('2025-07-01T00:00:00Z');

  it.each([
    [480, 'onTrack'], // 480 / 497.25 = 0.965 >= 0.95
    [400, 'atRisk'], // 400 / 497.25 = 0.804 >= 0.75
    [300, 'offTrack'], // 300 / 497.25 = 0.603
  ])('%d hours realised by July is %s', (value, expected) => {
    expect(benefitStatus(profile, [r(value / 2), r(value / 2)], july)).toBe(expected);
  });

  it('is notStarted with nothing recorded, realised on meeting the target, notRealised after the date', () => {
    expect(benefitStatus(profile, [], july)).toBe('notStarted');
    expect(benefitStatus(profile, [r(600), r(400)], july)).toBe('realised');
    expect(benefitStatus(profile, [r(900)], at('2026-01-01T00:00:00Z'))).toBe('notRealised');
  });

  it('reads a reduction (target below baseline) the other way', () => {
    const reduction: BenefitProfile = {
      ...profile,
      aggregation: 'latest',
      baseline: { value: 100, at: '2025-01-01T00:00:00Z' },
      target: { value: 60, at: '2025-12-31T00:00:00Z' },
    };
    // Expected in July: 100 - 40 x 181/364 = 80.11; 81 is 18.9 of 19.89 expected = 0.95.
    expect(benefitStatus(reduction, [r(81)], july)).toBe('onTrack');
    expect(benefitStatus(reduction, [r(60)], july)).toBe('realised');
  });

  it('counts as realised only when the target is met; a value equal to the baseline is not', () => {
    expect(isBenefitRealised({ baseline: 0, target: 1000, profile, realisations: [r(0)] })).toBe(false);
    expect(isBenefitRealised({ baseline: 0, target: 1000, profile, realisations: [r(1000)] })).toBe(true);
    expect(isBenefitRealised({ baseline: 10, target: 20, realisations: [r(10)] })).toBe(false);
    expect(isBenefitRealised({ baseline: null, target: null, realisations: [r(10)] })).toBe(true);
    expect(realisedValueOf([r(5, '2025-02-01'), r(3, '2025-01-01')], 'latest')).toBe(5);
  });
});

describe('funding and cost per output', () => {
  const line = (year: number, planned: number | null, actual: number | null): FundingLine => ({
    fundingId: `${year}-${planned}`,
    year,
    source: 'county',
    partner: null,
    planned,
    actual,
    reason: 'Budget',
    caseRef: null,
  });

  it('sums by year and in all; utilisation is actual over planned', () => {
    const summary = summariseFunding([line(2025, 400000, 300000), line(2026, 600000, null)]);
    expect(summary).toEqual({
      byYear: [
        { year: 2025, planned: 400000, actual: 300000 },
        { year: 2026, planned: 600000, actual: 0 },
      ],
      bySource: [{ source: 'county', planned: 1000000, actual: 300000 }],
      plannedTotal: 1000000,
      actualTotal: 300000,
      utilisation: 0.3,
    });
  });

  it('divides the actual total by the latest output: 300 000 NOK / 40 teachers = 7 500', () => {
    expect(costPerOutput(300000, 40)).toBe(7500);
    expect(costPerOutput(100000, 3)).toBe(33333.33);
    expect(costPerOutput(300000, 0)).toBeNull();
    expect(costPerOutput(300000, null)).toBeNull();
  });
});

describe('risk score', () => {
  it('is likelihood times impact: 3 x 5 = 15 (high), 2 x 5 = 10, 5 x 5 = 25', () => {
    expect(riskScore(3, 5)).toBe(15);
    expect(riskScore(2, 5)).toBe(10);
    expect(riskScore(5, 5)).toBe(25);
  });
});
