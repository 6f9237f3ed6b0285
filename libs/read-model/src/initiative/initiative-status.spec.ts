import { initiativeView } from '../testing/initiative-views';
import type { IndicatorView, MilestoneView } from './initiative-view';
import { expectedValueAt, indicatorStatus, isOverdue, presentInitiative } from './initiative-status';

const indicator = (overrides: Partial<IndicatorView> = {}): IndicatorView => ({
  id: 'i-1',
  goalId: 'g-1',
  name: 'Pupils passing',
  unit: 'percent',
  direction: 'increase',
  aggregation: 'none',
  // 0 on 1 Jan 2025 to 100 on 1 Jan 2026: the straight path gains 1 point every 3.65 days.
  baseline: { value: 0, at: '2025-01-01T00:00:00Z' },
  targets: [{ value: 100, at: '2026-01-01T00:00:00Z' }],
  latest: null,
  measurementCount: 0,
  ...overrides,
});
const measured = (value: number, at: string) => ({
  latest: { id: 'me', value, at, source: null, note: null },
  measurementCount: 1,
});
const milestone = (overrides: Partial<MilestoneView> = {}): MilestoneView => ({
  id: 'm-1',
  title: 'Pilot',
  description: null,
  dueAt: '2025-06-01T00:00:00Z',
  status: 'planned',
  achievedAt: null,
  evaluation: null,
  reason: null,
  rescheduleCount: 0,
  ...overrides,
});
const NOW = new Date('2025-07-02T12:00:00Z');

describe('indicator status against the straight path to the next target', () => {
  // On 2 Jul 2025 (182 of 365 days) the path expects 182/365*100 = 49.86.
  it('is on track at 95 % or more of the expected progress', () => {
    expect(
      expectedValueAt(
        [
          { value: 0, at: '2025-01-01T00:00:00Z' },
          { value: 100, at: '2026-01-01T00:00:00Z' },
        ],
        Date.parse('2025-07-02T00:00:00Z'),
      ),
    ).toBeCloseTo(49.86, 2);
    expect(indicatorStatus(indicator(measured(47.5, '2025-07-02T00:00:00Z')), NOW)).toBe('onTrack'); // 47.5 / 49.86 = 0.953
    expect(indicatorStatus(indicator(measured(47, '2025-07-02T00:00:00Z')), NOW)).toBe('atRisk'); // 0.943
  });

  it('is at risk from 75 % and off track below', () => {
    expect(indicatorStatus(indicator(measured(37.5, '2025-07-02T00:00:00Z')), NOW)).toBe('atRisk'); // 0.752
    expect(indicatorStatus(indicator(measured(37, '2025-07-02T00:00:00Z')), NOW)).toBe('offTrack'); // 0.742
  });

  it('counts progress downwards for a decreasing indicator', () => {
    // 200 -> 100 over the year: on 2 Jul expected 200 - 49.86 = 150.14; 160 is 40 of 49.86 = 0.80.
    const emissions = indicator({
      direction: 'decrease',
      baseline: { value: 200, at: '2025-01-01T00:00:00Z' },
      targets: [{ value: 100, at: '2026-01-01T00:00:00Z' }],
    });
    expect(indicatorStatus({ ...emissions, ...measured(160, '2025-07-02T00:00:00Z') }, NOW)).toBe('atRisk');
    expect(indicatorStatus({ ...emissions, ...measured(150, '2025-07-02T00:00:00Z') }, NOW)).toBe('onTrack');
    expect(indicatorStatus({ ...emissions, ...measured(210, '2025-07-02T00:00:00Z') }, NOW)).toBe('offTrack');
  });

  it('keeps a maintained indicator on track within 5 % and at risk within 25 %', () => {
    const level = indicator({
      direction: 'maintain',
      baseline: { value: 80, at: '2025-01-01T00:00:00Z' },
      targets: [{ value: 80, at: '2026-01-01T00:00:00Z' }],
    });
    expect(indicatorStatus({ ...level, ...measured(77, '2025-07-01T00:00:00Z') }, NOW)).toBe('onTrack'); // 3.75 %
    expect(indicatorStatus({ ...level, ...measured(70, '2025-07-01T00:00:00Z') }, NOW)).toBe('atRisk'); // 12.5 %
    expect(indicatorStatus({ ...level, ...measured(50, '2025-07-01T00:00:00Z') }, NOW)).toBe('offTrack'); // 37.5 %
  });

  it('judges against the segment between two targets', () => {
    // 0 -> 40 by 1 Apr, then 40 -> 100 by 1 Jan 2026. On 1 May (30 of 275 days): 40 + 60*30/275 = 46.5.
    const stepped = indicator({
      targets: [
        { value: 40, at: '2025-04-01T00:00:00Z' },
        { value: 100, at: '2026-01-01T00:00:00Z' },
      ],
    });
    expect(indicatorStatus({ ...stepped, ...measured(45, '2025-05-01T00:00:00Z') }, NOW)).toBe('onTrack'); // 45/46.5 = 0.97
    expect(indicatorStatus({ ...stepped, ...measured(40, '2025-05-01T00:00:00Z') }, NOW)).toBe('atRisk'); // 0.86
  });

  it('is stale when a target date passed with no measurement since the period began, unknown before any', () => {
    const stepped = indicator({
      targets: [
        { value: 40, at: '2025-04-01T00:00:00Z' },
        { value: 100, at: '2026-01-01T00:00:00Z' },
      ],
    });
    expect(indicatorStatus(stepped, new Date('2025-03-01T00:00:00Z'))).toBe('unknown');
    expect(indicatorStatus(stepped, NOW)).toBe('stale');
    expect(indicatorStatus({ ...stepped, ...measured(38, '2025-03-20T00:00:00Z') }, NOW)).not.toBe('stale');
    // The period 1 Apr 2025 - 1 Jan 2026 passed; the last measurement is older than its start.
    expect(
      indicatorStatus({ ...stepped, ...measured(38, '2025-03-20T00:00:00Z') }, new Date('2026-02-01T00:00:00Z')),
    ).toBe('stale');
  });

  it('honours configured thresholds', () => {
    const thresholds = { onTrack: 0.9, atRisk: 0.5, maintainOnTrack: 0.05, maintainAtRisk: 0.25 };
    expect(indicatorStatus(indicator(measured(45, '2025-07-02T00:00:00Z')), NOW, thresholds)).toBe('onTrack'); // 0.90
    expect(indicatorStatus(indicator(measured(25, '2025-07-02T00:00:00Z')), NOW, thresholds)).toBe('atRisk'); // 0.50
  });
});

describe('milestones and the RAG of an initiative', () => {
  it('calls a planned milestone past its due time overdue, but not an achieved one nor one of a closed initiative', () => {
    expect(isOverdue(milestone(), NOW)).toBe(true);
    expect(isOverdue(milestone({ dueAt: '2025-08-01T00:00:00Z' }), NOW)).toBe(false);
    expect(isOverdue(milestone({ status: 'achieved' }), NOW)).toBe(false);
    expect(isOverdue(milestone(), NOW, 'closed')).toBe(false);
  });

  it('takes the worst of indicators and milestones, and unknown when nothing can be judged', () => {
    const goal = (indicators: IndicatorView[]) => [
      { id: 'g-1', statement: 'Goal', resultLevel: 'output' as const, indicators },
    ];
    expect(presentInitiative(initiativeView(), NOW).rag).toBe('unknown');
    const onTrack = indicator(measured(50, '2025-07-02T00:00:00Z'));
    expect(presentInitiative(initiativeView({ goals: goal([onTrack]) }), NOW).rag).toBe('green');
    expect(
      presentInitiative(
        initiativeView({ goals: goal([onTrack, indicator(measured(40, '2025-07-02T00:00:00Z'))]) }),
        NOW,
      ).rag,
    ).toBe('amber');
    const late = presentInitiative(initiativeView({ goals: goal([onTrack]), milestones: [milestone()] }), NOW);
    expect(late.rag).toBe('red');
    expect(late.overdueMilestones).toEqual(['m-1']);
    expect(
      presentInitiative(initiativeView({ goals: goal([onTrack]), milestones: [milestone({ status: 'missed' })] }), NOW)
        .rag,
    ).toBe('red');
    const closed = presentInitiative(
      initiativeView({ status: 'closed', goals: goal([onTrack]), milestones: [milestone()] }),
      NOW,
    );
    expect(closed.rag).toBe('green');
    expect(closed.milestones[0]!.overdue).toBe(false);
  });
});
