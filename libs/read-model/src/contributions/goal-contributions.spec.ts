import type { GoalView } from '../initiative/initiative-view';
import { indicator, NOW } from '../rollup/testing/views';
import { goalProgress, goalStatus } from './goal-contributions';

const performance = indicator('perf', {
  unit: 'kWp',
  aggregation: 'sum',
  baseline: 0,
  targets: 100,
  latest: { value: 50, at: '2025-03-01T00:00:00Z' },
});
// Regional statistics: far off its path, and not the project's doing.
const context = {
  ...indicator('ctx', {
    unit: '%',
    aggregation: 'none',
    baseline: 0,
    targets: 100,
    latest: { value: 0, at: NOW.toISOString() },
  }),
  role: 'context' as const,
};

const goal = (indicators: GoalView['indicators']): GoalView => ({
  id: 'g-1',
  statement: 'Schools produce their own electricity',
  resultLevel: 'output',
  indicators,
});

describe('a goal judged by its contributions', () => {
  it('reads progress from performance indicators only: half way from 0 to 100', () => {
    expect(goalProgress(goal([performance, context]))).toBe(0.5);
  });

  it('leaves context indicators out of its status', () => {
    expect(goalStatus(goal([performance, context]), NOW)).toBe(goalStatus(goal([performance]), NOW));
    expect(goalStatus(goal([context]), NOW)).toBe('unknown');
  });
});
