import {
  AGGREGATIONS,
  BENEFIT_KINDS,
  CLOSURE_OUTCOMES,
  INDICATOR_DIRECTIONS,
  INITIATIVE_KINDS,
  INITIATIVE_STATUSES,
  RESULT_LEVELS,
} from '@followup/domain';
import { INDICATOR_STATUSES, RAGS, risk } from './initiative-status.schema';
import { arr, instant, int, nullable, num, obj, oneOf, ref, sliceFields, str, type Schema } from './schema-kit';

/** A count for each value of an enumeration, every value present. */
const countsOf = (values: readonly string[]): Schema => obj(Object.fromEntries(values.map((value) => [value, int])));

const milestoneRef = obj({ initiativeId: str, initiativeTitle: str, milestoneId: str, title: str, dueAt: instant });
const benefitCounts = { planned: int, realised: int, overdue: int };

const aggregate = obj(
  {
    unit: str,
    aggregation: oneOf(AGGREGATIONS.filter((a) => a !== 'none')),
    indicatorCount: int,
    baseline: num,
    latest: nullable(num),
    measuredCount: int,
    target: num,
    targetAt: obj({ from: instant, to: instant }),
    directions: arr(oneOf(INDICATOR_DIRECTIONS)),
    initiatives: arr(str),
    indicators: arr(
      obj({
        indicatorId: str,
        initiativeId: str,
        name: str,
        unit: str,
        direction: oneOf(INDICATOR_DIRECTIONS),
        baseline: num,
        latest: nullable(num),
        target: num,
        targetAt: instant,
        status: oneOf(INDICATOR_STATUSES),
      }),
    ),
  },
  { name: str },
);

/** The counts of a set of initiatives, as a rollup and the portfolio totals give them. */
const summaryFields = {
  initiatives: int,
  byStatus: countsOf(INITIATIVE_STATUSES),
  byRag: countsOf(RAGS),
  byOutcome: countsOf(CLOSURE_OUTCOMES),
  verifiability: obj({ goals: int, verifiable: int, share: nullable(num), byResultLevel: countsOf(RESULT_LEVELS) }),
  byKind: countsOf(INITIATIVE_KINDS),
  milestones: obj({
    overdue: arr(milestoneRef),
    dueIn30Days: arr(milestoneRef),
    planned: int,
    achieved: int,
    missed: int,
    cancelled: int,
  }),
  indicators: obj({ total: int, byStatus: countsOf(INDICATOR_STATUSES) }),
  benefits: obj({
    ...benefitCounts,
    byKind: obj(Object.fromEntries(BENEFIT_KINDS.map((k) => [k, obj(benefitCounts)]))),
  }),
  aggregates: arr(aggregate),
  notAggregated: arr(
    obj({ indicatorId: str, initiativeId: str, name: str, unit: str, aggregation: oneOf(AGGREGATIONS), reason: str }),
  ),
  benefitValues: arr(obj({ unit: str, benefits: int, planned: num, realised: num })),
  funding: ref('FundingSummary'),
  topRisks: arr(risk({ initiativeId: str, initiativeTitle: str })),
};

const contributionSummary = obj({ total: int, byStatus: countsOf(INDICATOR_STATUSES), progress: nullable(num) });

const goalRollup = obj({
  goalId: str,
  statement: str,
  resultLevel: oneOf(RESULT_LEVELS),
  status: oneOf(INDICATOR_STATUSES),
  progress: nullable(num),
  contributions: contributionSummary,
});

/** GET /initiatives/{id}/rollup; `goals` on the current rollup, `asOf` and `validAt` on a sliced one. */
export const ROLLUP = obj(
  {
    computedAt: instant,
    root: obj({
      id: str,
      kind: oneOf(INITIATIVE_KINDS),
      title: str,
      status: oneOf(INITIATIVE_STATUSES),
      rag: nullable(oneOf(RAGS)),
      subtreeRag: oneOf(RAGS),
      worstChild: nullable(obj({ id: str, title: str, rag: oneOf(RAGS) })),
      ragReasons: arr(ref('RagReason')),
    }),
    ...summaryFields,
  },
  { goals: arr(goalRollup), ...sliceFields },
);

export const PORTFOLIO = obj({
  computedAt: instant,
  focusAreas: arr(ref('Rollup')),
  totals: obj({ focusAreas: int, subtreeRag: oneOf(RAGS), ...summaryFields }),
});

export const GOAL_CONTRIBUTIONS = obj({
  initiativeId: str,
  goalId: str,
  statement: str,
  status: oneOf(INDICATOR_STATUSES),
  progress: nullable(num),
  contributions: arr(
    obj({
      initiative: obj({
        id: str,
        kind: oneOf(INITIATIVE_KINDS),
        title: str,
        status: oneOf(INITIATIVE_STATUSES),
      }),
      goalId: str,
      statement: str,
      resultLevel: oneOf(RESULT_LEVELS),
      note: nullable(str),
      status: oneOf(INDICATOR_STATUSES),
      progress: nullable(num),
    }),
  ),
  summary: contributionSummary,
});

const cause = obj({
  eventType: str,
  decisionId: nullable(str),
  caseRef: nullable(str),
  reason: nullable(str),
  occurredAt: instant,
  recordedAt: instant,
});
/** One change; its other fields depend on the list (added goals, changed targets, rescheduled milestones...). */
const change: Schema = {
  type: 'object',
  required: ['cause'],
  properties: { cause: nullable(cause) },
  additionalProperties: true,
};
const changes = (...lists: string[]) => obj(Object.fromEntries(lists.map((list) => [list, arr(change)])));
const sinceDecision = obj({
  id: str,
  kind: str,
  summary: str,
  caseRef: nullable(str),
  decidedBy: str,
  occurredAt: instant,
  recordedAt: instant,
});

export const DEVIATIONS = obj({
  initiativeId: str,
  since: obj({
    input: str,
    kind: oneOf(['time', 'decision']),
    at: instant,
    version: int,
    decision: nullable(sinceDecision),
  }),
  current: obj({ version: int, updatedAt: instant }),
  existedAtSince: { type: 'boolean' },
  changeCount: int,
  goals: changes('added', 'revised'),
  indicators: changes('added', 'targetsChanged'),
  milestones: changes('added', 'rescheduled', 'achieved', 'missed', 'cancelled'),
  decisions: arr(sinceDecision),
});
