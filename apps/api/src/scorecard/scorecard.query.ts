import { SCORECARD_MEASURES, type ScorecardMeasure } from '@followup/domain';
import {
  SCORECARD_GROUPINGS,
  SCORECARD_PERIOD_KINDS,
  type ScorecardGrouping,
  type ScorecardPeriodKind,
} from '@followup/read-model';
import { DateTimeField, EnumField, IdField, TextField } from '@followup/runtime';

export const SCORECARD_FORMATS = ['json', 'csv', 'xlsx'] as const;
export type ScorecardFormat = (typeof SCORECARD_FORMATS)[number];

/** What every scorecard read is about: which part of the plan, grouped how. */
class ScorecardScope {
  @IdField({ optional: true, description: 'Only this initiative and its descendants (default: the whole plan)' })
  rootInitiativeId?: string;

  @EnumField(SCORECARD_GROUPINGS, { optional: true, description: 'How initiatives are grouped (default ownerUnit)' })
  groupBy?: ScorecardGrouping;
}

export class ScorecardQuery extends ScorecardScope {
  @EnumField(SCORECARD_PERIOD_KINDS, { optional: true, description: 'tertial (default) or year' })
  period?: ScorecardPeriodKind;

  @DateTimeField({ optional: true, description: 'First period: the one containing this time (default: 5 before `to`)' })
  from?: string;

  @DateTimeField({ optional: true, description: 'Last period: the one containing this time (default: now)' })
  to?: string;

  @EnumField(SCORECARD_FORMATS, { optional: true, description: 'json (default), csv or xlsx' })
  format?: ScorecardFormat;
}

export class ScorecardItemsQuery extends ScorecardScope {
  @EnumField(SCORECARD_MEASURES, { description: 'The measure whose figure to explain' })
  measure!: ScorecardMeasure;

  @TextField(16, { description: 'The period, such as 2026-T2 (a tertial) or 2026 (a year)' })
  period!: string;

  @TextField(200, { optional: true, description: 'The group key as GET /scorecard gives it (default: every group)' })
  group?: string;
}
