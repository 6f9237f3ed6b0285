import { conflict, invalid, notFound, type DomainErrorDetail } from '../core/errors';
import type { InitiativeCommand } from './initiative.commands';
import {
  has,
  lookup,
  type BenefitState,
  type GoalState,
  type IndicatorState,
  type InitiativeState,
  type MilestoneState,
} from './initiative.state';

/** The one detail of a refusal that concerns a single field. */
export const detail = (field: string, message: string): DomainErrorDetail[] => [{ field, message }];

/** Benefits are followed up after closure, and alerts about them may still be acknowledged. */
const AFTER_CLOSURE: ReadonlySet<InitiativeCommand['type']> = new Set<InitiativeCommand['type']>([
  'RecordBenefitRealisation',
  'CorrectBenefitRealisation',
  'WithdrawBenefitRealisation',
  'AcknowledgeAlert',
  'HandOverBenefit',
]);

/**
 * Besides those: a benefit found after closure (`unplanned`), and measurements of an indicator a profiled
 * benefit is measured by, since its measurement plan goes on after the initiative ends.
 */
function acceptedAfterClosure(command: InitiativeCommand, state: InitiativeState): boolean {
  if (AFTER_CLOSURE.has(command.type)) return true;
  if (command.type === 'RegisterBenefit') return command.data.unplanned === true;
  if (command.type === 'RecordMeasurement') {
    const indicatorId = command.data.indicatorId;
    return Object.values(state.benefits).some((benefit) => benefit.profiled && benefit.indicatorId === indicatorId);
  }
  return false;
}

/**
 * Whether the stream can take this command at all: only RegisterInitiative starts a stream, every other
 * command needs the initiative it names, and a closed initiative only takes benefit realisations.
 */
export function requireStreamAccepts(command: InitiativeCommand, state: InitiativeState): void {
  const initiativeId = command.data.initiativeId;
  if (command.type === 'RegisterInitiative') {
    if (state.status !== 'absent') {
      const message = `initiative ${state.id ?? initiativeId} already exists (status ${state.status})`;
      throw conflict('InitiativeAlreadyExists', message, detail('initiativeId', message));
    }
    return;
  }
  if (state.status === 'absent') {
    const message = `initiative ${initiativeId} does not exist`;
    throw notFound('InitiativeNotFound', message, detail('initiativeId', message));
  }
  if (state.id !== null && initiativeId !== state.id) {
    const message = `command is addressed to initiative ${initiativeId} but was decided on the stream of ${state.id}`;
    throw invalid('InitiativeIdMismatch', message, detail('initiativeId', message));
  }
  if (state.status === 'closed' && !acceptedAfterClosure(command, state)) {
    const message =
      `initiative ${state.id} was closed on ${state.closedAt}; after closure only benefit realisations ` +
      'can be recorded or corrected, and alerts acknowledged';
    throw conflict('InitiativeClosed', message, detail('initiativeId', message));
  }
}

export function requireGoal(state: InitiativeState, goalId: string, field: string): GoalState {
  const goal = lookup(state.goals, goalId);
  if (!goal) {
    const message = `goal ${goalId} does not exist on initiative ${state.id}`;
    throw notFound('GoalNotFound', message, detail(field, message));
  }
  return goal;
}

export function requireIndicator(state: InitiativeState, indicatorId: string, field: string): IndicatorState {
  const indicator = lookup(state.indicators, indicatorId);
  if (!indicator) {
    const message = `indicator ${indicatorId} does not exist on initiative ${state.id}`;
    throw notFound('IndicatorNotFound', message, detail(field, message));
  }
  return indicator;
}

export function requireMilestone(state: InitiativeState, milestoneId: string, field: string): MilestoneState {
  const milestone = lookup(state.milestones, milestoneId);
  if (!milestone) {
    const message = `milestone ${milestoneId} does not exist on initiative ${state.id}`;
    throw notFound('MilestoneNotFound', message, detail(field, message));
  }
  return milestone;
}

export function requireBenefit(state: InitiativeState, benefitId: string, field: string): BenefitState {
  const benefit = lookup(state.benefits, benefitId);
  if (!benefit) {
    const message = `benefit ${benefitId} does not exist on initiative ${state.id}`;
    throw notFound('BenefitNotFound', message, detail(field, message));
  }
  return benefit;
}

/** Follow-up decisions and course corrections share one id space. */
export function requireFreshDecisionId(state: InitiativeState, decisionId: string, field: string): void {
  if (has(state.decisionIds, decisionId)) {
    const message = `decision ${decisionId} is already recorded on initiative ${state.id}`;
    throw conflict('DecisionAlreadyRecorded', message, detail(field, message));
  }
}
