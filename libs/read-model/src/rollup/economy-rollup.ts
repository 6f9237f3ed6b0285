import { summariseFunding, type FundingLine, type FundingSummary } from '@followup/domain';
import type { InitiativeStatusDocument } from '../initiative/initiative-status';
import type { RiskView } from '../initiative/initiative-view';

/** How many risks a roll-up lists. */
export const TOP_RISKS = 10;

/** Planned (target) and realised value of the profiled benefits sharing a unit. */
export interface BenefitValueByUnit {
  unit: string;
  benefits: number;
  planned: number;
  realised: number;
}

export interface RiskRef extends RiskView {
  initiativeId: string;
  initiativeTitle: string;
}

/** Benefit values per unit, funding and top risks over a set of presented initiatives. */
export interface EconomySummary {
  benefitValues: BenefitValueByUnit[];
  funding: FundingSummary;
  topRisks: RiskRef[];
}

export function summariseEconomy(presented: readonly InitiativeStatusDocument[]): EconomySummary {
  const byUnit = new Map<string, BenefitValueByUnit>();
  const lines: FundingLine[] = [];
  const risks: RiskRef[] = [];
  for (const initiative of presented) {
    for (const benefit of initiative.benefits) {
      if (!benefit.profile) continue;
      const unit = benefit.profile.unit;
      const sum = byUnit.get(unit) ?? { unit, benefits: 0, planned: 0, realised: 0 };
      sum.benefits++;
      sum.planned += benefit.profile.target.value;
      sum.realised += 'realisedValue' in benefit ? (benefit.realisedValue ?? 0) : 0;
      byUnit.set(unit, sum);
    }
    lines.push(...initiative.fundingLines);
    for (const risk of initiative.risks) {
      if (risk.status === 'open')
        risks.push({ ...risk, initiativeId: initiative.id, initiativeTitle: initiative.title });
    }
  }
  return {
    benefitValues: [...byUnit.values()].sort((a, b) => a.unit.localeCompare(b.unit)),
    funding: summariseFunding(lines),
    topRisks: risks
      .sort((a, b) => b.score - a.score || a.initiativeId.localeCompare(b.initiativeId) || a.id.localeCompare(b.id))
      .slice(0, TOP_RISKS),
  };
}
