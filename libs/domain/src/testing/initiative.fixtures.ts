/** Builders for initiative commands and events in tests. */
import type { CommandMetadata, DomainEventMetadata } from '../core/message';
import type { InitiativeCommand } from '../initiative/initiative.commands';
import type { InitiativeEvent } from '../initiative/initiative.events';

export const NOW = '2025-03-01T10:00:00.000Z';
export const YESTERDAY = '2025-02-28T10:00:00.000Z';
export const TOMORROW = '2025-03-02T10:00:00.000Z';
export const ID = 'ini-1';
export const ACTOR = { sub: 'u-caseworker', name: 'Kari Nordmann', roles: ['caseworker'] } as const;

type CommandOf<T extends InitiativeCommand['type']> = Extract<InitiativeCommand, { type: T }>;
type EventOf<T extends InitiativeEvent['type']> = Extract<InitiativeEvent, { type: T }>;

export function command<T extends InitiativeCommand['type']>(
  type: T,
  data: Omit<CommandOf<T>['data'], 'initiativeId'> & { initiativeId?: string },
  metadata: Partial<CommandMetadata> = {},
): CommandOf<T> {
  return {
    type,
    data: { initiativeId: ID, ...data },
    metadata: { actor: { ...ACTOR, roles: [...ACTOR.roles] }, now: NOW, ...metadata },
  } as unknown as CommandOf<T>;
}

export function event<T extends InitiativeEvent['type']>(
  type: T,
  data: Omit<EventOf<T>['data'], 'initiativeId'> & { initiativeId?: string },
  metadata: DomainEventMetadata = { occurredAt: NOW },
): EventOf<T> {
  return { type, data: { initiativeId: ID, ...data }, metadata } as unknown as EventOf<T>;
}

/* A small history to build on. */

export const registered = (overrides: Partial<EventOf<'InitiativeRegistered'>['data']> = {}) =>
  event('InitiativeRegistered', {
    kind: 'project',
    title: 'Digital skills for small businesses',
    parentId: 'prog-1',
    description: null,
    ownerUnit: 'Regional development',
    responsible: 'Ola Nordmann',
    partners: [],
    startsAt: '2025-01-01',
    endsAt: '2026-12-31',
    ...overrides,
  });

export const activated = () => event('InitiativeActivated', {});

export const goalDefined = (
  goalId = 'g-1',
  statement = '200 businesses complete the course',
  resultLevel: EventOf<'GoalDefined'>['data']['resultLevel'] = 'output',
) => event('GoalDefined', { goalId, statement, resultLevel });

export const indicatorDefined = (
  indicatorId = 'ind-1',
  goalId = 'g-1',
  overrides: Partial<EventOf<'IndicatorDefined'>['data']> = {},
) =>
  event('IndicatorDefined', {
    goalId,
    indicatorId,
    name: 'Businesses completing the course',
    unit: 'count',
    direction: 'increase',
    baseline: { value: 0, at: '2025-01-01' },
    targets: [
      { value: 100, at: '2025-12-31' },
      { value: 200, at: '2026-12-31' },
    ],
    aggregation: 'sum',
    ...overrides,
  });

/** Planned at the start of the year, before every change the specifications date to it. */
export const PLANNED_AT = '2025-01-02T09:00:00.000Z';

export const milestonePlanned = (
  milestoneId = 'm-1',
  dueAt = '2025-06-30',
  title = 'Course material ready',
  plannedAt = PLANNED_AT,
) => event('MilestonePlanned', { milestoneId, title, dueAt, description: null }, { occurredAt: plannedAt });

export const milestoneAchieved = (milestoneId = 'm-1', achievedAt = '2025-02-15') =>
  event('MilestoneAchieved', { milestoneId, achievedAt, evaluation: 'Delivered on time' });

export const milestoneMissed = (milestoneId = 'm-1') =>
  event('MilestoneMissed', { milestoneId, reason: 'Supplier late' });

export const milestoneCancelled = (milestoneId = 'm-1') =>
  event('MilestoneCancelled', { milestoneId, reason: 'No longer needed' });

export const benefitRegistered = (benefitId = 'b-1', overrides: Partial<EventOf<'BenefitRegistered'>['data']> = {}) =>
  event('BenefitRegistered', {
    benefitId,
    kind: 'benefit',
    description: 'Higher turnover in participating businesses',
    owner: 'Head of business development',
    indicatorId: null,
    baseline: null,
    target: null,
    realisationDue: '2027-12-31',
    ...overrides,
  });

export const paused = (decisionId = 'd-pause') => [
  event(
    'FollowUpDecisionRecorded',
    {
      decisionId,
      kind: 'pause',
      summary: 'Pause until funding is clarified',
      rationale: 'Funding uncertain',
      caseRef: null,
      decidedBy: 'Steering group',
      occurredAt: YESTERDAY,
      followUpBy: null,
      affects: [],
    },
    { occurredAt: YESTERDAY, decisionId, reason: 'Funding uncertain' },
  ),
  event('InitiativePaused', { decisionId }, { occurredAt: YESTERDAY, decisionId, reason: 'Funding uncertain' }),
];

export const closed = (closedAt = YESTERDAY) =>
  event(
    'InitiativeClosed',
    {
      outcome: 'completed',
      finalEvaluation: 'Done',
      goalAssessments: [{ goalId: 'g-1', achievement: 'full', comment: 'All good' }],
      lessons: null,
      closedAt,
    },
    { occurredAt: closedAt },
  );
