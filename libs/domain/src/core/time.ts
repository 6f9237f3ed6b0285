/**
 * Pure helpers for ISO 8601 times. No clock is read here: "now" always comes from the command.
 *
 * Accepted shapes: a calendar date `2025-06-30` (taken as midnight UTC where an instant is needed;
 * a day of the county's calendar where a day is meant) or a date-time with an explicit offset,
 * `2025-06-30T12:00Z`, `2025-06-30T12:00:00.000+02:00`. A date-time without an offset is refused,
 * because it would be read in the server's local zone.
 */
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|([+-])(\d{2}):(\d{2}))$/;

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Milliseconds since the epoch, or `undefined` when `value` is not an accepted ISO 8601 time. */
export function parseInstant(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const date = DATE.exec(value);
  const dateTime = date ? null : DATE_TIME.exec(value);
  const m = date ?? dateTime;
  if (!m) return undefined;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  if (!dateTime) return Date.UTC(year, month - 1, day);
  const hour = Number(dateTime[4]);
  const minute = Number(dateTime[5]);
  const second = dateTime[6] === undefined ? 0 : Number(dateTime[6]);
  const millis = dateTime[7] === undefined ? 0 : Number(dateTime[7].padEnd(3, '0').slice(0, 3));
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  let offsetMinutes = 0;
  if (dateTime[8] !== 'Z') {
    const offHours = Number(dateTime[10]);
    const offMinutes = Number(dateTime[11]);
    if (offHours > 23 || offMinutes > 59) return undefined;
    offsetMinutes = (dateTime[9] === '-' ? -1 : 1) * (offHours * 60 + offMinutes);
  }
  return Date.UTC(year, month - 1, day, hour, minute, second, millis) - offsetMinutes * 60_000;
}

export function isInstant(value: unknown): value is string {
  return parseInstant(value) !== undefined;
}

/** The UTC calendar day (`YYYY-MM-DD`) of an instant given in epoch milliseconds. */
export function utcDay(epochMillis: number): string {
  return new Date(epochMillis).toISOString().slice(0, 10);
}

/** The time zone of the county's calendar: a date without a time names a day there. */
export const COUNTY_TIME_ZONE = 'Europe/Oslo';

// Built once: constructing an Intl formatter costs far more than formatting with it.
const countyDayParts = new Intl.DateTimeFormat('en-CA', {
  timeZone: COUNTY_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** The county's calendar day (`YYYY-MM-DD`, Europe/Oslo) at an instant given in epoch milliseconds. */
export function countyDay(epochMillis: number): string {
  const parts = Object.fromEntries(countyDayParts.formatToParts(epochMillis).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day}`;
}

/** A calendar date without a time (`2025-06-30`). */
export function isCalendarDate(value: string): boolean {
  return DATE.test(value);
}
