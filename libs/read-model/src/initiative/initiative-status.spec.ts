import { initiativeView } from '../testing/initiative-views';
import type { DecisionSummary, IndicatorView, MilestoneView } from './initiative-view';
import { expectedValueAt, indicatorStatus, isOverdue, presentInitiative } from './initiative-status';
import { staleSince } from './status-rules';

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

  it('is off track once a target date passed with no measurement meeting it, unknown before any', () => {
    const stepped = indicator({
      targets: [
        { value: 40, at: '2025-04-01T00:00:00Z' },
        { value: 100, at: '2026-01-01T00:00:00Z' },
      ],
    });
    expect(indicatorStatus(stepped, new Date('2025-03-01T00:00:00Z'))).toBe('unknown');
    expect(indicatorStatus(stepped, NOW)).toBe('offTrack');
    // 38 misses the 40 due on 1 Apr; 41 meets it and is then judged on the path (41 of 40 at 20 Mar: on track).
    expect(indicatorStatus({ ...stepped, ...measured(38, '2025-03-20T00:00:00Z') }, NOW)).toBe('offTrack');
    expect(indicatorStatus({ ...stepped, ...measured(41, '2025-03-20T00:00:00Z') }, NOW)).toBe('onTrack');
    // On 1 Feb 2026 the final target of 100 has passed; 41 misses it.
    expect(
      indicatorStatus({ ...stepped, ...measured(41, '2025-03-20T00:00:00Z') }, new Date('2026-02-01T00:00:00Z')),
    ).toBe('offTrack');
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
    expect(closed.rag).toBeNull();
    expect(closed.milestones[0]!.overdue).toBe(false);
  });
});

describe('status judged today, against the injected clock', () => {
  const DAY = 24 * 60 * 60 * 1000;
  // The clock: 2 Jul 2025 12:00 UTC. Dates below are relative to it.
  const daysAgo = (days: number) => new Date(NOW.getTime() - days * DAY).toISOString();
  const daysAhead = (days: number) => new Date(NOW.getTime() + days * DAY).toISOString();

  it('a target date 1 day past, latest value below it: off track, whatever the path said at measurement', () => {
    // Baseline 0 sixty days ago, target 60 yesterday. 58 measured 2 days ago is 58/58 of the path: on track then.
    const judged = indicator({
      baseline: { value: 0, at: daysAgo(60) },
      targets: [{ value: 60, at: daysAgo(1) }],
      ...measured(58, daysAgo(2)),
    });
    expect(indicatorStatus(judged, NOW)).toBe('offTrack');
    // The day before the target date the same data is on track.
    expect(indicatorStatus(judged, new Date(NOW.getTime() - 1.5 * DAY))).toBe('onTrack');
    // Meeting the target (60) after the date clears it.
    expect(indicatorStatus({ ...judged, ...measured(60, daysAgo(0.5)) }, NOW)).toBe('onTrack');
  });

  it('a quarterly indicator measured 3 months and 1 day ago is stale since 1 day ago', () => {
    // Measured 1 Apr 2025 12:00; three months later is 1 Jul 2025 12:00, one day before the clock.
    const quarterly = indicator({ frequency: 'quarterly', ...measured(25, '2025-04-01T12:00:00.000Z') });
    expect(indicatorStatus(quarterly, NOW)).toBe('stale');
    expect(staleSince(quarterly, NOW)).toBe('2025-07-01T12:00:00.000Z');
    // Measured 2 Apr 12:00: current until 2 Jul 12:00, which is the clock itself: stale from that instant.
    expect(staleSince({ ...quarterly, ...measured(25, '2025-04-02T12:00:01.000Z') }, NOW)).toBeNull();
  });

  it('monthly, tertial and yearly allow 1, 4 and 12 months; once and no frequency never go stale', () => {
    const at = '2025-03-01T00:00:00.000Z'; // 4 months and 1 day before the clock
    expect(staleSince(indicator({ frequency: 'monthly', ...measured(10, at) }), NOW)).toBe('2025-04-01T00:00:00.000Z');
    expect(staleSince(indicator({ frequency: 'tertial', ...measured(10, at) }), NOW)).toBe('2025-07-01T00:00:00.000Z');
    expect(staleSince(indicator({ frequency: 'yearly', ...measured(10, at) }), NOW)).toBeNull();
    expect(staleSince(indicator({ frequency: 'once', ...measured(10, at) }), NOW)).toBeNull();
    expect(staleSince(indicator(measured(10, at)), NOW)).toBeNull();
  });

  it('counts staleness from the baseline while nothing is measured', () => {
    // Baseline 1 Jan 2025, monthly: stale since 1 Feb 2025.
    const monthly = indicator({ frequency: 'monthly' });
    expect(indicatorStatus(monthly, NOW)).toBe('stale');
    expect(staleSince(monthly, NOW)).toBe('2025-02-01T00:00:00.000Z');
  });

  it('a date names a day in Oslo: a milestone, a target and a follow-up due today are not late until it ends', () => {
    // The clock is 14:00 in Oslo on 2 Jul 2025; midnight UTC of that day passed 14 hours ago.
    const dueToday = milestone({ dueAt: '2025-07-02' });
    expect(isOverdue(dueToday, NOW)).toBe(false);
    expect(isOverdue(dueToday, new Date('2025-07-02T21:59:59Z'))).toBe(false);
    expect(isOverdue(dueToday, new Date('2025-07-02T22:00:00Z'))).toBe(true); // midnight in Oslo (UTC+2)
    const targetToday = indicator({ targets: [{ value: 100, at: '2025-07-02' }], ...measured(99, '2025-07-01') });
    expect(indicatorStatus(targetToday, NOW)).toBe('onTrack');
    expect(indicatorStatus(targetToday, new Date('2025-07-02T22:00:00Z'))).toBe('offTrack');
    const decision: DecisionSummary = {
      id: 'd-1',
      kind: 'continue',
      summary: 'Keep going',
      caseRef: null,
      decidedBy: 'Board',
      occurredAt: '2025-06-01',
      followUpBy: '2025-07-02',
    };
    const view = initiativeView({ milestones: [dueToday], lastDecision: decision });
    const today = presentInitiative(view, NOW);
    expect(today.milestones[0]!.overdue).toBe(false);
    expect(today.ragReasons.map((r) => r.kind)).toEqual([]);
    const tomorrow = presentInitiative(view, new Date('2025-07-03T06:00:00Z'));
    expect(tomorrow.ragReasons.map((r) => r.kind)).toEqual(['milestoneOverdue', 'followUpOverdue']);
  });

  it('a missed target date outranks staleness', () => {
    const both = indicator({
      frequency: 'monthly',
      targets: [
        { value: 40, at: daysAgo(10) },
        { value: 100, at: daysAhead(100) },
      ],
      ...measured(10, daysAgo(90)),
    });
    expect(indicatorStatus(both, NOW)).toBe('offTrack');
  });
});

describe('RAG reasons, verifiability and context indicators in the status document', () => {
  const goal = (indicators: IndicatorView[], resultLevel: 'output' | 'input' = 'output') => [
    { id: 'g-1', statement: 'Goal', resultLevel, indicators },
  ];

  it('names each cause of the RAG: off track, stale, overdue, missed, follow-up overdue', () => {
    const offTrack = indicator({ id: 'i-off', ...measured(10, '2025-07-01T00:00:00Z') });
    const stale = indicator({
      id: 'i-stale',
      name: 'Survey',
      frequency: 'monthly',
      ...measured(48, '2025-05-01T00:00:00Z'),
    });
    const doc = presentInitiative(
      initiativeView({
        status: 'active',
        goals: goal([offTrack, stale]),
        milestones: [milestone(), milestone({ id: 'm-2', status: 'missed' })],
        lastDecision: {
          id: 'd-1',
          kind: 'adjust',
          summary: 'Recruit more schools',
          caseRef: null,
          decidedBy: 'Board',
          occurredAt: '2025-05-01T00:00:00Z',
          followUpBy: '2025-06-30T00:00:00Z',
        },
      }),
      NOW,
    );
    expect(doc.rag).toBe('red');
    expect(doc.ragReasons.map((r) => [r.kind, r.subjectId])).toEqual([
      ['indicatorOffTrack', 'i-off'],
      ['indicatorStale', 'i-stale'],
      ['milestoneOverdue', 'm-1'],
      ['milestoneMissed', 'm-2'],
      ['followUpOverdue', 'd-1'],
    ]);
    expect(doc.ragReasons[1]).toEqual({
      kind: 'indicatorStale',
      subjectId: 'i-stale',
      title: 'Survey',
      detail: 'stale since 2025-06-01: latest 48 percent at 2025-05-01',
    });
  });

  it('an overdue follow-up alone makes the initiative amber', () => {
    const doc = presentInitiative(
      initiativeView({
        status: 'active',
        lastDecision: {
          id: 'd-1',
          kind: 'continue',
          summary: 'Continue',
          caseRef: null,
          decidedBy: 'Board',
          occurredAt: '2025-05-01T00:00:00Z',
          followUpBy: '2025-07-01T00:00:00Z',
        },
      }),
      NOW,
    );
    expect(doc.rag).toBe('amber');
  });

  it('lists context indicators apart, with an attribution note, outside the RAG', () => {
    const context = indicator({ id: 'i-ctx', role: 'context', ...measured(1, '2025-07-01T00:00:00Z') });
    const doc = presentInitiative(initiativeView({ goals: goal([context]) }), NOW);
    expect(doc.goals[0]!.indicators).toEqual([]);
    expect(doc.goals[0]!.contextIndicators).toMatchObject([{ id: 'i-ctx', status: 'offTrack' }]);
    expect(doc.goals[0]!.contextIndicators[0]!.attributionNote).toContain('not judged');
    expect(doc.rag).toBe('unknown');
    expect(doc.ragReasons).toEqual([]);
    // A context indicator does not make the goal verifiable.
    expect(doc.goals[0]!.verifiable).toBe(false);
    expect(doc.verifiability).toEqual({ goals: 1, verifiable: 0, share: 0 });
  });

  it('counts only output and effect goals in verifiability', () => {
    const doc = presentInitiative(
      initiativeView({
        goals: [...goal([indicator()]), { id: 'g-2', statement: 'Hire', resultLevel: 'input', indicators: [] }],
      }),
      NOW,
    );
    expect(doc.goals.map((g) => g.verifiable)).toEqual([true, false]);
    expect(doc.verifiability).toEqual({ goals: 1, verifiable: 1, share: 1 });
  });

  it('a closed initiative has no RAG and no reasons, only its outcome', () => {
    const doc = presentInitiative(
      initiativeView({
        status: 'closed',
        milestones: [milestone({ status: 'missed' })],
        closure: {
          outcome: 'cancelled',
          finalEvaluation: 'Stopped',
          goalAssessments: [],
          lessons: null,
          caseRef: null,
          decidedBy: null,
          closedAt: '2025-06-01T00:00:00Z',
        },
      }),
      NOW,
    );
    expect(doc).toMatchObject({ rag: null, outcome: 'cancelled', ragReasons: [] });
  });
});
