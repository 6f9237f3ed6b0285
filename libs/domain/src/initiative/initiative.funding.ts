import { Checks } from '../core/checks';
import { FUNDING_SOURCES, type FundingLine, type FundingSource, type RecordFunding } from './initiative.economy.types';
import { metaOf, type CommandContext } from './initiative.context';
import type { InitiativeEvent } from './initiative.events';
import type { InitiativeState } from './initiative.state';

const wholeKroner = (checks: Checks, field: string, value: unknown): void => {
  if (value === undefined || value === null) return;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    checks.add('InvalidAmount', field, `${field} must be whole kroner (a non-negative integer); got ${value}`);
  }
};

export function recordFunding(command: RecordFunding, _state: InitiativeState, ctx: CommandContext): InitiativeEvent[] {
  const d = command.data;
  const checks = new Checks();
  if (typeof d.year !== 'number' || !Number.isInteger(d.year) || d.year < 2000 || d.year > 2100) {
    checks.add('InvalidYear', 'year', `year must be a whole year between 2000 and 2100; got ${d.year}`);
  }
  checks.oneOf('source', d.source, FUNDING_SOURCES);
  if (d.source === 'partner') checks.required('partner', d.partner);
  else checks.notBlankIfGiven('partner', d.partner);
  wholeKroner(checks, 'planned', d.planned);
  wholeKroner(checks, 'actual', d.actual);
  if (d.planned === undefined && d.actual === undefined) {
    checks.add('Required', 'planned', 'planned or actual (whole kroner) is required');
  }
  checks.required('reason', d.reason);
  checks.throwIfAny();
  const caseRef = d.caseRef ?? ctx.caseRef ?? null;
  return [
    {
      type: 'FundingRecorded',
      data: {
        initiativeId: d.initiativeId,
        fundingId: d.fundingId,
        year: d.year,
        source: d.source,
        partner: d.partner ?? null,
        planned: d.planned ?? null,
        actual: d.actual ?? null,
        reason: d.reason,
        caseRef,
      },
      metadata: metaOf(ctx, d.reason),
    },
  ];
}

export interface FundingTotals {
  planned: number;
  actual: number;
}

/** Funding summed by year, by source and in all; `utilisation` is actual / planned (null without a plan). */
export interface FundingSummary {
  byYear: Array<{ year: number } & FundingTotals>;
  bySource: Array<{ source: FundingSource } & FundingTotals>;
  plannedTotal: number;
  actualTotal: number;
  utilisation: number | null;
}

function addTo<K extends string | number>(map: Map<K, FundingTotals>, key: K, line: FundingLine): void {
  const totals = map.get(key) ?? { planned: 0, actual: 0 };
  totals.planned += line.planned ?? 0;
  totals.actual += line.actual ?? 0;
  map.set(key, totals);
}

export function summariseFunding(lines: readonly FundingLine[]): FundingSummary {
  const byYear = new Map<number, FundingTotals>();
  const bySource = new Map<FundingSource, FundingTotals>();
  for (const line of lines) {
    addTo(byYear, line.year, line);
    addTo(bySource, line.source, line);
  }
  const plannedTotal = lines.reduce((sum, l) => sum + (l.planned ?? 0), 0);
  const actualTotal = lines.reduce((sum, l) => sum + (l.actual ?? 0), 0);
  return {
    byYear: [...byYear].sort(([a], [b]) => a - b).map(([year, t]) => ({ year, ...t })),
    bySource: FUNDING_SOURCES.filter((s) => bySource.has(s)).map((source) => ({ source, ...bySource.get(source)! })),
    plannedTotal,
    actualTotal,
    utilisation: plannedTotal > 0 ? Math.round((actualTotal / plannedTotal) * 10000) / 10000 : null,
  };
}

/** Kroner spent per unit of output: the actual total over the latest value of the output indicator. */
export function costPerOutput(actualTotal: number, latestOutput: number | null): number | null {
  if (latestOutput === null || latestOutput <= 0) return null;
  return Math.round((actualTotal / latestOutput) * 100) / 100;
}
