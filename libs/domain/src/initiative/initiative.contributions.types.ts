/** Types of goal contributions, apart from their decide/evolve so commands, events and state can name them. */
import type { Command, DomainEvent } from '../core/message';

/** One goal in one initiative. */
export interface GoalRef {
  readonly initiativeId: string;
  readonly goalId: string;
}

/** What the shell found about the goal a link points to. */
export interface ContributionTargetSnapshot {
  readonly initiativeId: string;
  readonly goalExists: boolean;
  /** The target initiative's parent, grandparent, ... up to its focus area. */
  readonly ancestorIds: readonly string[];
  /** Every goal the target goal contributes to, directly or through other goals. */
  readonly reachableGoals: readonly GoalRef[];
}

export type LinkGoalContribution = Command<
  'LinkGoalContribution',
  {
    initiativeId: string;
    goalId: string;
    toInitiativeId: string;
    toGoalId: string;
    note?: string;
    /** null when no initiative `toInitiativeId` exists; set by the shell. */
    target?: ContributionTargetSnapshot | null;
  }
>;
export type RemoveGoalContribution = Command<
  'RemoveGoalContribution',
  { initiativeId: string; goalId: string; toGoalId: string; reason: string }
>;

export type GoalContributionLinked = DomainEvent<
  'GoalContributionLinked',
  { initiativeId: string; goalId: string; toInitiativeId: string; toGoalId: string; note: string | null }
>;
export type GoalContributionRemoved = DomainEvent<
  'GoalContributionRemoved',
  { initiativeId: string; goalId: string; toInitiativeId: string; toGoalId: string; reason: string }
>;

/** Goal id -> the goals it contributes to, keyed by target goal id. */
export type ContributionLinks = Readonly<Record<string, Readonly<Record<string, GoalRef>>>>;
