/**
 * The initiative decider, assembled. Each command's decide function lives with its area:
 * lifecycle (register, activate), goals (goals, indicators, measurements), milestones, decisions (follow-up
 * decisions), course-correction, benefits and closure. Checks shared between areas are in `initiative.guards`,
 * the command's time and metadata in `initiative.context`, and `evolve` in `initiative.evolve`.
 */
import { assertNever, type Decider } from '../core/message';
import { handOverBenefit, recordBenefitRealisation, registerBenefit } from './initiative.benefits';
import { recordFunding } from './initiative.funding';
import { assessRisk, closeRisk, identifyRisk } from './initiative.risks';
import { closeInitiative } from './initiative.closure';
import type { InitiativeCommand } from './initiative.commands';
import { linkGoalContribution, removeGoalContribution } from './initiative.contributions';
import { contextOf, type CommandContext } from './initiative.context';
import { correctCourse } from './initiative.course-correction';
import { recordFollowUpDecision } from './initiative.decisions';
import type { InitiativeEvent } from './initiative.events';
import { evolve } from './initiative.evolve';
import { defineGoal, defineIndicator, recordMeasurement, reviseGoal } from './initiative.goals';
import { requireStoppingAllows } from './initiative.follow-ups';
import { requireStreamAccepts } from './initiative.guards';
import { activateInitiative, registerInitiative } from './initiative.lifecycle';
import {
  achieveMilestone,
  cancelMilestone,
  missMilestone,
  planMilestone,
  rescheduleMilestone,
} from './initiative.milestones';
import { changeInitiativeDetails } from './initiative.details';
import {
  acknowledgeAlert,
  assignRole,
  correctBenefitRealisation,
  correctMeasurement,
  withdrawBenefitRealisation,
  withdrawMeasurement,
} from './initiative.records';
import { has, initialState, type InitiativeState } from './initiative.state';

export { initialState } from './initiative.state';
export { evolve, evolveAll } from './initiative.evolve';

/** One decide function per command type; the compiler refuses the table when a command type has none. */
type DecideHandlers = {
  [T in InitiativeCommand['type']]: (
    command: Extract<InitiativeCommand, { type: T }>,
    state: InitiativeState,
    ctx: CommandContext,
  ) => InitiativeEvent[];
};

const deciders: DecideHandlers = {
  RegisterInitiative: registerInitiative,
  ActivateInitiative: activateInitiative,
  DefineGoal: defineGoal,
  ReviseGoal: reviseGoal,
  DefineIndicator: defineIndicator,
  RecordMeasurement: recordMeasurement,
  PlanMilestone: planMilestone,
  AchieveMilestone: achieveMilestone,
  RescheduleMilestone: rescheduleMilestone,
  MissMilestone: missMilestone,
  CancelMilestone: cancelMilestone,
  RecordFollowUpDecision: recordFollowUpDecision,
  CorrectCourse: correctCourse,
  RegisterBenefit: registerBenefit,
  RecordBenefitRealisation: recordBenefitRealisation,
  CloseInitiative: closeInitiative,
  CorrectMeasurement: correctMeasurement,
  WithdrawMeasurement: withdrawMeasurement,
  CorrectBenefitRealisation: correctBenefitRealisation,
  WithdrawBenefitRealisation: withdrawBenefitRealisation,
  ChangeInitiativeDetails: changeInitiativeDetails,
  AssignRole: assignRole,
  AcknowledgeAlert: acknowledgeAlert,
  LinkGoalContribution: linkGoalContribution,
  RemoveGoalContribution: removeGoalContribution,
  HandOverBenefit: handOverBenefit,
  RecordFunding: recordFunding,
  IdentifyRisk: identifyRisk,
  AssessRisk: assessRisk,
  CloseRisk: closeRisk,
};

/** The events a command causes on the initiative in `state`, or a DomainError saying why it is refused. */
export function decide(command: InitiativeCommand, state: InitiativeState): InitiativeEvent[] {
  requireStreamAccepts(command, state);
  requireStoppingAllows(command, state);
  const ctx = contextOf(command);
  // Own properties only: a command typed `constructor` must not reach Object.prototype.
  if (!has(deciders, command.type)) return assertNever(command as never, 'command');
  // The table's type pairs each function with its command type; TypeScript cannot follow that through `command.type`.
  const decideCommand = deciders[command.type] as (
    command: InitiativeCommand,
    state: InitiativeState,
    ctx: CommandContext,
  ) => InitiativeEvent[];
  return decideCommand(command, state, ctx);
}

export const initiativeDecider: Decider<InitiativeState, InitiativeCommand, InitiativeEvent> = {
  decide,
  evolve,
  initialState,
};
