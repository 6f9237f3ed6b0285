import { aggregateIndicators, currentTarget, type AggregationInput } from './indicator-aggregation';
import { indicator, NOW } from './testing/views';

const input = (id: string, spec: Parameters<typeof indicator>[1], initiativeId = `ini-${id}`): AggregationInput => ({
  initiativeId,
  initiativeTitle: `Title of ${initiativeId}`,
  indicator: indicator(id, spec),
  status: 'unknown',
});

describe('aggregateIndicators', () => {
  it('takes the next target at or after now, else the last one', () => {
    const targets = [
      { value: 30, at: '2025-12-31T00:00:00Z' },
      { value: 10, at: '2025-02-01T00:00:00Z' },
      { value: 20, at: '2025-03-01T12:00:00.000Z' },
    ];
    // Unsorted on purpose: 02-01 has passed, 03-01T12:00 is exactly now (still due), so 20.
    expect(currentTarget(targets, NOW)).toEqual({ value: 20, at: '2025-03-01T12:00:00.000Z' });
    // After every target: the last one (30 at 2025-12-31).
    expect(currentTarget(targets, new Date('2026-06-01T00:00:00Z'))).toEqual({ value: 30, at: '2025-12-31T00:00:00Z' });
  });

  it('gives latest null when no member was measured, and rounds away float noise', () => {
    // sum of 0.1 + 0.2 = 0.30000000000000004 in floating point; reported as 0.3.
    const { aggregates, notAggregated } = aggregateIndicators(
      [
        input('a', { unit: 'MNOK', aggregation: 'sum', baseline: 0.1, targets: 1 }),
        input('b', { unit: 'mnok', aggregation: 'sum', baseline: 0.2, targets: 2 }),
      ],
      NOW,
    );
    expect(notAggregated).toEqual([]);
    expect(aggregates).toEqual([
      expect.objectContaining({
        unit: 'MNOK',
        indicatorCount: 2,
        baseline: 0.3,
        latest: null,
        measuredCount: 0,
        target: 3,
      }),
    ]);
  });

  it('keeps units that differ by more than case and spaces apart', () => {
    // "kNOK" and "NOK" (and "%" and "percent") are different units: no conversion is assumed.
    const { aggregates, notAggregated } = aggregateIndicators(
      [
        input('a', { unit: 'NOK', aggregation: 'sum', baseline: 1, targets: 2 }),
        input('b', { unit: 'kNOK', aggregation: 'sum', baseline: 1, targets: 2 }),
        input('c', { unit: '%', aggregation: 'mean', baseline: 1, targets: 2 }),
        input('d', { unit: 'percent', aggregation: 'mean', baseline: 1, targets: 2 }),
      ],
      NOW,
    );
    expect(aggregates).toEqual([]);
    expect(notAggregated.map((n) => n.reason)).toEqual([
      'only indicator with unit "NOK" aggregated by sum',
      'only indicator with unit "kNOK" aggregated by sum',
      'only indicator with unit "%" aggregated by mean',
      'only indicator with unit "percent" aggregated by mean',
    ]);
  });

  it('forms separate sum and mean groups of one unit, and leaves none out', () => {
    // count/sum: a + b = 10 + 20 = 30 baseline, 15 + 25 = 40 latest, 100 + 200 = 300 target
    // count/mean: c, d = (4 + 6) / 2 = 5 baseline, (5 + 9) / 2 = 7 latest, (8 + 12) / 2 = 10 target
    // e: none
    const at = '2025-02-28T00:00:00Z';
    const { aggregates, notAggregated } = aggregateIndicators(
      [
        input('a', { unit: 'count', aggregation: 'sum', baseline: 10, targets: 100, latest: { value: 15, at } }, 'x'),
        input('b', { unit: 'count', aggregation: 'sum', baseline: 20, targets: 200, latest: { value: 25, at } }, 'y'),
        input('c', { unit: 'count', aggregation: 'mean', baseline: 4, targets: 8, latest: { value: 5, at } }, 'x'),
        input('d', { unit: 'count', aggregation: 'mean', baseline: 6, targets: 12, latest: { value: 9, at } }, 'x'),
        input('e', { unit: 'count', aggregation: 'none', baseline: 6, targets: 12 }, 'y'),
      ],
      NOW,
    );
    expect(aggregates.map((a) => [a.aggregation, a.baseline, a.latest, a.target, a.initiatives])).toEqual([
      ['mean', 5, 7, 10, ['x']],
      ['sum', 30, 40, 300, ['x', 'y']],
    ]);
    expect(notAggregated).toEqual([expect.objectContaining({ indicatorId: 'e', reason: 'aggregation is none' })]);
  });
});
