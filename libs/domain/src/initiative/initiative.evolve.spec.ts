import { DeciderSpecification } from '../testing/decider-specification';
import {
  activated,
  benefitRegistered,
  closed,
  event,
  goalDefined,
  indicatorDefined,
  milestoneAchieved,
  milestoneCancelled,
  milestoneMissed,
  milestonePlanned,
  paused,
  registered,
  YESTERDAY,
  PLANNED_AT,
} from '../testing/initiative.fixtures';
import { evolveAll, initialState, initiativeDecider } from './initiative.decider';
import type { InitiativeEvent } from './initiative.events';

const spec = DeciderSpecification.for(initiativeDecider);

describe('initialState', () => {
  it('is absent and empty', () => {
    expect(initialState()).toStrictEqual({
      status: 'absent',
      id: null,
      kind: null,
      parentId: null,
      title: null,
      startsAt: null,
      endsAt: null,
      goals: {},
      indicators: {},
      milestones: {},
      benefits: {},
      measurementIds: {},
      decisionIds: {},
      realisationIds: {},
      pausedByDecisionId: null,
      closedAt: null,
      measuredValues: {},
      realisedValues: {},
      details: null,
      roles: {},
      openFollowUps: {},
    });
    expect(initialState()).not.toBe(initialState());
  });
});

describe('evolve', () => {
  const history: InitiativeEvent[] = [
    registered(),
    activated(),
    goalDefined('g-1'),
    goalDefined('g-2', 'Second', 'userEffect'),
    event('GoalRevised', {
      goalId: 'g-2',
      before: { statement: 'Second', resultLevel: 'userEffect' },
      after: { statement: 'Second, sharper', resultLevel: 'societalEffect' },
      reason: 'r',
    }),
    indicatorDefined('ind-1', 'g-1'),
    event('IndicatorTargetsChanged', {
      indicatorId: 'ind-1',
      before: [],
      after: [{ value: 50, at: '2025-12-31' }],
      reason: 'r',
    }),
    event('MeasurementRecorded', {
      indicatorId: 'ind-1',
      measurementId: 'meas-1',
      value: 1,
      at: YESTERDAY,
      source: null,
      note: null,
    }),
    milestonePlanned('m-1', '2025-01-31'),
    milestoneAchieved('m-1', '2025-01-30'),
    milestonePlanned('m-2', '2025-02-28'),
    milestoneMissed('m-2'),
    milestonePlanned('m-3', '2025-03-31'),
    milestoneCancelled('m-3'),
    milestonePlanned('m-4', '2025-04-30'),
    event('MilestoneRescheduled', {
      milestoneId: 'm-4',
      previousDueAt: '2025-04-30',
      dueAt: '2025-05-31',
      reason: 'r',
    }),
    benefitRegistered('b-1', { indicatorId: 'ind-1' }),
    event('BenefitRealisationRecorded', {
      benefitId: 'b-1',
      realisationId: 'r-1',
      value: 1,
      at: YESTERDAY,
      note: null,
    }),
    event('CourseCorrected', {
      courseCorrectionId: 'cc-1',
      rationale: 'r',
      caseRef: null,
      decidedBy: 'x',
      occurredAt: YESTERDAY,
      changeCount: 0,
    }),
    ...paused('d-1'),
  ];

  it('folds a history into the state the decider relies on', () => {
    expect(spec.given(history).state()).toStrictEqual({
      status: 'paused',
      id: 'ini-1',
      kind: 'project',
      parentId: 'prog-1',
      title: 'Digital skills for small businesses',
      startsAt: '2025-01-01',
      endsAt: '2026-12-31',
      goals: {
        'g-1': { statement: '200 businesses complete the course', resultLevel: 'output' },
        'g-2': { statement: 'Second, sharper', resultLevel: 'societalEffect' },
      },
      indicators: {
        'ind-1': {
          goalId: 'g-1',
          name: 'Businesses completing the course',
          unit: 'count',
          direction: 'increase',
          baseline: { value: 0, at: '2025-01-01' },
          targets: [{ value: 50, at: '2025-12-31' }],
          aggregation: 'sum',
          role: 'performance',
          latest: { value: 1, at: '2025-02-28T10:00:00.000Z' },
        },
      },
      milestones: {
        'm-1': {
          title: 'Course material ready',
          status: 'achieved',
          dueAt: '2025-01-31',
          achievedAt: '2025-01-30',
          plannedAt: PLANNED_AT,
        },
        'm-2': {
          title: 'Course material ready',
          status: 'missed',
          dueAt: '2025-02-28',
          achievedAt: null,
          plannedAt: PLANNED_AT,
        },
        'm-3': {
          title: 'Course material ready',
          status: 'cancelled',
          dueAt: '2025-03-31',
          achievedAt: null,
          plannedAt: PLANNED_AT,
        },
        'm-4': {
          title: 'Course material ready',
          status: 'planned',
          dueAt: '2025-05-31',
          achievedAt: null,
          plannedAt: PLANNED_AT,
        },
      },
      benefits: {
        'b-1': {
          kind: 'benefit',
          description: 'Higher turnover in participating businesses',
          owner: 'Head of business development',
          realisationDue: '2027-12-31',
          indicatorId: 'ind-1',
        },
      },
      measurementIds: { 'meas-1': true },
      decisionIds: { 'cc-1': true, 'd-1': true },
      realisationIds: { 'r-1': true },
      pausedByDecisionId: 'd-1',
      closedAt: null,
      measuredValues: { 'meas-1': { ownerId: 'ind-1', value: 1, withdrawn: false, at: '2025-02-28T10:00:00.000Z' } },
      realisedValues: { 'r-1': { ownerId: 'b-1', value: 1, withdrawn: false, at: '2025-02-28T10:00:00.000Z' } },
      details: {
        title: 'Digital skills for small businesses',
        description: null,
        responsible: 'Ola Nordmann',
        ownerUnit: 'Regional development',
        partners: [],
        startsAt: '2025-01-01',
        endsAt: '2026-12-31',
      },
      roles: {},
      openFollowUps: {},
    });
  });

  it('resume and closure', () => {
    const resumed = evolveAll([...history, event('InitiativeResumed', { decisionId: 'd-2' })]);
    expect(resumed).toMatchObject({ status: 'active', pausedByDecisionId: null });
    expect(evolveAll([closed('2025-02-27')], resumed)).toMatchObject({ status: 'closed', closedAt: '2025-02-27' });
  });

  it('ignores changes to milestones and indicators it does not know', () => {
    const state = evolveAll([registered()]);
    expect(evolveAll([milestoneAchieved('m-x'), milestoneMissed('m-x')], state)).toBe(state);
    expect(
      evolveAll([event('IndicatorTargetsChanged', { indicatorId: 'i-x', before: [], after: [], reason: 'r' })], state),
    ).toBe(state);
  });

  it('is pure: the given state is not mutated (the specification freezes it)', () => {
    expect(() => spec.given(history).state()).not.toThrow();
  });
});
