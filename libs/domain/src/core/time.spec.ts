import { isInstant, parseInstant, utcDay } from './time';

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
