import type { Command } from '../core/message';
import type { LinkGoalContribution, RemoveGoalContribution } from './initiative.contributions.types';
import type {
  Aggregation,
  BenefitKind,
  ClosureOutcome,
  DatedValue,
  DecisionKind,
  GoalAssessment,
  IndicatorDirection,
  InitiativeKind,
  InitiativeStatus,
  MeasurementBreakdown,
  ResultLevel,
} from './initiative.types';
import type { RecordCorrectionCommand } from './initiative.records.commands';
import type { BenefitAggregation, HandOverBenefit, MeasurementPlan } from './initiative.benefit-profile';
import type { RecordFunding } from './initiative.economy.types';
import type { AssessRisk, CloseRisk, IdentifyRisk } from './initiative.economy.types';
import type { GoalPolicy, IndicatorFrequency, IndicatorRole, MeasurementMethod } from './initiative.results-vocabulary';

/** What the shell looked up about the parent, so the decider can check it without I/O. */
export interface ParentSnapshot {
  readonly id: string;
  readonly kind: InitiativeKind;
  readonly status: InitiativeStatus;
}

export type RegisterInitiative = Command<
  'RegisterInitiative',
  {
    initiativeId: string;
    kind: InitiativeKind;
    title: string;
    parentId?: string;
    /** null when `parentId` was given but no such initiative exists. */
    parent?: ParentSnapshot | null;
    description?: string;
    ownerUnit: string;
    responsible: string;
    partners?: string[];
    startsAt?: string;
    endsAt?: string;
    /** Codes of the vocabulary's target groups; the shell checks them against the vocabulary. */
    targetGroups?: string[];
  }
>;
/** `goalPolicy` is the deployment's GOAL_POLICY, given by the shell (strict when absent). */
export type ActivateInitiative = Command<'ActivateInitiative', { initiativeId: string; goalPolicy?: GoalPolicy }>;
export type DefineGoal = Command<
  'DefineGoal',
  { initiativeId: string; goalId: string; statement: string; resultLevel: ResultLevel; targetGroups?: string[] }
>;
/** Goal change: `reason` in metadata is required. */
export type ReviseGoal = Command<
  'ReviseGoal',
  { initiativeId: string; goalId: string; statement?: string; resultLevel?: ResultLevel }
>;
export type DefineIndicator = Command<
  'DefineIndicator',
  {
    initiativeId: string;
    goalId: string;
    indicatorId: string;
    name: string;
    unit: string;
    direction: IndicatorDirection;
    baseline: DatedValue;
    targets: DatedValue[];
    aggregation?: Aggregation;
    frequency?: IndicatorFrequency;
    method?: MeasurementMethod;
    role?: IndicatorRole;
  }
>;
export type RecordMeasurement = Command<
  'RecordMeasurement',
  {
    initiativeId: string;
    indicatorId: string;
    measurementId: string;
    value: number;
    at: string;
    source?: string;
    note?: string;
    /** The part of the whole measured; without it the measurement is of the whole. */
    breakdown?: MeasurementBreakdown;
  }
>;
export type PlanMilestone = Command<
  'PlanMilestone',
  { initiativeId: string; milestoneId: string; title: string; dueAt: string; description?: string }
>;
export type AchieveMilestone = Command<
  'AchieveMilestone',
  { initiativeId: string; milestoneId: string; achievedAt: string; evaluation: string }
>;
/** `reason` in metadata is required. */
export type RescheduleMilestone = Command<
  'RescheduleMilestone',
  { initiativeId: string; milestoneId: string; dueAt: string }
>;
export type MissMilestone = Command<'MissMilestone', { initiativeId: string; milestoneId: string; reason: string }>;
export type CancelMilestone = Command<'CancelMilestone', { initiativeId: string; milestoneId: string; reason: string }>;
export type RecordFollowUpDecision = Command<
  'RecordFollowUpDecision',
  {
    initiativeId: string;
    decisionId: string;
    kind: DecisionKind;
    summary: string;
    rationale: string;
    caseRef?: string;
    decidedBy: string;
    occurredAt: string;
    followUpBy?: string;
    affects?: string[];
    /** Open follow-up items (decision ids) this decision resolves. */
    resolves?: string[];
    /** Risks of the initiative this decision answers. */
    risks?: string[];
  }
>;

export type CourseChange =
  | { type: 'reviseGoal'; goalId: string; statement?: string; resultLevel?: ResultLevel }
  | { type: 'changeTargets'; indicatorId: string; targets: DatedValue[] }
  | { type: 'rescheduleMilestone'; milestoneId: string; dueAt: string }
  /** `milestoneId` is assigned by the shell. */
  | { type: 'planMilestone'; milestoneId: string; title: string; dueAt: string; description?: string };

export type CorrectCourse = Command<
  'CorrectCourse',
  {
    initiativeId: string;
    courseCorrectionId: string;
    rationale: string;
    caseRef?: string;
    decidedBy: string;
    occurredAt?: string;
    changes: CourseChange[];
    /** Open follow-up items (decision ids) this course correction resolves. */
    resolves?: string[];
    /** Risks of the initiative this course correction answers. */
    risks?: string[];
  }
>;
export type RegisterBenefit = Command<
  'RegisterBenefit',
  {
    initiativeId: string;
    benefitId: string;
    description: string;
    owner: string;
    kind: BenefitKind;
    indicatorId?: string;
    /** A plain number, or `{value, at}` with a benefit profile. */
    baseline?: number | DatedValue;
    target?: number | DatedValue;
    /** Required without a profile; with one, the target's date. */
    realisationDue?: string;
    /** Benefit profile fields (all required once any is given). */
    unit?: string;
    measurementPlan?: Partial<MeasurementPlan>;
    responsible?: string;
    aggregation?: BenefitAggregation;
    /** Found along the way or after closure, not in the plan; may be registered after closure. */
    unplanned?: boolean;
  }
>;
export type RecordBenefitRealisation = Command<
  'RecordBenefitRealisation',
  { initiativeId: string; benefitId: string; realisationId: string; value: number; at: string; note?: string }
>;
export type CloseInitiative = Command<
  'CloseInitiative',
  {
    initiativeId: string;
    outcome: ClosureOutcome;
    finalEvaluation: string;
    goalAssessments: GoalAssessment[];
    lessons?: string;
  }
>;

export type InitiativeCommand =
  | RegisterInitiative
  | ActivateInitiative
  | DefineGoal
  | ReviseGoal
  | DefineIndicator
  | RecordMeasurement
  | PlanMilestone
  | AchieveMilestone
  | RescheduleMilestone
  | MissMilestone
  | CancelMilestone
  | RecordFollowUpDecision
  | CorrectCourse
  | RegisterBenefit
  | RecordBenefitRealisation
  | CloseInitiative
  | RecordCorrectionCommand
  | LinkGoalContribution
  | RemoveGoalContribution
  | HandOverBenefit
  | RecordFunding
  | IdentifyRisk
  | AssessRisk
  | CloseRisk;
