import type {
  BenefitProfile,
  FundingLine,
  RiskCategory,
  Aggregation,
  BenefitKind,
  ClosureOutcome,
  DatedValue,
  DecisionKind,
  GoalAssessment,
  IndicatorDirection,
  IndicatorFrequency,
  IndicatorRole,
  InitiativeKind,
  InitiativeRole,
  RoleHolder,
  InitiativeStatus,
  MeasurementMethod,
  MeasurementBreakdown,
  MilestoneStatus,
  ResultLevel,
} from '@followup/domain';

/** The stored current-state read model of one initiative; time-dependent parts are derived at query time. */
export interface IndicatorView {
  id: string;
  goalId: string;
  name: string;
  unit: string;
  direction: IndicatorDirection;
  aggregation: Aggregation;
  baseline: DatedValue;
  targets: DatedValue[];
  /** The measurement with the latest `at`. */
  latest: MeasurementView | null;
  measurementCount: number;
  /** Measurements that count (corrected values, withdrawn ones left out); absent in views built before it. */
  measurements?: MeasurementView[];
  /** Absent on views stored before indicators recorded them. */
  frequency?: IndicatorFrequency | null;
  method?: MeasurementMethod | null;
  /** performance when absent. */
  role?: IndicatorRole;
  /** The latest measurement of each part (target group, municipality); absent until one is measured. */
  latestByBreakdown?: BreakdownMeasurement[];
}

export interface BreakdownMeasurement {
  breakdown: MeasurementBreakdown;
  id: string;
  value: number;
  at: string;
  source: string | null;
  note: string | null;
}

export type MeasurementView = DatedValue & { id: string; source: string | null; note: string | null };

export interface GoalView {
  id: string;
  statement: string;
  resultLevel: ResultLevel;
  indicators: IndicatorView[];
  /** Business time the goal was defined; absent on views stored before it was recorded. */
  definedAt?: string;
  /** Goals (of this or other initiatives) this goal contributes to; absent until the first link. */
  contributesTo?: GoalContributionView[];
  /** Codes of the vocabulary's target groups; absent when none were given. */
  targetGroups?: string[];
}

export interface GoalContributionView {
  initiativeId: string;
  goalId: string;
  note: string | null;
}

export interface MilestoneView {
  id: string;
  title: string;
  description: string | null;
  dueAt: string;
  status: MilestoneStatus;
  achievedAt: string | null;
  evaluation: string | null;
  reason: string | null;
  rescheduleCount: number;
}

export interface BenefitView {
  id: string;
  kind: BenefitKind;
  description: string;
  owner: string;
  indicatorId: string | null;
  baseline: number | null;
  target: number | null;
  realisationDue: string;
  realisations: Array<{ id: string; value: number; at: string; note: string | null }>;
  /** Present only on benefits registered with a benefit profile. */
  profile?: BenefitProfile;
  /** Present only on benefits found outside the plan. */
  unplanned?: true;
  /** Present once the benefit is handed over to the line organisation. */
  handover?: { to: string; reason: string; at: string; by: string };
}

/** One funding line in whole kroner. */
export type FundingLineView = FundingLine & { recordedAt: string };

export interface RiskView {
  id: string;
  title: string;
  category: RiskCategory;
  likelihood: number;
  impact: number;
  /** likelihood x impact. */
  score: number;
  owner: string;
  mitigation: string;
  status: 'open' | 'closed';
  identifiedAt: string;
  assessments: Array<{ likelihood: number; impact: number; score: number; note: string; at: string }>;
  closed: { reason: string; at: string } | null;
  /** Decisions and course corrections that name this risk as answered. */
  answeredBy?: string[];
}

export interface DecisionSummary {
  id: string;
  kind: DecisionKind | 'courseCorrection';
  summary: string;
  caseRef: string | null;
  decidedBy: string;
  occurredAt: string;
  followUpBy: string | null;
  /** Risks the decision answers; absent when it names none. */
  risks?: string[];
}

export interface ClosureView {
  outcome: ClosureOutcome;
  finalEvaluation: string;
  goalAssessments: GoalAssessment[];
  lessons: string | null;
  closedAt: string;
  caseRef: string | null;
  decidedBy: string | null;
}

export interface InitiativeView {
  id: string;
  kind: InitiativeKind;
  title: string;
  parentId: string | null;
  description: string | null;
  ownerUnit: string;
  responsible: string;
  partners: string[];
  /** Codes of the vocabulary's target groups; absent when none were given. */
  targetGroups?: string[];
  startsAt: string | null;
  endsAt: string | null;
  status: InitiativeStatus;
  version: number;
  /** Global position of the last event applied. */
  position: number;
  createdAt: string;
  updatedAt: string;
  goals: GoalView[];
  milestones: MilestoneView[];
  benefits: BenefitView[];
  lastDecision: DecisionSummary | null;
  closure: ClosureView | null;
  /** Current holders of the initiative's roles; absent in views built before roles existed. */
  roles?: Partial<Record<InitiativeRole, RoleHolder>>;
  /**
   * Open follow-up items: decisions with followUpBy not yet named by a later decision's `resolves`.
   * Absent on views projected before follow-up items existed (the alert rules then read lastDecision).
   */
  openFollowUps?: DecisionSummary[];
  /** The stop decision, while the initiative is stopping. */
  stoppedBy?: DecisionSummary | null;
  /** Funding lines; absent until the first is recorded. */
  funding?: FundingLineView[];
  /** Risks to the preconditions for results; absent until the first is identified. */
  risks?: RiskView[];
}
