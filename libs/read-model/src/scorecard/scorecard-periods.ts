/** The periods a scorecard reports by: tertials (January-April, May-August, September-December) or years, in UTC. */
export const SCORECARD_PERIOD_KINDS = ['tertial', 'year'] as const;
export type ScorecardPeriodKind = (typeof SCORECARD_PERIOD_KINDS)[number];

export interface ScorecardPeriod {
  /** `2026-T2` for a tertial, `2026` for a year. */
  readonly label: string;
  readonly kind: ScorecardPeriodKind;
  /** First instant of the period. */
  readonly start: string;
  /** Last instant of the period (one millisecond before the next begins): the business time it is judged at. */
  readonly end: string;
}

const MONTHS_PER: Record<ScorecardPeriodKind, number> = { tertial: 4, year: 12 };

function periodStartingAt(kind: ScorecardPeriodKind, year: number, month: number): ScorecardPeriod {
  const start = Date.UTC(year, month, 1);
  const next = Date.UTC(year, month + MONTHS_PER[kind], 1);
  const label = kind === 'year' ? String(year) : `${year}-T${month / 4 + 1}`;
  return { label, kind, start: new Date(start).toISOString(), end: new Date(next - 1).toISOString() };
}

/** The period of the given kind that contains the instant. */
export function periodContaining(kind: ScorecardPeriodKind, at: Date): ScorecardPeriod {
  const year = at.getUTCFullYear();
  const month = kind === 'year' ? 0 : Math.floor(at.getUTCMonth() / 4) * 4;
  return periodStartingAt(kind, year, month);
}

/** The period `steps` periods after (negative: before) the given one. */
export function periodShiftedBy(period: ScorecardPeriod, steps: number): ScorecardPeriod {
  const start = new Date(period.start);
  const months = start.getUTCFullYear() * 12 + start.getUTCMonth() + steps * MONTHS_PER[period.kind];
  return periodStartingAt(period.kind, Math.floor(months / 12), months % 12);
}

/** Every period of the kind that overlaps [from, to], oldest first. */
export function periodsBetween(kind: ScorecardPeriodKind, from: Date, to: Date): ScorecardPeriod[] {
  const periods: ScorecardPeriod[] = [];
  for (let p = periodContaining(kind, from); Date.parse(p.start) <= to.getTime(); p = periodShiftedBy(p, 1)) {
    periods.push(p);
  }
  return periods;
}

/** `2026` or `2026-T1`..`2026-T3`; null for anything else. */
export function parsePeriodLabel(label: string): ScorecardPeriod | null {
  const match = /^(\d{4})(?:-T([1-3]))?$/.exec(label);
  if (!match) return null;
  const year = Number(match[1]);
  return match[2] === undefined
    ? periodStartingAt('year', year, 0)
    : periodStartingAt('tertial', year, (Number(match[2]) - 1) * 4);
}
