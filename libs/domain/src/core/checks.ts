import { DomainError, type DomainErrorDetail } from './errors';
import { COUNTY_TIME_ZONE, countyDay, isCalendarDate, parseInstant } from './time';

export interface CheckIssue extends DomainErrorDetail {
  readonly code: string;
}

export const isBlank = (value: unknown): boolean => typeof value !== 'string' || value.trim().length === 0;

/**
 * Collects every rule a request breaks, so one refusal lists all offending fields.
 * The error carries the code of the first problem found; each problem becomes one detail.
 */
export class Checks {
  private readonly issues: CheckIssue[] = [];

  get ok(): boolean {
    return this.issues.length === 0;
  }

  add(code: string, field: string, message: string): this {
    this.issues.push({ code, field, message });
    return this;
  }

  /** A non-blank string. */
  required(field: string, value: unknown, code = 'Required'): boolean {
    if (!isBlank(value)) return true;
    this.add(code, field, `${field} is required and must not be blank`);
    return false;
  }

  /** Optional string: when present it must not be blank. */
  notBlankIfGiven(field: string, value: unknown): boolean {
    if (value === undefined || value === null) return true;
    return this.required(field, value);
  }

  oneOf<T extends string>(field: string, value: unknown, allowed: readonly T[]): value is T {
    if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return true;
    this.add('InvalidValue', field, `${field} must be one of ${allowed.join(', ')} (got ${JSON.stringify(value)})`);
    return false;
  }

  finiteNumber(field: string, value: unknown): value is number {
    if (typeof value === 'number' && Number.isFinite(value)) return true;
    this.add('InvalidNumber', field, `${field} must be a finite number (got ${JSON.stringify(value)})`);
    return false;
  }

  /** An ISO 8601 time; returns epoch milliseconds or undefined (and records the problem). */
  instant(field: string, value: unknown): number | undefined {
    if (value === undefined || value === null || value === '') {
      this.add('Required', field, `${field} is required`);
      return undefined;
    }
    const ms = parseInstant(value);
    if (ms === undefined) {
      this.add(
        'InvalidDate',
        field,
        `${field} must be an ISO 8601 date (2025-06-30) or date-time with offset (2025-06-30T12:00:00Z); got ${JSON.stringify(value)}`,
      );
    }
    return ms;
  }

  /**
   * A time that has already happened, judged against the command's `now`. A calendar date names a
   * day of the county's calendar: today there has happened even while it is still yesterday in UTC
   * (from midnight in Oslo until midnight UTC), so it is compared with the county's date, not with
   * its own midnight UTC.
   */
  notInFuture(field: string, value: string, ms: number | undefined, now: string, nowMs: number): void {
    if (ms === undefined) return;
    if (isCalendarDate(value)) {
      const today = countyDay(nowMs);
      if (value > today) {
        this.add(
          'OccurredInFuture',
          field,
          `${field} ${value} is in the future (today is ${today} in ${COUNTY_TIME_ZONE}); record things that have happened`,
        );
      }
    } else if (ms > nowMs) {
      this.add(
        'OccurredInFuture',
        field,
        `${field} ${value} is in the future (now is ${now}); record things that have happened`,
      );
    }
  }

  /** Throws an `invalid` DomainError when anything was recorded. */
  throwIfAny(): void {
    if (this.issues.length === 0) return;
    const [first] = this.issues;
    const message =
      this.issues.length === 1
        ? first.message
        : `${this.issues.length} problems: ${this.issues.map((i) => i.message).join('; ')}`;
    throw new DomainError(
      'invalid',
      first.code,
      message,
      this.issues.map(({ field, message: m }) => ({ field, message: m })),
    );
  }
}
