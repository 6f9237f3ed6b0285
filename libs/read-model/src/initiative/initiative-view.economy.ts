import type { StoredEvent } from '@followup/event-store';
import type { EventOf } from '../events';
import { decidedByOf } from '../decided-by';
import type { InitiativeView, RiskView } from './initiative-view';
import { missing } from './initiative-view.lookup';

type EconomyEventType = 'BenefitHandedOver' | 'FundingRecorded' | 'RiskIdentified' | 'RiskAssessed' | 'RiskClosed';
type Applier<T extends EconomyEventType> = (view: InitiativeView, event: EventOf<T>, stored: StoredEvent) => void;

function riskOf(view: InitiativeView, riskId: string, stored: StoredEvent): RiskView {
  const risk = (view.risks ?? []).find((r) => r.id === riskId);
  if (!risk) throw missing(stored, 'risk', riskId);
  return risk;
}

/** How benefit handover, funding lines and risks change the view. */
export const economyAppliers: { [T in EconomyEventType]: Applier<T> } = {
  BenefitHandedOver: (view, { data: d }, stored) => {
    const benefit = view.benefits.find((b) => b.id === d.benefitId);
    if (!benefit) throw missing(stored, 'benefit', d.benefitId);
    const by = decidedByOf(stored) ?? stored.actor.name ?? stored.actor.sub;
    benefit.handover = { to: d.to, reason: d.reason, at: d.handedOverAt, by };
  },
  FundingRecorded: (view, { data }, stored) => {
    const { initiativeId: _initiative, ...line } = data;
    view.funding = [...(view.funding ?? []), { ...line, recordedAt: stored.occurredAt }];
  },
  RiskIdentified: (view, { data: d }, stored) => {
    view.risks = [
      ...(view.risks ?? []),
      {
        id: d.riskId,
        title: d.title,
        category: d.category,
        likelihood: d.likelihood,
        impact: d.impact,
        score: d.score,
        owner: d.owner,
        mitigation: d.mitigation,
        status: 'open',
        identifiedAt: stored.occurredAt,
        assessments: [],
        closed: null,
      },
    ];
  },
  RiskAssessed: (view, { data: d }, stored) => {
    const risk = riskOf(view, d.riskId, stored);
    Object.assign(risk, { likelihood: d.likelihood, impact: d.impact, score: d.score });
    risk.assessments.push({
      likelihood: d.likelihood,
      impact: d.impact,
      score: d.score,
      note: d.note,
      at: d.assessedAt,
    });
  },
  RiskClosed: (view, { data: d }, stored) => {
    const risk = riskOf(view, d.riskId, stored);
    risk.status = 'closed';
    risk.closed = { reason: d.reason, at: d.closedAt };
  },
};
