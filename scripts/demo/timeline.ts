/** Dates and values of the demo, relative to the first day of the current month (so a rerun that month matches). */
import type { IndicatorSpec } from './portfolio';

export class Timeline {
  private readonly year: number;
  private readonly month: number;

  constructor(today: Date) {
    this.year = today.getUTCFullYear();
    this.month = today.getUTCMonth();
  }

  /** The given day of the month `months` from the current one (negative: back in time). */
  at(months: number, day = 1): string {
    return new Date(Date.UTC(this.year, this.month + months, day)).toISOString();
  }

  yearOf(months: number): number {
    return new Date(Date.UTC(this.year, this.month + months, 1)).getUTCFullYear();
  }
}

/** A straight path through (month, value) points; before the first and after the last it stays flat. */
export function along(points: readonly (readonly [number, number])[], month: number): number {
  const [first] = points;
  if (!first || month <= first[0]) return first?.[1] ?? 0;
  for (let i = 1; i < points.length; i++) {
    const [m0, v0] = points[i - 1]!;
    const [m1, v1] = points[i]!;
    if (month <= m1) return v0 + ((v1 - v0) * (month - m0)) / (m1 - m0);
  }
  return points[points.length - 1]![1];
}

export const round = (value: number): number => Math.round(value * 10) / 10;

/** The value `share` of the way from the baseline to the target. */
export const part = (indicator: IndicatorSpec, share: number): number =>
  round(indicator.baseline + (indicator.target - indicator.baseline) * share);

/** Case numbers in the archive's form (2024/1234), numbered in the order the loader writes them. */
export class CaseNumbers {
  private next = 1201;

  take(year: number): string {
    return `${year}/${this.next++}`;
  }
}

export const RESPONSIBLE = [
  'Kari Nordbø',
  'Per Oddvar Lie',
  'Marte Fjeldstad',
  'Håkon Vik',
  'Sigrid Aasen',
  'Eirik Myklebust',
  'Guro Teigen',
  'Lars Hovland',
];

export const STEERING_GROUP = 'Styringsgruppa';
