/**
 * Pure helpers for ISO 8601 times. No clock is read here: "now" always comes from the command.
 *
 * Accepted shapes: a calendar date `2025-06-30` (taken as midnight UTC where an instant is needed;
 * a day of the county's calendar where a day is meant, as in a due date: see `dueBy`) or a
 * date-time with an explicit offset, `2025-06-30T12:00Z`, `2025-06-30T12:00:00.000+02:00`. A
 * date-time without an offset is refused, because it would be read in the server's local zone.
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

const countyOffsetName = new Intl.DateTimeFormat('en-GB', { timeZone: COUNTY_TIME_ZONE, timeZoneName: 'longOffset' });
const DAY_MILLIS = 24 * 60 * 60 * 1000;
/** The last moments of the calendar dates seen so far: formatting an offset costs microseconds per call. */
const endsOfCountyDays = new Map<string, number>();
const MAX_REMEMBERED_DAYS = 10_000;

/** The county's offset from UTC in milliseconds at an instant (`GMT+02:00` in summer). */
function countyOffsetMillis(epochMillis: number): number {
  const name = countyOffsetName.formatToParts(epochMillis).find((part) => part.type === 'timeZoneName')?.value ?? '';
  const offset = /^GMT([+-])(\d{2}):(\d{2})$/.exec(name);
  if (!offset) return 0;
  return (offset[1] === '-' ? -1 : 1) * (Number(offset[2]) * 60 + Number(offset[3])) * 60_000;
}

/**
 * The last moment at which something due at `value` is still on time, in epoch milliseconds (NaN
 * when `value` is not an accepted time). A date-time is due at that instant. A calendar date names
 * a day of the county's calendar: what is due that day is on time until the day has ended in Oslo,
 * not only until its midnight UTC, so it is late from the next midnight there.
 */
export function dueBy(value: string): number {
  const start = parseInstant(value);
  if (start === undefined) return NaN;
  if (!isCalendarDate(value)) return start;
  const known = endsOfCountyDays.get(value);
  if (known !== undefined) return known;
  // Oslo changes offset in the early morning, so the offset at noon holds at the day's end.
  const end = start + DAY_MILLIS - countyOffsetMillis(start + DAY_MILLIS / 2) - 1;
  if (endsOfCountyDays.size >= MAX_REMEMBERED_DAYS) endsOfCountyDays.clear();
  endsOfCountyDays.set(value, end);
  return end;
}

/**
 * Whole days `atMillis` lies past what was due at `value` (0 when it is not late): calendar days of
 * the county for a date (done the day after is one day late), whole 24 hours for a date-time.
 */
export function daysLate(value: string, atMillis: number): number {
  const due = dueBy(value);
  if (!(atMillis > due)) return 0;
  if (!isCalendarDate(value)) return Math.floor((atMillis - due) / DAY_MILLIS);
  return Math.round((Date.parse(countyDay(atMillis)) - Date.parse(value)) / DAY_MILLIS);
}
