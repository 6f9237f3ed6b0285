import type { DomainEvent } from '../core/message';
import type { GoalContributionLinked, GoalContributionRemoved } from './initiative.contributions.types';
import type {
  Aggregation,
  BenefitKind,
  ClosureOutcome,
  DatedValue,
  DecisionKind,
  GoalAssessment,
  IndicatorDirection,
  InitiativeKind,
  MeasurementBreakdown,
  ResultLevel,
} from './initiative.types';
import type { RecordCorrectionEvent } from './initiative.records.events';
import type { BenefitHandedOver, BenefitProfile } from './initiative.benefit-profile';
import type { FundingRecorded } from './initiative.economy.types';
import type { RiskAssessed, RiskClosed, RiskIdentified } from './initiative.economy.types';
import type { IndicatorFrequency, IndicatorRole, MeasurementMethod } from './initiative.results-vocabulary';

export type InitiativeRegistered = DomainEvent<
  'InitiativeRegistered',
  {
    initiativeId: string;
    kind: InitiativeKind;
    title: string;
    parentId: string | null;
    description: string | null;
    ownerUnit: string;
    responsible: string;
    partners: string[];
    startsAt: string | null;
    endsAt: string | null;
    /** Present only when given. */
    targetGroups?: string[];
  }
>;
export type InitiativeActivated = DomainEvent<'InitiativeActivated', { initiativeId: string }>;
export type GoalDefined = DomainEvent<
  'GoalDefined',
  { initiativeId: string; goalId: string; statement: string; resultLevel: ResultLevel; targetGroups?: string[] }
>;
export interface GoalContent {
  statement: string;
  resultLevel: ResultLevel;
}
export type GoalRevised = DomainEvent<
  'GoalRevised',
  { initiativeId: string; goalId: string; before: GoalContent; after: GoalContent; reason: string }
>;
export type IndicatorDefined = DomainEvent<
  'IndicatorDefined',
  {
    initiativeId: string;
    goalId: string;
    indicatorId: string;
    name: string;
    unit: string;
    direction: IndicatorDirection;
    baseline: DatedValue;
    targets: DatedValue[];
    aggregation: Aggregation;
    /** Absent on indicators defined before these were recorded. */
    frequency?: IndicatorFrequency;
    method?: MeasurementMethod;
    role?: IndicatorRole;
  }
>;
export type IndicatorTargetsChanged = DomainEvent<
  'IndicatorTargetsChanged',
  { initiativeId: string; indicatorId: string; before: DatedValue[]; after: DatedValue[]; reason: string }
>;
export type MeasurementRecorded = DomainEvent<
  'MeasurementRecorded',
  {
    initiativeId: string;
    indicatorId: string;
    measurementId: string;
    value: number;
    at: string;
    source: string | null;
    note: string | null;
    /** Present only for a measurement of a part (target group, municipality). */
    breakdown?: MeasurementBreakdown;
  }
>;
export type MilestonePlanned = DomainEvent<
  'MilestonePlanned',
  { initiativeId: string; milestoneId: string; title: string; dueAt: string; description: string | null }
>;
export type MilestoneAchieved = DomainEvent<
  'MilestoneAchieved',
  { initiativeId: string; milestoneId: string; achievedAt: string; evaluation: string }
>;
export type MilestoneRescheduled = DomainEvent<
  'MilestoneRescheduled',
  { initiativeId: string; milestoneId: string; previousDueAt: string; dueAt: string; reason: string }
>;
export type MilestoneMissed = DomainEvent<
  'MilestoneMissed',
  { initiativeId: string; milestoneId: string; reason: string }
>;
export type MilestoneCancelled = DomainEvent<
  'MilestoneCancelled',
  { initiativeId: string; milestoneId: string; reason: string }
>;
export type FollowUpDecisionRecorded = DomainEvent<
  'FollowUpDecisionRecorded',
  {
    initiativeId: string;
    decisionId: string;
    kind: DecisionKind;
    summary: string;
    rationale: string;
    caseRef: string | null;
    decidedBy: string;
    occurredAt: string;
    followUpBy: string | null;
    affects: string[];
    /** Risks the decision answers; absent when it names none. */
    risks?: string[];
  }
>;
export type InitiativePaused = DomainEvent<'InitiativePaused', { initiativeId: string; decisionId: string }>;
export type InitiativeResumed = DomainEvent<'InitiativeResumed', { initiativeId: string; decisionId: string }>;
/** Opens a course correction; the changes follow in the same commit, each carrying its decisionId. */
export type CourseCorrected = DomainEvent<
  'CourseCorrected',
  {
    initiativeId: string;
    courseCorrectionId: string;
    rationale: string;
    caseRef: string | null;
    decidedBy: string;
    occurredAt: string;
    changeCount: number;
    /** Risks the course correction answers; absent when it names none. */
    risks?: string[];
  }
>;
export type BenefitRegistered = DomainEvent<
  'BenefitRegistered',
  {
    initiativeId: string;
    benefitId: string;
    kind: BenefitKind;
    description: string;
    owner: string;
    indicatorId: string | null;
    baseline: number | null;
    target: number | null;
    realisationDue: string;
    /** Present only on benefits registered with a benefit profile. */
    profile?: BenefitProfile;
    /** Present only on benefits found outside the plan. */
    unplanned?: true;
  }
>;
export type BenefitRealisationRecorded = DomainEvent<
  'BenefitRealisationRecorded',
  { initiativeId: string; benefitId: string; realisationId: string; value: number; at: string; note: string | null }
>;
export type InitiativeClosed = DomainEvent<
  'InitiativeClosed',
  {
    initiativeId: string;
    outcome: ClosureOutcome;
    finalEvaluation: string;
    goalAssessments: GoalAssessment[];
    lessons: string | null;
    closedAt: string;
  }
>;

/** A later decision or course correction named an open follow-up item (a decision with followUpBy) as resolved. */
export type FollowUpResolved = DomainEvent<
  'FollowUpResolved',
  { initiativeId: string; followUpId: string; resolvedByDecisionId: string; resolvedBy: string; resolvedAt: string }
>;
/** A `stop` decision: the initiative winds down and only closure, benefit work or a `continue` decision follow. */
export type InitiativeStopping = DomainEvent<'InitiativeStopping', { initiativeId: string; decisionId: string }>;

export type InitiativeEvent =
  | InitiativeRegistered
  | InitiativeActivated
  | GoalDefined
  | GoalRevised
  | IndicatorDefined
  | IndicatorTargetsChanged
  | MeasurementRecorded
  | MilestonePlanned
  | MilestoneAchieved
  | MilestoneRescheduled
  | MilestoneMissed
  | MilestoneCancelled
  | FollowUpDecisionRecorded
  | InitiativePaused
  | InitiativeResumed
  | CourseCorrected
  | BenefitRegistered
  | BenefitRealisationRecorded
  | InitiativeClosed
  | RecordCorrectionEvent
  | FollowUpResolved
  | InitiativeStopping
  | GoalContributionLinked
  | GoalContributionRemoved
  | BenefitHandedOver
  | FundingRecorded
  | RiskIdentified
  | RiskAssessed
  | RiskClosed;

export type InitiativeEventType = InitiativeEvent['type'];
