import {
  AGGREGATIONS,
  BENEFIT_AGGREGATIONS,
  BENEFIT_KINDS,
  BENEFIT_STATUSES,
  CLOSURE_OUTCOMES,
  DECISION_KINDS,
  FUNDING_SOURCES,
  GOAL_ACHIEVEMENTS,
  INDICATOR_DIRECTIONS,
  INDICATOR_FREQUENCIES,
  INDICATOR_ROLES,
  INITIATIVE_KINDS,
  INITIATIVE_STATUSES,
  MEASUREMENT_METHODS,
  MILESTONE_STATUSES,
  RESULT_LEVELS,
  RISK_CATEGORIES,
} from '@followup/domain';
import {
  arr,
  bool,
  datedValue,
  instant,
  int,
  mapOf,
  nullable,
  num,
  obj,
  oneOf,
  ref,
  str,
  type Schema,
} from './schema-kit';

export const RAGS = ['green', 'amber', 'red', 'unknown'] as const;
export const INDICATOR_STATUSES = ['onTrack', 'atRisk', 'offTrack', 'stale', 'unknown'] as const;

export const MEASUREMENT = obj({ id: str, value: num, at: instant, source: nullable(str), note: nullable(str) });

const indicator = obj(
  {
    id: str,
    goalId: str,
    name: str,
    unit: str,
    direction: oneOf(INDICATOR_DIRECTIONS),
    aggregation: oneOf(AGGREGATIONS),
    baseline: datedValue,
    targets: arr(datedValue),
    latest: nullable(MEASUREMENT),
    measurementCount: int,
    frequency: nullable(oneOf(INDICATOR_FREQUENCIES)),
    method: nullable(oneOf(MEASUREMENT_METHODS)),
    role: oneOf(INDICATOR_ROLES),
    status: oneOf(INDICATOR_STATUSES),
    staleSince: nullable(instant),
  },
  {
    measurements: arr(MEASUREMENT),
    latestByBreakdown: arr(
      obj({
        breakdown: obj({}, { targetGroup: str, municipality: str }),
        id: str,
        value: num,
        at: instant,
        source: nullable(str),
        note: nullable(str),
      }),
    ),
    attributionNote: { type: 'string', description: 'On context indicators only' },
  },
);

const goal = obj(
  {
    id: str,
    statement: str,
    resultLevel: oneOf(RESULT_LEVELS),
    definedAt: nullable(instant),
    verifiable: bool,
    indicators: arr(indicator),
    contextIndicators: arr(indicator),
  },
  {
    contributesTo: arr(obj({ initiativeId: str, goalId: str, note: nullable(str) })),
    targetGroups: arr(str),
  },
);

const milestoneFields = {
  id: str,
  title: str,
  description: nullable(str),
  dueAt: instant,
  status: oneOf(MILESTONE_STATUSES),
  achievedAt: nullable(instant),
  evaluation: nullable(str),
  reason: nullable(str),
  rescheduleCount: int,
  overdue: bool,
};

const measurementPlan = obj({
  frequency: oneOf(INDICATOR_FREQUENCIES),
  method: oneOf(MEASUREMENT_METHODS),
  source: str,
});

/** A benefit; one registered with a profile also carries the profile's fields and its status today. */
const benefit = obj(
  {
    id: str,
    kind: oneOf(BENEFIT_KINDS),
    description: str,
    owner: str,
    indicatorId: nullable(str),
    baseline: nullable({ anyOf: [num, datedValue] }),
    target: nullable({ anyOf: [num, datedValue] }),
    realisationDue: instant,
    realisations: arr(obj({ id: str, value: num, at: instant, note: nullable(str) })),
  },
  {
    profile: obj({
      unit: str,
      baseline: datedValue,
      target: datedValue,
      measurementPlan,
      responsible: str,
      aggregation: oneOf(BENEFIT_AGGREGATIONS),
    }),
    unplanned: { type: 'boolean', enum: [true] },
    handover: obj({ to: str, reason: str, at: instant, by: str }),
    unit: str,
    measurementPlan,
    responsible: str,
    aggregation: oneOf(BENEFIT_AGGREGATIONS),
    status: oneOf(BENEFIT_STATUSES),
    realisedValue: nullable(num),
    nextMeasurementDue: nullable(instant),
  },
);

export const FUNDING_SUMMARY = obj({
  byYear: arr(obj({ year: int, planned: int, actual: int })),
  bySource: arr(obj({ source: oneOf(FUNDING_SOURCES), planned: int, actual: int })),
  plannedTotal: int,
  actualTotal: int,
  utilisation: nullable(num),
});

const riskFields = {
  id: str,
  title: str,
  category: oneOf(RISK_CATEGORIES),
  likelihood: int,
  impact: int,
  score: int,
  owner: str,
  mitigation: str,
  status: oneOf(['open', 'closed']),
  identifiedAt: instant,
  assessments: arr(obj({ likelihood: int, impact: int, score: int, note: str, at: instant })),
  closed: nullable(obj({ reason: str, at: instant })),
};
export const risk = (extra: Record<string, Schema> = {}) => obj({ ...riskFields, ...extra }, { answeredBy: arr(str) });

export const DECISION_SUMMARY = obj(
  {
    id: str,
    kind: oneOf([...DECISION_KINDS, 'courseCorrection']),
    summary: str,
    caseRef: nullable(str),
    decidedBy: str,
    occurredAt: instant,
    followUpBy: nullable(instant),
  },
  { risks: { ...arr(str), description: 'Risks the decision answers; absent when it names none' } },
);

const costPerOutput = obj({
  goalId: str,
  indicatorId: str,
  value: nullable(num),
  unit: str,
  actualTotal: int,
  latestOutput: nullable(num),
});

export const RAG_REASON = obj({ kind: str, subjectId: str, title: str, detail: str });

const closure = obj({
  outcome: oneOf(CLOSURE_OUTCOMES),
  finalEvaluation: str,
  goalAssessments: arr(
    obj({ goalId: str, achievement: oneOf(GOAL_ACHIEVEMENTS), comment: str }, { override: obj({ reason: str }) }),
  ),
  lessons: nullable(str),
  closedAt: instant,
  caseRef: nullable(str),
  decidedBy: nullable(str),
});

/** GET /initiatives/{id} and each item of GET /initiatives: the stored view and what depends on the clock. */
export const INITIATIVE_STATUS = obj(
  {
    id: str,
    kind: oneOf(INITIATIVE_KINDS),
    title: str,
    parentId: nullable(str),
    description: nullable(str),
    ownerUnit: str,
    responsible: str,
    partners: arr(str),
    startsAt: nullable(instant),
    endsAt: nullable(instant),
    status: oneOf(INITIATIVE_STATUSES),
    version: int,
    position: { type: 'integer', description: 'Global position of the last event applied' },
    createdAt: instant,
    updatedAt: instant,
    goals: arr(goal),
    milestones: arr(obj(milestoneFields)),
    benefits: arr(benefit),
    lastDecision: nullable(ref('DecisionSummary')),
    closure: nullable(closure),
    rag: { ...oneOf(RAGS), nullable: true, description: 'null once closed: a closed initiative has an outcome' },
    outcome: nullable(oneOf(CLOSURE_OUTCOMES)),
    ragReasons: arr(ref('RagReason')),
    verifiability: obj({ goals: int, verifiable: int, share: nullable(num) }),
    nextMilestone: nullable(obj(milestoneFields)),
    overdueMilestones: arr(str),
    funding: ref('FundingSummary'),
    fundingLines: arr(
      obj({
        fundingId: str,
        year: int,
        source: oneOf(FUNDING_SOURCES),
        partner: nullable(str),
        planned: nullable(int),
        actual: nullable(int),
        reason: str,
        caseRef: nullable(str),
        recordedAt: instant,
      }),
    ),
    costPerOutput: nullable(costPerOutput),
    costPerOutputByGoal: arr(costPerOutput),
    risks: arr(risk()),
  },
  {
    targetGroups: arr(str),
    roles: mapOf({ anyOf: [str, arr(str)] }),
    openFollowUps: arr(ref('DecisionSummary')),
    stoppedBy: nullable(ref('DecisionSummary')),
    asOf: { ...nullable(instant), description: 'On a read with asOf or validAt: the recording time asked about' },
    validAt: { ...nullable(instant), description: 'On a read with asOf or validAt: the business time asked about' },
  },
);
