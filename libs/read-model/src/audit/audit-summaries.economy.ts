import type { InitiativeView } from '../initiative/initiative-view';
import type { EventOf } from '../events';
import { auditNames, ENGLISH_QUOTE } from './audit-names';

type EconomyEventType = 'BenefitHandedOver' | 'FundingRecorded' | 'RiskIdentified' | 'RiskAssessed' | 'RiskClosed';
type Describer<T extends EconomyEventType> = (
  event: EventOf<T>,
  view: InitiativeView | null,
) => { summary: string; before?: unknown; after?: unknown };

const { benefitName, riskName } = auditNames(ENGLISH_QUOTE);
const kroner = (amount: number | null) => (amount === null ? '-' : `${amount} NOK`);

/** Audit lines of benefit handover, funding and risks. */
export const economyDescribers: { [T in EconomyEventType]: Describer<T> } = {
  BenefitHandedOver: ({ data: d }, view) => ({
    summary: `Handed benefit ${benefitName(view, d.benefitId)} over to ${d.to}: ${d.reason}`,
  }),
  FundingRecorded: ({ data: d }) => ({
    summary:
      `Recorded funding ${d.year} from ${d.source}${d.partner ? ` (${d.partner})` : ''}: ` +
      `planned ${kroner(d.planned)}, actual ${kroner(d.actual)}: ${d.reason}`,
  }),
  RiskIdentified: ({ data: d }) => ({
    summary: `Identified ${d.category} risk "${d.title}" (score ${d.score}), owner ${d.owner}`,
  }),
  RiskAssessed: ({ data: d }, view) => ({
    summary: `Assessed risk ${riskName(view, d.riskId)}: score ${d.score}: ${d.note}`,
    before: d.before,
    after: { likelihood: d.likelihood, impact: d.impact },
  }),
  RiskClosed: ({ data: d }, view) => ({ summary: `Closed risk ${riskName(view, d.riskId)}: ${d.reason}` }),
};
