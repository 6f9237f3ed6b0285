import { TIME_ZONE } from '../../i18n/i18n';

/** The last millisecond of a calendar day in Europe/Oslo, as an ISO time with its offset. */
export function endOfDayInOslo(day: string): string {
  const noon = new Date(`${day}T12:00:00Z`);
  const offsetName =
    new Intl.DateTimeFormat('en-GB', { timeZone: TIME_ZONE, timeZoneName: 'longOffset' })
      .formatToParts(noon)
      .find((part) => part.type === 'timeZoneName')?.value ?? 'GMT+01:00';
  const offset = offsetName.replace('GMT', '') || '+00:00';
  return `${day}T23:59:59.999${offset}`;
}

/** The calendar day (yyyy-mm-dd) of an instant in Europe/Oslo, for a date input. */
export function dayInOslo(iso: string): string {
  return new Intl.DateTimeFormat('sv-SE', { timeZone: TIME_ZONE }).format(new Date(iso));
}

/** One millisecond before an instant: "as it stood just before". */
export const justBefore = (iso: string) => new Date(new Date(iso).getTime() - 1).toISOString();
