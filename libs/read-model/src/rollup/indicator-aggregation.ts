import type { Aggregation, DatedValue, IndicatorDirection } from '@followup/domain';
import type { IndicatorStatus } from '../initiative/initiative-status';
import type { IndicatorView } from '../initiative/initiative-view';

/**
 * Adding indicators up across the plan hierarchy (IATI's `aggregation-status`, ActivityInfo's
 * sum/average per indicator). The rules, in order:
 *
 * 1. An indicator whose `aggregation` is `none` is never aggregated ("aggregation is none").
 * 2. The others are grouped by unit and aggregation. Units match after trimming and ignoring
 *    case (`NOK` and `nok` are one unit); anything else (`NOK` and `kNOK`, `percent` and `%`)
 *    is a different unit, because no conversion is known. A `sum` group and a `mean` group of
 *    the same unit never mix.
 * 3. A group needs at least two indicators: a single one is reported as not aggregated
 *    ("only indicator with unit X aggregated by sum"), naming any indicators of the same unit
 *    kept apart by their other aggregation.
 * 4. Within a group: `sum` adds the values, `mean` takes their unweighted arithmetic mean.
 *    - baseline: of the members' baselines;
 *    - latest: of each member's latest measurement, or its baseline while it has none yet
 *      (no progress recorded), so that baseline, latest and target stay comparable; `null`
 *      when no member has been measured. `measuredCount` says how many were.
 *    - target: of each member's next target (the first due at or after now), or its last
 *      target when all have passed; `targetAt` spans the dates of the targets used.
 *    Direction is not part of the key (a sum of tonnes is a sum of tonnes); the directions
 *    met are listed. Values are rounded to 6 decimals.
 * Indicators of every initiative in the subtree count, closed ones included (their
 * measurements stay true).
 */
export interface AggregationInput {
  readonly initiativeId: string;
  readonly initiativeTitle: string;
  readonly indicator: IndicatorView;
  readonly status: IndicatorStatus;
}

export interface AggregateMember {
  indicatorId: string;
  initiativeId: string;
  name: string;
  unit: string;
  direction: IndicatorDirection;
  baseline: number;
  latest: number | null;
  target: number;
  targetAt: string;
  status: IndicatorStatus;
}

export interface IndicatorAggregate {
  /** Present when every member has the same name. */
  name?: string;
  unit: string;
  aggregation: Exclude<Aggregation, 'none'>;
  indicatorCount: number;
  baseline: number;
  latest: number | null;
  measuredCount: number;
  target: number;
  targetAt: { from: string; to: string };
  directions: IndicatorDirection[];
  /** Ids of the initiatives the members belong to, in subtree order. */
  initiatives: string[];
  indicators: AggregateMember[];
}

export interface NotAggregated {
  indicatorId: string;
  initiativeId: string;
  name: string;
  unit: string;
  aggregation: Aggregation;
  reason: string;
}

export interface AggregationResult {
  aggregates: IndicatorAggregate[];
  notAggregated: NotAggregated[];
}

const unitKey = (unit: string) => unit.trim().toLowerCase();
const round = (value: number) => Math.round(value * 1e6) / 1e6;
const ms = (iso: string) => Date.parse(iso);

/** The next target at or after `now`, else the last one. */
export function currentTarget(targets: readonly DatedValue[], now: Date): DatedValue {
  const sorted = [...targets].sort((a, b) => ms(a.at) - ms(b.at));
  return sorted.find((t) => ms(t.at) >= now.getTime()) ?? sorted[sorted.length - 1]!;
}

function combine(values: readonly number[], aggregation: 'sum' | 'mean'): number {
  const sum = values.reduce((a, b) => a + b, 0);
  return round(aggregation === 'sum' ? sum : sum / values.length);
}

export function aggregateIndicators(inputs: readonly AggregationInput[], now: Date): AggregationResult {
  const notAggregated: NotAggregated[] = [];
  const groups = new Map<string, AggregationInput[]>();
  const aggregationsByUnit = new Map<string, Map<Aggregation, number>>();

  for (const input of inputs) {
    const { indicator } = input;
    const perUnit = aggregationsByUnit.get(unitKey(indicator.unit)) ?? new Map<Aggregation, number>();
    perUnit.set(indicator.aggregation, (perUnit.get(indicator.aggregation) ?? 0) + 1);
    aggregationsByUnit.set(unitKey(indicator.unit), perUnit);
    if (indicator.aggregation === 'none') continue;
    const key = `${unitKey(indicator.unit)}\u0000${indicator.aggregation}`;
    groups.set(key, [...(groups.get(key) ?? []), input]);
  }

  const singletons = new Set<AggregationInput>();
  const aggregates: IndicatorAggregate[] = [];
  for (const members of groups.values()) {
    if (members.length < 2) {
      singletons.add(members[0]!);
      continue;
    }
    aggregates.push(aggregateGroup(members, now));
  }

  for (const input of inputs) {
    const { indicator } = input;
    let reason: string | null = null;
    if (indicator.aggregation === 'none') {
      reason = 'aggregation is none';
    } else if (singletons.has(input)) {
      reason = `only indicator with unit "${indicator.unit.trim()}" aggregated by ${indicator.aggregation}`;
      const others = [...(aggregationsByUnit.get(unitKey(indicator.unit)) ?? new Map<Aggregation, number>())]
        .filter(([aggregation]) => aggregation !== indicator.aggregation)
        .map(([aggregation, count]) => `${count} with aggregation ${aggregation}`);
      if (others.length > 0) reason += ` (same unit, never mixed: ${others.join(', ')})`;
    }
    if (reason) {
      notAggregated.push({
        indicatorId: indicator.id,
        initiativeId: input.initiativeId,
        name: indicator.name,
        unit: indicator.unit,
        aggregation: indicator.aggregation,
        reason,
      });
    }
  }

  aggregates.sort(
    (a, b) => unitKey(a.unit).localeCompare(unitKey(b.unit)) || a.aggregation.localeCompare(b.aggregation),
  );
  return { aggregates, notAggregated };
}

function aggregateGroup(members: readonly AggregationInput[], now: Date): IndicatorAggregate {
  const first = members[0]!.indicator;
  const aggregation = first.aggregation as 'sum' | 'mean';
  const rows: AggregateMember[] = members.map(({ indicator, initiativeId, status }) => {
    const target = currentTarget(indicator.targets, now);
    return {
      indicatorId: indicator.id,
      initiativeId,
      name: indicator.name,
      unit: indicator.unit,
      direction: indicator.direction,
      baseline: indicator.baseline.value,
      latest: indicator.latest?.value ?? null,
      target: target.value,
      targetAt: target.at,
      status,
    };
  });
  const measuredCount = rows.filter((r) => r.latest !== null).length;
  const targetTimes = rows.map((r) => r.targetAt).sort((a, b) => ms(a) - ms(b));
  const names = new Set(rows.map((r) => r.name.trim().toLowerCase()));
  return {
    ...(names.size === 1 ? { name: first.name.trim() } : {}),
    unit: first.unit.trim(),
    aggregation,
    indicatorCount: rows.length,
    baseline: combine(
      rows.map((r) => r.baseline),
      aggregation,
    ),
    latest:
      measuredCount === 0
        ? null
        : combine(
            rows.map((r) => r.latest ?? r.baseline),
            aggregation,
          ),
    measuredCount,
    target: combine(
      rows.map((r) => r.target),
      aggregation,
    ),
    targetAt: { from: targetTimes[0]!, to: targetTimes[targetTimes.length - 1]! },
    directions: [...new Set(rows.map((r) => r.direction))],
    initiatives: [...new Set(rows.map((r) => r.initiativeId))],
    indicators: rows,
  };
}
