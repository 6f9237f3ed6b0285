import type { Checks } from '../core/checks';
import type { DomainEvent } from '../core/message';
import type { Command } from '../core/message';
import type { DatedValue } from './initiative.types';
import {
  INDICATOR_FREQUENCIES,
  MEASUREMENT_METHODS,
  type IndicatorFrequency,
  type MeasurementMethod,
} from './initiative.results-vocabulary';

/** How realisations add up: `cumulative` sums them, `latest` takes the newest value. */
export const BENEFIT_AGGREGATIONS = ['cumulative', 'latest'] as const;
export type BenefitAggregation = (typeof BENEFIT_AGGREGATIONS)[number];

/** How, how often and from where the benefit is measured (gevinstmåling). */
export interface MeasurementPlan {
  readonly frequency: IndicatorFrequency;
  readonly method: MeasurementMethod;
  readonly source: string;
}

/**
 * The benefit profile (gevinstprofil): unit, dated baseline and target, measurement plan, and the one who
 * answers for realising it (gevinstansvarleg), apart from the one who owns the gain (gevinsteigar).
 */
export interface BenefitProfile {
  readonly unit: string;
  readonly baseline: DatedValue;
  readonly target: DatedValue;
  readonly measurementPlan: MeasurementPlan;
  readonly responsible: string;
  readonly aggregation: BenefitAggregation;
}

/** What a RegisterBenefit request may carry for the profile; unchecked until `checkedProfile`. */
export interface BenefitProfileInput {
  readonly unit?: string;
  readonly baseline?: number | DatedValue;
  readonly target?: number | DatedValue;
  readonly measurementPlan?: Partial<MeasurementPlan>;
  readonly responsible?: string;
  readonly aggregation?: BenefitAggregation;
}

const isDated = (value: unknown): value is DatedValue => typeof value === 'object' && value !== null;

/** A profile is given when any of its dated or new fields is: then all of them are required. */
export function wantsProfile(input: BenefitProfileInput): boolean {
  return (
    isDated(input.baseline) ||
    isDated(input.target) ||
    input.unit !== undefined ||
    input.measurementPlan !== undefined ||
    input.responsible !== undefined ||
    input.aggregation !== undefined
  );
}

function checkedPoint(checks: Checks, field: string, value: unknown): DatedValue | null {
  if (!isDated(value)) {
    checks.add('Required', field, `${field} ({value, at}) is required with a benefit profile`);
    return null;
  }
  const numberOk = checks.finiteNumber(`${field}.value`, value.value);
  const at = checks.instant(`${field}.at`, value.at);
  return numberOk && at !== undefined ? { value: value.value, at: value.at } : null;
}

/** The profile, checked; problems are recorded on `checks` (the caller throws). */
export function checkedProfile(checks: Checks, input: BenefitProfileInput): BenefitProfile | null {
  checks.required('unit', input.unit);
  checks.required('responsible', input.responsible, 'BenefitResponsibleRequired');
  const baseline = checkedPoint(checks, 'baseline', input.baseline);
  const target = checkedPoint(checks, 'target', input.target);
  if (baseline && target && Date.parse(target.at) <= Date.parse(baseline.at)) {
    checks.add('TargetBeforeBaseline', 'target.at', 'target.at must be after baseline.at');
  }
  const plan = input.measurementPlan;
  if (!plan) checks.add('Required', 'measurementPlan', 'measurementPlan {frequency, method, source} is required');
  else {
    checks.oneOf('measurementPlan.frequency', plan.frequency, INDICATOR_FREQUENCIES);
    checks.oneOf('measurementPlan.method', plan.method, MEASUREMENT_METHODS);
    checks.required('measurementPlan.source', plan.source);
  }
  const aggregation = input.aggregation ?? 'latest';
  checks.oneOf('aggregation', aggregation, BENEFIT_AGGREGATIONS);
  if (!checks.ok || !baseline || !target || !plan) return null;
  return {
    unit: input.unit as string,
    baseline,
    target,
    measurementPlan: plan as MeasurementPlan,
    responsible: input.responsible as string,
    aggregation,
  };
}

/** Handover of a benefit to the line organisation (driftsorganisasjonen), usually after closure. */
export type HandOverBenefit = Command<
  'HandOverBenefit',
  { initiativeId: string; benefitId: string; to: string; reason: string }
>;
export type BenefitHandedOver = DomainEvent<
  'BenefitHandedOver',
  { initiativeId: string; benefitId: string; to: string; reason: string; handedOverAt: string }
>;
