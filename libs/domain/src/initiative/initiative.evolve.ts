import { assertNever } from '../core/message';
import { economyEvolvers } from './initiative.economy.evolve';
import { contributionLinked, contributionRemoved } from './initiative.contributions';
import type { InitiativeEvent } from './initiative.events';
import { detailsOf, recordEvolvers, recorded, withNewMeasurement } from './initiative.records.evolve';
import { closeFollowUp, openFollowUp } from './initiative.follow-ups';
import { has, initialState, lookup, withEntry, type InitiativeState, type MilestoneState } from './initiative.state';

/** One handler per event type; the compiler refuses the table when an event type has none. */
type EvolveHandlers = {
  [T in InitiativeEvent['type']]: (
    state: InitiativeState,
    event: Extract<InitiativeEvent, { type: T }>,
  ) => InitiativeState;
};

/** An event about a milestone the state does not know leaves the state as it is. */
function withMilestone(
  state: InitiativeState,
  milestoneId: string,
  update: (m: MilestoneState) => MilestoneState,
): InitiativeState {
  const milestone = lookup(state.milestones, milestoneId);
  if (!milestone) return state;
  return { ...state, milestones: withEntry(state.milestones, milestoneId, update(milestone)) };
}

const evolvers: EvolveHandlers = {
  InitiativeRegistered: (_state, { data }) => ({
    ...initialState(),
    status: 'planned',
    id: data.initiativeId,
    kind: data.kind,
    parentId: data.parentId,
    title: data.title,
    startsAt: data.startsAt,
    endsAt: data.endsAt,
    details: detailsOf(data),
  }),
  InitiativeActivated: (state) => ({ ...state, status: 'active' }),

  GoalDefined: (state, { data }) => ({
    ...state,
    goals: withEntry(state.goals, data.goalId, { statement: data.statement, resultLevel: data.resultLevel }),
  }),
  GoalRevised: (state, { data }) => ({
    ...state,
    goals: withEntry(state.goals, data.goalId, {
      statement: data.after.statement,
      resultLevel: data.after.resultLevel,
    }),
  }),
  IndicatorDefined: (state, { data }) => ({
    ...state,
    indicators: withEntry(state.indicators, data.indicatorId, {
      goalId: data.goalId,
      name: data.name,
      unit: data.unit,
      direction: data.direction,
      baseline: data.baseline,
      targets: data.targets,
      aggregation: data.aggregation,
      role: data.role ?? 'performance',
      latest: null,
    }),
  }),
  IndicatorTargetsChanged: (state, { data }) => {
    const indicator = lookup(state.indicators, data.indicatorId);
    if (!indicator) return state;
    return {
      ...state,
      indicators: withEntry(state.indicators, data.indicatorId, { ...indicator, targets: data.after }),
    };
  },
  MeasurementRecorded: (state, { data }) =>
    withNewMeasurement(
      {
        ...state,
        measurementIds: withEntry(state.measurementIds, data.measurementId, true as const),
        measuredValues: withEntry(
          state.measuredValues,
          data.measurementId,
          recorded(data.indicatorId, data.value, data.at),
        ),
      },
      data.indicatorId,
      { value: data.value, at: data.at },
    ),

  MilestonePlanned: (state, { data, metadata }) => ({
    ...state,
    milestones: withEntry(state.milestones, data.milestoneId, {
      title: data.title,
      status: 'planned',
      dueAt: data.dueAt,
      achievedAt: null,
      plannedAt: metadata?.occurredAt ?? null,
    }),
  }),
  MilestoneAchieved: (state, { data }) =>
    withMilestone(state, data.milestoneId, (m) => ({ ...m, status: 'achieved', achievedAt: data.achievedAt })),
  MilestoneRescheduled: (state, { data }) =>
    withMilestone(state, data.milestoneId, (m) => ({ ...m, status: 'planned', dueAt: data.dueAt })),
  MilestoneMissed: (state, { data }) => withMilestone(state, data.milestoneId, (m) => ({ ...m, status: 'missed' })),
  MilestoneCancelled: (state, { data }) =>
    withMilestone(state, data.milestoneId, (m) => ({ ...m, status: 'cancelled' })),

  FollowUpDecisionRecorded: (state, { data }) =>
    openFollowUp(
      { ...state, decisionIds: withEntry(state.decisionIds, data.decisionId, true as const) },
      data.decisionId,
      data.followUpBy,
    ),
  InitiativePaused: (state, { data }) => ({ ...state, status: 'paused', pausedByDecisionId: data.decisionId }),
  InitiativeResumed: (state) => ({ ...state, status: 'active', pausedByDecisionId: null }),
  CourseCorrected: (state, { data }) => ({
    ...state,
    decisionIds: withEntry(state.decisionIds, data.courseCorrectionId, true as const),
  }),

  BenefitRegistered: (state, { data }) => ({
    ...state,
    benefits: withEntry(state.benefits, data.benefitId, {
      kind: data.kind,
      description: data.description,
      owner: data.owner,
      realisationDue: data.realisationDue,
      indicatorId: data.indicatorId,
      ...(data.profile ? { profiled: true as const } : {}),
    }),
  }),
  BenefitRealisationRecorded: (state, { data }) => ({
    ...state,
    realisationIds: withEntry(state.realisationIds, data.realisationId, true as const),
    realisedValues: withEntry(state.realisedValues, data.realisationId, recorded(data.benefitId, data.value, data.at)),
  }),

  InitiativeClosed: (state, { data }) => ({
    ...state,
    status: 'closed',
    closedAt: data.closedAt,
    pausedByDecisionId: null,
  }),
  ...recordEvolvers,
  FollowUpResolved: (state, { data }) => closeFollowUp(state, data.followUpId),
  InitiativeStopping: (state) => ({ ...state, status: 'stopping' }),

  GoalContributionLinked: contributionLinked,
  GoalContributionRemoved: contributionRemoved,
  ...economyEvolvers,
};

export function evolve(state: InitiativeState, event: InitiativeEvent): InitiativeState {
  // Own properties only: an event typed `constructor` must not reach Object.prototype.
  if (!has(evolvers, event.type)) return assertNever(event as never, 'event');
  // The table's type pairs each handler with its event type; TypeScript cannot follow that through `event.type`.
  const evolveEvent = evolvers[event.type] as (state: InitiativeState, event: InitiativeEvent) => InitiativeState;
  return evolveEvent(state, event);
}

/** Folds a stream's events into its state. */
export function evolveAll(events: Iterable<InitiativeEvent>, from: InitiativeState = initialState()): InitiativeState {
  let state = from;
  for (const event of events) state = evolve(state, event);
  return state;
}
