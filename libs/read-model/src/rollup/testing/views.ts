/** Hand-built views for the rollup specs (test support only). */
import type {
  Aggregation,
  DatedValue,
  IndicatorDirection,
  InitiativeKind,
  InitiativeStatus,
  MilestoneStatus,
} from '@followup/domain';
import type { BenefitView, IndicatorView, InitiativeView, MilestoneView } from '../../initiative/initiative-view';

export const NOW = new Date('2025-03-01T12:00:00.000Z');

export function view(
  id: string,
  kind: InitiativeKind,
  parentId: string | null,
  status: InitiativeStatus,
  parts: { indicators?: IndicatorView[]; milestones?: MilestoneView[]; benefits?: BenefitView[] } = {},
): InitiativeView {
  return {
    id,
    kind,
    title: `Title of ${id}`,
    parentId,
    description: null,
    ownerUnit: 'Regional development',
    responsible: 'Kari Nordmann',
    partners: [],
    startsAt: null,
    endsAt: null,
    status,
    version: 1,
    position: 1,
    createdAt: '2025-01-01T00:00:00.000Z',
    updatedAt: '2025-01-01T00:00:00.000Z',
    goals: parts.indicators?.length
      ? [
          {
            id: `g-${id}`,
            statement: 'A goal',
            resultLevel: 'output',
            indicators: parts.indicators.map((i) => ({ ...i, goalId: `g-${id}` })),
          },
        ]
      : [],
    milestones: parts.milestones ?? [],
    benefits: parts.benefits ?? [],
    lastDecision: null,
    closure: null,
  };
}

export function indicator(
  id: string,
  spec: {
    name?: string;
    unit: string;
    aggregation: Aggregation;
    direction?: IndicatorDirection;
    baseline: number;
    targets: DatedValue[] | number;
    latest?: DatedValue;
  },
): IndicatorView {
  return {
    id,
    goalId: '',
    name: spec.name ?? `Indicator ${id}`,
    unit: spec.unit,
    direction: spec.direction ?? 'increase',
    aggregation: spec.aggregation,
    baseline: { value: spec.baseline, at: '2025-01-01T00:00:00Z' },
    targets: typeof spec.targets === 'number' ? [{ value: spec.targets, at: '2025-12-31T00:00:00Z' }] : spec.targets,
    latest: spec.latest ? { ...spec.latest, id: `me-${id}`, source: null, note: null } : null,
    measurementCount: spec.latest ? 1 : 0,
  };
}

export function milestone(id: string, status: MilestoneStatus, dueAt: string): MilestoneView {
  return {
    id,
    title: `Milestone ${id}`,
    description: null,
    dueAt,
    status,
    achievedAt: status === 'achieved' ? '2025-02-01T00:00:00Z' : null,
    evaluation: status === 'achieved' ? 'Fine' : null,
    reason: null,
    rescheduleCount: 0,
  };
}

export function benefit(
  id: string,
  kind: 'benefit' | 'disbenefit',
  realisationDue: string,
  realised: boolean,
): BenefitView {
  return {
    id,
    kind,
    description: `Benefit ${id}`,
    owner: 'Head of finance',
    indicatorId: null,
    baseline: null,
    target: null,
    realisationDue,
    realisations: realised ? [{ id: `r-${id}`, value: 1, at: '2025-02-20T00:00:00Z', note: null }] : [],
  };
}
