import { apiJson } from './client';

/** GET /scorecard and GET /scorecard/items as docs/scorecard.md describes them. */
export const MEASURES = [
  'verifiableGoals',
  'followUpsOnTime',
  'milestonesOnTime',
  'decisionsDocumented',
  'closuresEvaluated',
  'benefitsRealised',
  'freshData',
] as const;
export type Measure = (typeof MEASURES)[number];
export const GROUPINGS = ['ownerUnit', 'focusArea', 'kind'] as const;
export type Grouping = (typeof GROUPINGS)[number];
export const PERIOD_KINDS = ['tertial', 'year'] as const;
export type PeriodKind = (typeof PERIOD_KINDS)[number];

export interface MeasureFigure {
  numerator: number;
  denominator: number;
  value: number | null;
  reasons: Record<string, number>;
  medianDaysOverdue?: number | null;
  byUnit?: Array<{ unit: string; planned: number; realised: number }>;
}

export interface PeriodFigures {
  period: string;
  start: string;
  end: string;
  measures: Record<Measure, MeasureFigure>;
}

export type Trend = Record<Measure, Array<{ period: string; value: number | null }>>;

export interface ScorecardGroup {
  key: string;
  label: string;
  periods: PeriodFigures[];
  trend: Trend;
}

export interface Scorecard {
  computedAt: string;
  groupBy: Grouping;
  period: PeriodKind;
  periods: string[];
  groups: ScorecardGroup[];
  total: { periods: PeriodFigures[]; trend: Trend };
}

export interface ScorecardItem {
  type: string;
  id: string;
  initiativeId: string;
  initiativeTitle: string;
  title: string;
  counts: 'for' | 'against';
  reason: string | null;
  at: string | null;
  group: string;
  groupLabel: string;
  daysOverdue?: number;
  unit?: string | null;
  planned?: number | null;
  realised?: number | null;
}

export interface ScorecardItems {
  measure: Measure;
  period: string;
  group: string | null;
  figure: MeasureFigure;
  for: ScorecardItem[];
  against: ScorecardItem[];
}

/** A measure's term from GET /vocabulary. */
export interface MeasureTerm {
  code: Measure;
  nn: string;
  en: string;
  definition: string;
}

export const loadScorecard = (groupBy: Grouping, period: PeriodKind) =>
  apiJson<Scorecard>(`/scorecard?${new URLSearchParams({ groupBy, period })}`);

export const loadScorecardItems = (query: Record<string, string>) =>
  apiJson<ScorecardItems>(`/scorecard/items?${new URLSearchParams(query)}`);

export const loadMeasureTerms = async (): Promise<MeasureTerm[]> =>
  (await apiJson<{ scorecardMeasures?: MeasureTerm[] }>('/vocabulary')).scorecardMeasures ?? [];
