/** Hand-built read-model views for the alerting specs (test support only). */
import type { BenefitView, DecisionSummary, IndicatorView, InitiativeView, MilestoneView } from '@followup/read-model';
import { initiativeView } from '@followup/read-model/testing/initiative-views';

export function view(id: string, overrides: Partial<InitiativeView> = {}): InitiativeView {
  return initiativeView({ id, title: `Initiative ${id}`, status: 'active', ...overrides });
}

export function milestone(id: string, dueAt: string, overrides: Partial<MilestoneView> = {}): MilestoneView {
  return {
    id,
    title: `Milestone ${id}`,
    description: null,
    dueAt,
    status: 'planned',
    achievedAt: null,
    evaluation: null,
    reason: null,
    rescheduleCount: 0,
    ...overrides,
  };
}

export function indicator(
  id: string,
  latest: { value: number; at: string } | null,
  overrides: Partial<IndicatorView> = {},
): IndicatorView {
  return {
    id,
    goalId: 'g1',
    name: `Indicator ${id}`,
    unit: 'percent',
    direction: 'increase',
    aggregation: 'none',
    baseline: { value: 10, at: '2025-01-01T00:00:00.000Z' },
    targets: [{ value: 30, at: '2025-06-30T00:00:00.000Z' }],
    latest: latest ? { ...latest, id: `m-${latest.at}`, source: null, note: null } : null,
    measurementCount: latest ? 1 : 0,
    ...overrides,
  };
}

export function withIndicators(v: InitiativeView, indicators: IndicatorView[]): InitiativeView {
  return { ...v, goals: [{ id: 'g1', statement: 'A goal', resultLevel: 'output', indicators }] };
}

export function benefit(id: string, realisationDue: string, overrides: Partial<BenefitView> = {}): BenefitView {
  return {
    id,
    kind: 'benefit',
    description: `Benefit ${id}`,
    owner: 'Head of finance',
    indicatorId: null,
    baseline: null,
    target: null,
    realisationDue,
    realisations: [],
    ...overrides,
  };
}

export function decision(
  id: string,
  followUpBy: string | null,
  overrides: Partial<DecisionSummary> = {},
): DecisionSummary {
  return {
    id,
    kind: 'continue',
    summary: `Decision ${id}`,
    caseRef: '2025/1',
    decidedBy: 'Steering group',
    occurredAt: '2025-03-01T09:00:00.000Z',
    followUpBy,
    ...overrides,
  };
}
