/** Public surface of the domain: pure TypeScript, no framework or I/O imports. Test support lives in `./testing`. */
export * from './core/message';
export * from './core/errors';
export * from './core/time';
export { Checks, isBlank, type CheckIssue } from './core/checks';
export * from './initiative/initiative.types';
export * from './initiative/initiative.commands';
export * from './initiative/initiative.events';
export * from './initiative/initiative.records.events';
export * from './initiative/initiative.records.commands';
export {
  evolveOwning,
  initialState,
  type BenefitState,
  type GoalState,
  type IndicatorState,
  type InitiativeState,
  type InitiativeStateStatus,
  type MilestoneState,
} from './initiative/initiative.state';
export { decide, evolve, evolveAll, initiativeDecider } from './initiative/initiative.decider';
export * from './initiative/initiative.upcasting';
export * from './initiative/initiative.results-chain';
export * from './initiative/initiative.results-vocabulary';
export { contributionOf } from './initiative/initiative.contributions';
export {
  type ContributionLinks,
  type ContributionTargetSnapshot,
  type GoalContributionLinked,
  type GoalContributionRemoved,
  type GoalRef,
  type LinkGoalContribution,
  type RemoveGoalContribution,
} from './initiative/initiative.contributions.types';
export * from './vocabulary/vocabulary';
export * from './vocabulary/scorecard-measures';
export * from './initiative/initiative.benefit-profile';
export * from './initiative/initiative.benefit-status';
export * from './initiative/initiative.economy.types';
export {
  costPerOutput,
  summariseFunding,
  type FundingSummary,
  type FundingTotals,
} from './initiative/initiative.funding';
export * from './report/period-report';
