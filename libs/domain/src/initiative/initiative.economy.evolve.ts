import type { InitiativeEvent } from './initiative.events';
import { lookup, withEntry, type InitiativeState } from './initiative.state';

type EconomyEvent = Extract<
  InitiativeEvent,
  { type: 'BenefitHandedOver' | 'FundingRecorded' | 'RiskIdentified' | 'RiskAssessed' | 'RiskClosed' }
>;
type Evolvers = {
  [T in EconomyEvent['type']]: (state: InitiativeState, event: Extract<EconomyEvent, { type: T }>) => InitiativeState;
};

/** Evolve steps of benefit handover, funding and risks. */
export const economyEvolvers: Evolvers = {
  BenefitHandedOver: (state, { data }) => {
    const benefit = lookup(state.benefits, data.benefitId);
    if (!benefit) return state;
    return { ...state, benefits: withEntry(state.benefits, data.benefitId, { ...benefit, handedOverTo: data.to }) };
  },
  // Funding lines change nothing the decider checks.
  FundingRecorded: (state) => state,
  RiskIdentified: (state, { data }) => ({
    ...state,
    risks: withEntry(state.risks ?? {}, data.riskId, {
      likelihood: data.likelihood,
      impact: data.impact,
      open: true,
    }),
  }),
  RiskAssessed: (state, { data }) => {
    const risk = lookup(state.risks ?? {}, data.riskId);
    if (!risk) return state;
    const next = { ...risk, likelihood: data.likelihood, impact: data.impact };
    return { ...state, risks: withEntry(state.risks ?? {}, data.riskId, next) };
  },
  RiskClosed: (state, { data }) => {
    const risk = lookup(state.risks ?? {}, data.riskId);
    if (!risk) return state;
    return { ...state, risks: withEntry(state.risks ?? {}, data.riskId, { ...risk, open: false }) };
  },
};
