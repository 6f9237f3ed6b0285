/** Vocabulary of the plan hierarchy (glossary in docs/glossary.md). */
export const INITIATIVE_KINDS = ['focusArea', 'programme', 'agreedDelivery', 'project', 'measure'] as const;
export type InitiativeKind = (typeof INITIATIVE_KINDS)[number];

/** Which kinds may sit directly beneath which: satsingsområde -> program/avtalt arbeid -> prosjekt/tiltak. */
export const ALLOWED_PARENT_KINDS: Readonly<Record<InitiativeKind, readonly InitiativeKind[]>> = {
  focusArea: [],
  programme: ['focusArea'],
  agreedDelivery: ['focusArea'],
  project: ['focusArea', 'programme', 'agreedDelivery'],
  measure: ['focusArea', 'programme', 'agreedDelivery'],
};

export const INITIATIVE_STATUSES = ['planned', 'active', 'paused', 'closed', 'stopping'] as const;
export type InitiativeStatus = (typeof INITIATIVE_STATUSES)[number];

/** Levels of the results chain (effektkjede). */
export const RESULT_LEVELS = ['input', 'activity', 'output', 'userEffect', 'societalEffect'] as const;
export type ResultLevel = (typeof RESULT_LEVELS)[number];

export const INDICATOR_DIRECTIONS = ['increase', 'decrease', 'maintain'] as const;
export type IndicatorDirection = (typeof INDICATOR_DIRECTIONS)[number];

export const AGGREGATIONS = ['sum', 'mean', 'none'] as const;
export type Aggregation = (typeof AGGREGATIONS)[number];

export const MILESTONE_STATUSES = ['planned', 'achieved', 'missed', 'cancelled'] as const;
export type MilestoneStatus = (typeof MILESTONE_STATUSES)[number];

export const DECISION_KINDS = ['continue', 'adjust', 'pause', 'resume', 'stop', 'escalate'] as const;
export type DecisionKind = (typeof DECISION_KINDS)[number];

export const BENEFIT_KINDS = ['benefit', 'disbenefit'] as const;
export type BenefitKind = (typeof BENEFIT_KINDS)[number];

export const CLOSURE_OUTCOMES = ['completed', 'cancelled'] as const;
export type ClosureOutcome = (typeof CLOSURE_OUTCOMES)[number];

export const GOAL_ACHIEVEMENTS = ['full', 'partial', 'none'] as const;
export type GoalAchievement = (typeof GOAL_ACHIEVEMENTS)[number];

/** Which part of the whole a measurement covers: one target group, one municipality, or both. */
export interface MeasurementBreakdown {
  readonly targetGroup?: string;
  readonly municipality?: string;
}

/** A value at a point in time: baselines, targets, measurements. */
export interface DatedValue {
  readonly value: number;
  readonly at: string;
}

export interface GoalAssessment {
  readonly goalId: string;
  readonly achievement: GoalAchievement;
  readonly comment: string;
  /** Why `full` is claimed although an indicator's latest value misses its final target. */
  readonly override?: { readonly reason: string };
}
