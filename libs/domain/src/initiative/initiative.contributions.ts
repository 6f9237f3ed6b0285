/**
 * Goals linked up the hierarchy: a goal of one initiative contributes to a goal of another, typically a
 * project goal to a programme or focus-area goal. The link lives in the contributing initiative's stream.
 * The shell looks up the target (its ancestry and what its goal already contributes to) so the decider can
 * refuse links to descendants and cycles without I/O.
 */
import { Checks } from '../core/checks';
import { conflict, invalid, notFound } from '../core/errors';
import { metaOf, type CommandContext } from './initiative.context';
import { detail, requireGoal } from './initiative.guards';
import type {
  ContributionTargetSnapshot,
  GoalContributionLinked,
  GoalContributionRemoved,
  GoalRef,
  LinkGoalContribution,
  RemoveGoalContribution,
} from './initiative.contributions.types';
import { lookup, withEntry, type InitiativeState } from './initiative.state';

export function contributionOf(state: InitiativeState, goalId: string, toGoalId: string): GoalRef | undefined {
  const links = lookup(state.contributions ?? {}, goalId);
  return links ? lookup(links, toGoalId) : undefined;
}

function requireTarget(command: LinkGoalContribution, state: InitiativeState): ContributionTargetSnapshot {
  const d = command.data;
  const target = d.target;
  if (!target) {
    const message = `initiative ${d.toInitiativeId} does not exist`;
    throw notFound('InitiativeNotFound', message, detail('toInitiativeId', message));
  }
  if (!target.goalExists) {
    const message = `goal ${d.toGoalId} does not exist on initiative ${d.toInitiativeId}`;
    throw notFound('GoalNotFound', message, detail('toGoalId', message));
  }
  if (state.id !== null && target.ancestorIds.includes(state.id)) {
    const message = `initiative ${d.toInitiativeId} lies beneath ${state.id}; a goal contributes upwards or sideways`;
    throw invalid('ContributionToDescendant', message, detail('toInitiativeId', message));
  }
  const self = d.toInitiativeId === d.initiativeId && d.toGoalId === d.goalId;
  const loops = target.reachableGoals.some((g) => g.initiativeId === d.initiativeId && g.goalId === d.goalId);
  if (self || loops) {
    const message = `goal ${d.toGoalId} already contributes to goal ${d.goalId}, directly or through other goals`;
    throw invalid('ContributionCycle', message, detail('toGoalId', message));
  }
  return target;
}

export function linkGoalContribution(
  command: LinkGoalContribution,
  state: InitiativeState,
  ctx: CommandContext,
): GoalContributionLinked[] {
  const d = command.data;
  const checks = new Checks();
  checks.required('toInitiativeId', d.toInitiativeId);
  checks.required('toGoalId', d.toGoalId);
  checks.throwIfAny();
  requireGoal(state, d.goalId, 'goalId');
  requireTarget(command, state);
  if (contributionOf(state, d.goalId, d.toGoalId)) {
    const message = `goal ${d.goalId} already contributes to goal ${d.toGoalId}`;
    throw conflict('ContributionAlreadyLinked', message, detail('toGoalId', message));
  }
  const { initiativeId, goalId, toInitiativeId, toGoalId } = d;
  return [
    {
      type: 'GoalContributionLinked',
      data: { initiativeId, goalId, toInitiativeId, toGoalId, note: d.note ?? null },
      metadata: metaOf(ctx),
    },
  ];
}

export function removeGoalContribution(
  command: RemoveGoalContribution,
  state: InitiativeState,
  ctx: CommandContext,
): GoalContributionRemoved[] {
  const d = command.data;
  const checks = new Checks();
  checks.required('reason', d.reason);
  checks.throwIfAny();
  requireGoal(state, d.goalId, 'goalId');
  const link = contributionOf(state, d.goalId, d.toGoalId);
  if (!link) {
    const message = `goal ${d.goalId} does not contribute to goal ${d.toGoalId}`;
    throw notFound('ContributionNotFound', message, detail('toGoalId', message));
  }
  const { initiativeId, goalId, toGoalId, reason } = d;
  return [
    {
      type: 'GoalContributionRemoved',
      data: { initiativeId, goalId, toInitiativeId: link.initiativeId, toGoalId, reason },
      metadata: metaOf(ctx, reason),
    },
  ];
}

/* ------------------------------------------------------------------ evolve */

export function contributionLinked(state: InitiativeState, { data }: GoalContributionLinked): InitiativeState {
  const all = state.contributions ?? {};
  const links = lookup(all, data.goalId) ?? {};
  const ref: GoalRef = { initiativeId: data.toInitiativeId, goalId: data.toGoalId };
  return { ...state, contributions: withEntry(all, data.goalId, withEntry(links, data.toGoalId, ref)) };
}

export function contributionRemoved(state: InitiativeState, { data }: GoalContributionRemoved): InitiativeState {
  const all = state.contributions ?? {};
  const links = lookup(all, data.goalId);
  if (!links) return state;
  const rest = Object.fromEntries(Object.entries(links).filter(([toGoalId]) => toGoalId !== data.toGoalId));
  return { ...state, contributions: withEntry(all, data.goalId, rest) };
}
