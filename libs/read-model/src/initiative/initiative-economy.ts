import {
  benefitStatus,
  costPerOutput,
  HIGH_RISK_SCORE,
  realisedValueOf,
  summariseFunding,
  type IndicatorFrequency,
} from '@followup/domain';
import type { BenefitView, GoalView, InitiativeView, RiskView } from './initiative-view';
import type { RagReason } from './rag-reasons';

/** Months between measurements by the measurement plan's frequency; `once` is measured once, at the target. */
const MONTHS_BETWEEN: Record<IndicatorFrequency, number | null> = {
  monthly: 1,
  quarterly: 3,
  tertial: 4,
  yearly: 12,
  once: null,
};

const time = (iso: string) => Date.parse(iso);

/** When the next realisation is due by the plan: one period after the latest one (or after the baseline). */
export function nextMeasurementDue(benefit: BenefitView): string | null {
  const profile = benefit.profile;
  if (!profile) return null;
  const months = MONTHS_BETWEEN[profile.measurementPlan.frequency];
  if (months === null) return benefit.realisations.length === 0 ? profile.target.at : null;
  const latest = benefit.realisations.reduce<string | null>(
    (at, r) => (at === null || time(r.at) > time(at) ? r.at : at),
    null,
  );
  const due = new Date(time(latest ?? profile.baseline.at));
  due.setUTCMonth(due.getUTCMonth() + months);
  return due.toISOString();
}

/**
 * A benefit as `GET /initiatives/{id}` shows it. A profiled benefit also shows its profile's fields at the top
 * (baseline and target as `{value, at}`), its status today, realised value and next measurement date.
 */
export function presentBenefit(benefit: BenefitView, now: Date) {
  const profile = benefit.profile;
  if (!profile) return benefit;
  return {
    ...benefit,
    unit: profile.unit,
    baseline: profile.baseline,
    target: profile.target,
    measurementPlan: profile.measurementPlan,
    responsible: profile.responsible,
    aggregation: profile.aggregation,
    status: benefitStatus(profile, benefit.realisations, now),
    realisedValue: realisedValueOf(benefit.realisations, profile.aggregation),
    nextMeasurementDue: nextMeasurementDue(benefit),
  };
}

export interface CostPerOutput {
  goalId: string;
  indicatorId: string;
  /** Kroner per unit of output. */
  value: number | null;
  unit: string;
  actualTotal: number;
  latestOutput: number | null;
}

/** For each goal at output level with exactly one performance indicator: actual total / its latest value. */
export function costsPerOutput(goals: readonly GoalView[], actualTotal: number): CostPerOutput[] {
  return goals
    .filter((goal) => goal.resultLevel === 'output')
    .flatMap((goal) => {
      const performance = goal.indicators.filter((i) => (i.role ?? 'performance') === 'performance');
      if (performance.length !== 1) return [];
      const indicator = performance[0]!;
      const latestOutput = indicator.latest?.value ?? null;
      return [
        {
          goalId: goal.id,
          indicatorId: indicator.id,
          value: costPerOutput(actualTotal, latestOutput),
          unit: `NOK per ${indicator.unit}`,
          actualTotal,
          latestOutput,
        },
      ];
    });
}

/** The money view of one initiative: summary, its lines, and cost per output. */
export function presentFunding(view: InitiativeView) {
  const lines = view.funding ?? [];
  const funding = summariseFunding(lines);
  const byGoal = costsPerOutput(view.goals, funding.actualTotal);
  return { funding, fundingLines: lines, costPerOutput: byGoal[0] ?? null, costPerOutputByGoal: byGoal };
}

/** Open risks first, by score, highest first. */
export function risksOf(view: InitiativeView): RiskView[] {
  return [...(view.risks ?? [])].sort(
    (a, b) => Number(a.status === 'closed') - Number(b.status === 'closed') || b.score - a.score,
  );
}

export const isHighRisk = (risk: RiskView): boolean => risk.status === 'open' && risk.score >= HIGH_RISK_SCORE;

/** One `riskHigh` reason per open risk scoring HIGH_RISK_SCORE or more. */
export function riskReasonsOf(view: InitiativeView): RagReason[] {
  return risksOf(view)
    .filter(isHighRisk)
    .map((risk) => ({
      kind: 'riskHigh' as const,
      subjectId: risk.id,
      title: risk.title,
      detail: `${risk.category} risk scores ${risk.score} (likelihood ${risk.likelihood} x impact ${risk.impact}); owner ${risk.owner}`,
    }));
}
