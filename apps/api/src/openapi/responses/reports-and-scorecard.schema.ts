import { SCORECARD_MEASURES } from '@followup/domain';
import { SCORECARD_GROUPINGS, SCORECARD_PERIOD_KINDS, type ScorecardItemType } from '@followup/read-model';
import { XLSX_CONTENT_TYPE as XLSX } from '../../reports/report-formats';
import { FUNDING_SUMMARY, RAGS } from './initiative-status.schema';
import { actor, arr, bool, instant, int, mapOf, nullable, num, obj, oneOf, ref, str, type Schema } from './schema-kit';

const file = (description: string): Schema => ({ type: 'string', format: 'binary', description });
const text = (description: string): Schema => ({ type: 'string', description });

/* ---- GET /scorecard and /scorecard/items ---- */

const byUnit = arr(obj({ unit: str, planned: num, realised: num }));
const figureFields = {
  numerator: int,
  denominator: { type: 'integer', description: 'How many items the measure judged' },
  value: { ...nullable(num), description: 'numerator / denominator; null when nothing was judged' },
  reasons: { ...mapOf(int), description: 'Items counting against, by reason' },
};
/** The figure of one measure; followUpsOnTime adds medianDaysOverdue, benefitsRealised adds byUnit. */
const FIGURE = obj(figureFields, {
  medianDaysOverdue: { ...nullable(num), description: 'followUpsOnTime only; null when none was late' },
  byUnit: { ...byUnit, description: 'benefitsRealised only: realised against planned value, per unit' },
});
const figureOf = (measure: string): Schema => {
  if (measure === 'followUpsOnTime') return obj({ ...figureFields, medianDaysOverdue: nullable(num) });
  if (measure === 'benefitsRealised') return obj({ ...figureFields, byUnit });
  return obj(figureFields);
};
const perMeasure = (schema: (measure: string) => Schema): Schema =>
  obj(Object.fromEntries(SCORECARD_MEASURES.map((measure) => [measure, schema(measure)])));

const periodFigures = obj({ period: str, start: instant, end: instant, measures: perMeasure(figureOf) });
const trend = perMeasure(() => arr(obj({ period: str, value: nullable(num) })));

export const SCORECARD = obj({
  computedAt: instant,
  groupBy: oneOf(SCORECARD_GROUPINGS),
  period: oneOf(SCORECARD_PERIOD_KINDS),
  from: { ...instant, description: 'Start of the first period shown' },
  to: { ...instant, description: 'End of the last period shown' },
  rootInitiativeId: nullable(str),
  periods: arr({ type: 'string', description: 'Period labels, such as 2026-T2 or 2026' }),
  measures: arr(oneOf(SCORECARD_MEASURES)),
  groups: arr(obj({ key: str, label: str, periods: arr(periodFigures), trend })),
  total: obj({ periods: arr(periodFigures), trend }),
});

const ITEM_TYPES = [
  'goal',
  'followUp',
  'milestone',
  'decision',
  'closure',
  'benefit',
  'indicator',
] as const satisfies readonly ScorecardItemType[];

const scorecardItem = obj(
  {
    measure: oneOf(SCORECARD_MEASURES),
    type: oneOf(ITEM_TYPES),
    id: str,
    initiativeId: str,
    initiativeTitle: str,
    title: str,
    counts: oneOf(['for', 'against']),
    reason: { ...nullable(str), description: 'Why it counts against; null when it counts for' },
    at: { ...nullable(instant), description: 'When it was due, decided or closed (business time)' },
    group: str,
    groupLabel: str,
  },
  {
    daysOverdue: { type: 'integer', description: 'Follow-ups: whole days past due' },
    unit: nullable(str),
    planned: nullable(num),
    realised: nullable(num),
  },
);

export const SCORECARD_ITEMS = obj({
  measure: oneOf(SCORECARD_MEASURES),
  period: str,
  start: instant,
  end: instant,
  groupBy: oneOf(SCORECARD_GROUPINGS),
  group: nullable(str),
  figure: FIGURE,
  for: arr(scorecardItem),
  against: arr(scorecardItem),
});

/** GET /scorecard: JSON, or with ?format= a CSV or a workbook. */
export const SCORECARD_ANSWERS: Record<string, Schema> = {
  'application/json': SCORECARD,
  'text/csv': text('?format=csv: a row per group (the whole plan first, as `all`), period and measure'),
  [XLSX]: file('?format=xlsx: a workbook'),
};

/* ---- /reports ---- */

const reportPeriod = obj({ from: instant, to: instant, label: str });

export const REPORT_SUMMARY = obj({
  id: str,
  rootInitiativeId: str,
  period: reportPeriod,
  compiledAt: instant,
  compiledBy: str,
  approved: bool,
  approvedBy: nullable(str),
  approvedAt: nullable(instant),
});

const rag = nullable(oneOf(RAGS));
const where = { initiativeId: str, initiativeTitle: str };

const indicatorRow = obj({
  ...where,
  goalId: str,
  indicatorId: str,
  name: str,
  unit: str,
  direction: str,
  baseline: num,
  targetAt: instant,
  target: num,
  actual: { ...nullable(num), description: 'The latest measurement before the end of the period' },
  actualAt: nullable(instant),
  met: { ...nullable(bool), description: 'null without an actual' },
  status: str,
});

const milestoneRow = obj({
  ...where,
  milestoneId: str,
  title: str,
  dueAt: instant,
  status: str,
  achievedAt: nullable(instant),
  overdue: bool,
});

const decisionRow = obj({
  ...where,
  decisionId: str,
  kind: str,
  summary: str,
  caseRef: nullable(str),
  decidedBy: str,
  occurredAt: instant,
  risks: arr(str),
});

const benefitRow = obj({
  ...where,
  benefitId: str,
  kind: str,
  description: str,
  owner: str,
  unit: nullable(str),
  baseline: nullable(num),
  target: nullable(num),
  realisationDue: instant,
  realisedValue: nullable(num),
  status: nullable(str),
  realisationsInPeriod: int,
});

const riskRow = obj({
  ...where,
  riskId: str,
  title: str,
  category: str,
  likelihood: int,
  impact: int,
  score: int,
  owner: str,
  mitigation: str,
});

/** A period report as JSON: the content frozen when compiled, with its commentary and sign-off. */
export const REPORT = obj({
  id: str,
  rootInitiativeId: str,
  title: str,
  period: reportPeriod,
  version: int,
  compiledAt: instant,
  compiledBy: actor,
  approved: bool,
  approvedBy: nullable(str),
  approvedAt: nullable(instant),
  commentary: { ...mapOf(str), description: 'Commentary per initiative id' },
  root: obj({ id: str, kind: str, title: str, status: str, rag, subtreeRag: oneOf(RAGS) }),
  ragReasons: arr(ref('RagReason')),
  initiatives: arr(
    obj({
      initiativeId: str,
      parentId: nullable(str),
      kind: str,
      title: str,
      status: str,
      rag,
      ragReasons: arr(ref('RagReason')),
      commentary: nullable(str),
    }),
  ),
  indicators: arr(indicatorRow),
  milestones: arr(milestoneRow),
  decisions: arr(decisionRow),
  funding: obj({ ...(FUNDING_SUMMARY['properties'] as Record<string, Schema>), years: arr(int) }),
  benefits: arr(benefitRow),
  topRisks: arr(riskRow),
});

/** GET /reports/{id}: JSON, or with ?format= a CSV, a workbook or a printable page. */
export const REPORT_ANSWERS: Record<string, Schema> = {
  'application/json': ref('Report'),
  'text/csv': text('?format=csv: the report as CSV, a section per part'),
  [XLSX]: file('?format=xlsx: a workbook, a sheet per part'),
  'text/html': text('?format=html: a printable page'),
};
