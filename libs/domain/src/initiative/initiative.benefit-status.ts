import { dueBy } from '../core/time';
import type { BenefitProfile } from './initiative.benefit-profile';
import type { DatedValue } from './initiative.types';

export const BENEFIT_STATUSES = ['notStarted', 'onTrack', 'atRisk', 'offTrack', 'realised', 'notRealised'] as const;
export type BenefitStatus = (typeof BENEFIT_STATUSES)[number];

/** Share of the expected progress at which a benefit counts as on track / at risk (as for indicators). */
export const BENEFIT_ON_TRACK = 0.95;
export const BENEFIT_AT_RISK = 0.75;

/** What the status needs of a benefit: its profile (absent on benefits registered without one) and realisations. */
export interface JudgedBenefit {
  readonly baseline: number | null;
  readonly target: number | null;
  readonly profile?: BenefitProfile | null;
  readonly realisations: readonly DatedValue[];
}

const time = (iso: string) => Date.parse(iso);

/** `cumulative`: the sum of the realisations; `latest`: the newest one. Null while nothing is recorded. */
export function realisedValueOf(
  realisations: readonly DatedValue[],
  aggregation: BenefitProfile['aggregation'],
): number | null {
  if (realisations.length === 0) return null;
  if (aggregation === 'cumulative') return realisations.reduce((sum, r) => sum + r.value, 0);
  return realisations.reduce((latest, r) => (time(r.at) >= time(latest.at) ? r : latest)).value;
}

/** Whether `value` reaches `target` coming from `baseline` (a target below the baseline is a reduction). */
export function meetsBenefitTarget(value: number, baseline: number, target: number): boolean {
  return target >= baseline ? value >= target : value <= target;
}

/** The value on the straight line from baseline to target at `atMs`, held at both ends. */
export function expectedBenefitValue(profile: BenefitProfile, atMs: number): number {
  const from = time(profile.baseline.at);
  const to = time(profile.target.at);
  const share = Math.min(1, Math.max(0, (atMs - from) / (to - from)));
  return profile.baseline.value + (profile.target.value - profile.baseline.value) * share;
}

/**
 * Where a profiled benefit stands at `now`: realised once its realised value meets the target; notRealised
 * when the target date has passed without that; notStarted while nothing is recorded; otherwise the realised
 * progress against the progress the time-linear path from baseline to target expects today.
 */
export function benefitStatus(profile: BenefitProfile, realisations: readonly DatedValue[], now: Date): BenefitStatus {
  const { baseline, target } = profile;
  const value = realisedValueOf(realisations, profile.aggregation);
  if (value !== null && meetsBenefitTarget(value, baseline.value, target.value)) return 'realised';
  if (now.getTime() > dueBy(target.at)) return 'notRealised';
  if (value === null) return 'notStarted';
  const sign = target.value >= baseline.value ? 1 : -1;
  const expectedProgress = sign * (expectedBenefitValue(profile, now.getTime()) - baseline.value);
  const actualProgress = sign * (value - baseline.value);
  if (expectedProgress <= 0) return actualProgress >= 0 ? 'onTrack' : 'offTrack';
  const ratio = actualProgress / expectedProgress;
  if (ratio >= BENEFIT_ON_TRACK) return 'onTrack';
  return ratio >= BENEFIT_AT_RISK ? 'atRisk' : 'offTrack';
}

/**
 * Whether a benefit counts as realised in roll-ups: it meets its target. A benefit registered without a
 * target has nothing to meet, so any realisation recorded counts, as it always has.
 */
export function isBenefitRealised(benefit: JudgedBenefit): boolean {
  if (benefit.profile) {
    const value = realisedValueOf(benefit.realisations, benefit.profile.aggregation);
    return value !== null && meetsBenefitTarget(value, benefit.profile.baseline.value, benefit.profile.target.value);
  }
  if (benefit.target === null) return benefit.realisations.length > 0;
  const value = realisedValueOf(benefit.realisations, 'latest');
  return value !== null && meetsBenefitTarget(value, benefit.baseline ?? 0, benefit.target);
}
