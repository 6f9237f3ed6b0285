import { daysLate, dueBy, isInstant, parseInstant, utcDay } from './time';

describe('parseInstant', () => {
  it.each([
    ['2025-06-30', Date.UTC(2025, 5, 30)],
    ['2024-02-29', Date.UTC(2024, 1, 29)],
    ['2025-06-30T12:00Z', Date.UTC(2025, 5, 30, 12)],
    ['2025-06-30T12:00:05Z', Date.UTC(2025, 5, 30, 12, 0, 5)],
    ['2025-06-30T12:00:05.123Z', Date.UTC(2025, 5, 30, 12, 0, 5, 123)],
    ['2025-06-30T12:00:05.123456Z', Date.UTC(2025, 5, 30, 12, 0, 5, 123)],
    ['2025-06-30T12:00:00+02:00', Date.UTC(2025, 5, 30, 10)],
    ['2025-06-30T00:30:00-01:00', Date.UTC(2025, 5, 30, 1, 30)],
  ])('%s', (value, expected) => {
    expect(parseInstant(value)).toBe(expected);
    expect(isInstant(value)).toBe(true);
  });

  it.each([
    '2025-02-29',
    '2025-13-01',
    '2025-00-10',
    '2025-06-31',
    '2025-06-30T24:00:00Z',
    '2025-06-30T12:60:00Z',
    '2025-06-30T12:00:00',
    '30.06.2025',
    '2025-6-30',
    '',
    'now',
    undefined,
    null,
    20250630,
  ])('refuses %p', (value) => {
    expect(parseInstant(value)).toBeUndefined();
    expect(isInstant(value)).toBe(false);
  });

  it('utcDay gives the calendar day in UTC', () => {
    expect(utcDay(parseInstant('2025-06-30T23:30:00-01:00') as number)).toBe('2025-07-01');
  });
});

describe('dueBy', () => {
  it.each([
    ['2026-12-20', '2026-12-20T22:59:59.999Z', 'in winter (UTC+1)'],
    ['2026-06-30', '2026-06-30T21:59:59.999Z', 'in summer (UTC+2)'],
    ['2026-03-29', '2026-03-29T21:59:59.999Z', 'on the day clocks go forward'],
    ['2026-10-25', '2026-10-25T22:59:59.999Z', 'on the day clocks go back'],
  ])('keeps %s on time until midnight in Oslo (%s, %s)', (date, lastMoment) => {
    expect(new Date(dueBy(date)).toISOString()).toBe(lastMoment);
  });

  it('takes a date-time as the instant it names', () => {
    expect(dueBy('2026-12-20T09:00:00+01:00')).toBe(Date.parse('2026-12-20T08:00:00Z'));
  });

  it('is NaN for what is not a time', () => {
    expect(dueBy('20 December')).toBeNaN();
  });
});

describe('daysLate', () => {
  it('counts county days past a due date: none on the day, one from the next midnight in Oslo', () => {
    expect(daysLate('2026-12-20', Date.parse('2026-12-20T22:30:00Z'))).toBe(0);
    expect(daysLate('2026-12-20', Date.parse('2026-12-20T23:00:00Z'))).toBe(1);
    expect(daysLate('2026-12-20', Date.parse('2026-12-22T12:00:00Z'))).toBe(2);
  });

  it('counts whole 24 hours past a due date-time, and nothing before it', () => {
    expect(daysLate('2026-12-20T12:00:00Z', Date.parse('2026-12-21T11:59:00Z'))).toBe(0);
    expect(daysLate('2026-12-20T12:00:00Z', Date.parse('2026-12-22T12:00:00Z'))).toBe(2);
    expect(daysLate('2026-12-20T12:00:00Z', Date.parse('2026-12-19T12:00:00Z'))).toBe(0);
  });
});
