import type { StoredEvent } from '@followup/event-store';
import { foldBusinessTimeSlice } from '../initiative/initiative-view.projection';
import type { InitiativeView } from '../initiative/initiative-view';
import { shareOf } from '../initiative/status-rules';
import { eventsInSlice } from '../time/time-slice';
import { SCORECARD_MEASURES, type ScorecardMeasure } from '@followup/domain';
import { scorecardItemsOf, type ScorecardItem } from './scorecard-items';
import type { ScorecardPeriod } from './scorecard-periods';

export const SCORECARD_GROUPINGS = ['ownerUnit', 'focusArea', 'kind'] as const;
export type ScorecardGrouping = (typeof SCORECARD_GROUPINGS)[number];

/** How many periods a measure's trend shows. */
export const SCORECARD_TREND_LENGTH = 6;

/** One initiative's full stream, and the focus area above it in the plan as it is now (null when none). */
export interface ScorecardStream {
  events: readonly StoredEvent[];
  focusArea: { id: string; title: string } | null;
}

export interface MeasureFigure {
  numerator: number;
  /** How many items the measure judged; value is null when there were none. */
  denominator: number;
  value: number | null;
  /** Items counting against, by reason. */
  reasons: Record<string, number>;
  /** followUpsOnTime: the median of whole days overdue of the items not resolved on time; null when none. */
  medianDaysOverdue?: number | null;
  /** benefitsRealised: realised against planned value, per unit. */
  byUnit?: Array<{ unit: string; planned: number; realised: number }>;
}

export type ScorecardFigures = Record<ScorecardMeasure, MeasureFigure>;

export interface ScorecardPeriodFigures {
  period: string;
  start: string;
  end: string;
  measures: ScorecardFigures;
}

export type ScorecardTrend = Record<ScorecardMeasure, Array<{ period: string; value: number | null }>>;

export interface ScorecardGroup {
  key: string;
  label: string;
  periods: ScorecardPeriodFigures[];
  trend: ScorecardTrend;
}

/** The items of one period, each with the group of the initiative behind it. */
export interface GroupedItems {
  period: ScorecardPeriod;
  items: Array<ScorecardItem & { group: string; groupLabel: string }>;
  /** Every group with an initiative that existed at the period's end, key to label (with or without items). */
  groups: Map<string, string>;
}

const UNGROUPED = 'none';

function groupOf(view: InitiativeView, stream: ScorecardStream, groupBy: ScorecardGrouping) {
  if (groupBy === 'ownerUnit') return { group: view.ownerUnit, groupLabel: view.ownerUnit };
  if (groupBy === 'kind') return { group: view.kind, groupLabel: view.kind };
  return stream.focusArea
    ? { group: stream.focusArea.id, groupLabel: stream.focusArea.title }
    : { group: UNGROUPED, groupLabel: 'No focus area' };
}

/**
 * Every item behind every measure in each period, the record replayed to the period's end by business time
 * (`validAt`), so a period's figures stay as they were when later periods are recorded.
 */
export function scorecardItems(
  streams: readonly ScorecardStream[],
  groupBy: ScorecardGrouping,
  periods: readonly ScorecardPeriod[],
  now: Date,
): GroupedItems[] {
  return periods.map((period) => {
    const end = Date.parse(period.end);
    const moment = new Date(Math.min(end, now.getTime()));
    const groups = new Map<string, string>();
    const items = streams.flatMap((stream) => {
      const events = eventsInSlice(stream.events, { asOf: null, validAt: period.end });
      const view = foldBusinessTimeSlice(events);
      if (!view) return [];
      const group = groupOf(view, stream, groupBy);
      groups.set(group.group, group.groupLabel);
      return scorecardItemsOf({ view, events, start: Date.parse(period.start), end, moment }).map((item) => ({
        ...item,
        ...group,
      }));
    });
    return { period, items, groups };
  });
}

function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

function byUnit(items: readonly ScorecardItem[]): MeasureFigure['byUnit'] {
  const units = new Map<string, { unit: string; planned: number; realised: number }>();
  for (const item of items) {
    if (item.planned === null || item.planned === undefined) continue;
    const unit = item.unit ?? 'unspecified';
    const entry = units.get(unit) ?? { unit, planned: 0, realised: 0 };
    entry.planned += item.planned;
    entry.realised += item.realised ?? 0;
    units.set(unit, entry);
  }
  return [...units.values()].sort((a, b) => a.unit.localeCompare(b.unit));
}

/** The figure of one measure from the items behind it. */
export function figureOf(measure: ScorecardMeasure, items: readonly ScorecardItem[]): MeasureFigure {
  const mine = items.filter((item) => item.measure === measure);
  const against = mine.filter((item) => item.counts === 'against');
  const reasons: Record<string, number> = {};
  for (const item of against) reasons[item.reason!] = (reasons[item.reason!] ?? 0) + 1;
  const numerator = mine.length - against.length;
  const figure: MeasureFigure = {
    numerator,
    denominator: mine.length,
    value: shareOf(numerator, mine.length),
    reasons,
  };
  if (measure === 'followUpsOnTime') figure.medianDaysOverdue = median(against.map((item) => item.daysOverdue ?? 0));
  if (measure === 'benefitsRealised') figure.byUnit = byUnit(mine);
  return figure;
}

export function figuresOf(items: readonly ScorecardItem[]): ScorecardFigures {
  return Object.fromEntries(SCORECARD_MEASURES.map((m) => [m, figureOf(m, items)])) as ScorecardFigures;
}

function trendOf(periods: readonly ScorecardPeriodFigures[]): ScorecardTrend {
  const last = periods.slice(-SCORECARD_TREND_LENGTH);
  return Object.fromEntries(
    SCORECARD_MEASURES.map((m) => [m, last.map((p) => ({ period: p.period, value: p.measures[m].value }))]),
  ) as ScorecardTrend;
}

export interface Scorecard {
  groups: ScorecardGroup[];
  /** Every group together. */
  total: Omit<ScorecardGroup, 'key' | 'label'>;
}

/**
 * The scorecard from each period's items: per group and for all together, the figures of the periods asked for
 * (`shown`, labels) and the trend over the last six periods computed.
 */
export function scorecardOf(byPeriod: readonly GroupedItems[], shown: ReadonlySet<string>): Scorecard {
  const labels = new Map<string, string>();
  for (const { groups } of byPeriod) for (const [key, label] of groups) labels.set(key, label);
  const figuresFor = (keep: (item: GroupedItems['items'][number]) => boolean) =>
    byPeriod.map(({ period, items }) => ({
      period: period.label,
      start: period.start,
      end: period.end,
      measures: figuresOf(items.filter(keep)),
    }));
  const present = (all: ScorecardPeriodFigures[]) => ({
    periods: all.filter((p) => shown.has(p.period)),
    trend: trendOf(all),
  });
  const groups = [...labels.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, label]) => ({ key, label, ...present(figuresFor((item) => item.group === key)) }));
  return { groups, total: present(figuresFor(() => true)) };
}
