import { portfolioOf, rollupSubtree, summarise } from './rollup';
import { benefit, indicator, milestone, NOW, view } from './testing/views';
import { presentInitiative } from '../initiative/initiative-status';

/*
 * The plan hierarchy used throughout, judged at NOW = 2025-03-01T12:00Z:
 *
 *   fa   focusArea       active   (root)
 *   ├─ p1   programme      active
 *   │  ├─ pr1  project     active
 *   │  └─ m1   measure     planned
 *   ├─ ad   agreedDelivery paused
 *   │  └─ pr2  project     closed
 *   └─ pr3  project        active   (a project directly under the focus area)
 *
 * Indicators: baselines at 2025-01-01, single targets at 2025-12-31 unless stated, measured
 * at 2025-02-28. That is 58 of the 364 days, so the time-linear path expects
 * 58/364 = 15.93 % of the way from baseline to target.
 *
 * id           where unit       aggr  dir  base target   latest  status (expected progress vs actual)
 * fa-co2       fa    "tonnes"   sum   dec  1000  800      960    expected 968.13: 31.87 due, 40 done -> 1.26 onTrack
 * pr1-co2      pr1   "Tonnes "  sum   dec   500  300      490    expected 468.13: 31.87 due, 10 done -> 0.31 offTrack
 * m1-co2       m1    "tonnes"   sum   dec   200  150      -      no measurement, no target passed   -> unknown
 * pr3-sat      pr3   "percent"  mean  inc    60   80       64    expected 63.19: 3.19 due, 4 done    -> 1.26 onTrack
 * pr1-sat      pr1   "percent"  mean  inc    40   50 @02-01, 70  -   target 2025-02-01 passed, nothing measured -> offTrack
 * ad-km        ad    "km"       sum   inc     0  100      13.5   expected 15.93: 13.5/15.93 = 0.85 -> atRisk
 * pr2-km       pr2   "km"       mean  inc     0   50       20    expected 7.97: 20/7.97 = 2.5        -> onTrack
 * pr3-nok      pr3   "NOK"      none  inc   100  200      -      -> unknown
 *
 * Milestones (30 days from NOW ends 2025-03-31T12:00Z):
 *   fa-1 achieved; p1-1 planned due 02-15 (overdue); p1-2 planned due 03-20 (due soon);
 *   pr1-1 planned due 06-01 (later); pr1-2 missed; pr3-1 planned due 03-31T12:00Z (due soon: the
 *   window's last instant); pr3-2 planned due 02-28 (overdue); pr3-3 cancelled; pr2-1 achieved.
 *
 * Benefits: pr1 b1 benefit due 2026-12-31, realised; pr3 b2 benefit due 2025-01-31, nothing
 * recorded (overdue); pr2 b3 disbenefit due 2025-02-01, realised; m1 b4 benefit due 2027-01-01.
 */
const fa = view('fa', 'focusArea', null, 'active', {
  indicators: [
    indicator('fa-co2', {
      name: 'CO2 emissions',
      unit: 'tonnes',
      aggregation: 'sum',
      direction: 'decrease',
      baseline: 1000,
      targets: 800,
      latest: { value: 960, at: '2025-02-28T00:00:00Z' },
    }),
  ],
  milestones: [milestone('fa-1', 'achieved', '2025-02-01T00:00:00Z')],
});
const p1 = view('p1', 'programme', 'fa', 'active', {
  milestones: [
    milestone('p1-1', 'planned', '2025-02-15T00:00:00Z'),
    milestone('p1-2', 'planned', '2025-03-20T00:00:00Z'),
  ],
});
const pr1 = view('pr1', 'project', 'p1', 'active', {
  indicators: [
    indicator('pr1-co2', {
      name: 'co2 emissions ',
      unit: 'Tonnes ',
      aggregation: 'sum',
      direction: 'decrease',
      baseline: 500,
      targets: 300,
      latest: { value: 490, at: '2025-02-28T00:00:00Z' },
    }),
    indicator('pr1-sat', {
      name: 'Satisfied passengers',
      unit: 'percent',
      aggregation: 'mean',
      baseline: 40,
      targets: [
        { value: 50, at: '2025-02-01T00:00:00Z' },
        { value: 70, at: '2025-12-31T00:00:00Z' },
      ],
    }),
  ],
  milestones: [
    milestone('pr1-1', 'planned', '2025-06-01T00:00:00Z'),
    milestone('pr1-2', 'missed', '2025-02-10T00:00:00Z'),
  ],
  benefits: [benefit('b1', 'benefit', '2026-12-31T00:00:00Z', true)],
});
const m1 = view('m1', 'measure', 'p1', 'planned', {
  indicators: [
    indicator('m1-co2', {
      name: 'CO2 emissions',
      unit: 'tonnes',
      aggregation: 'sum',
      direction: 'decrease',
      baseline: 200,
      targets: 150,
    }),
  ],
  benefits: [benefit('b4', 'benefit', '2027-01-01T00:00:00Z', false)],
});
const ad = view('ad', 'agreedDelivery', 'fa', 'paused', {
  indicators: [
    indicator('ad-km', {
      name: 'Cycle lanes built',
      unit: 'km',
      aggregation: 'sum',
      baseline: 0,
      targets: 100,
      latest: { value: 13.5, at: '2025-02-28T00:00:00Z' },
    }),
  ],
});
const pr2 = view('pr2', 'project', 'ad', 'closed', {
  indicators: [
    indicator('pr2-km', {
      name: 'Average trip length',
      unit: 'km',
      aggregation: 'mean',
      baseline: 0,
      targets: 50,
      latest: { value: 20, at: '2025-02-28T00:00:00Z' },
    }),
  ],
  milestones: [milestone('pr2-1', 'achieved', '2025-01-20T00:00:00Z')],
  benefits: [benefit('b3', 'disbenefit', '2025-02-01T00:00:00Z', true)],
});
const pr3 = view('pr3', 'project', 'fa', 'active', {
  indicators: [
    indicator('pr3-sat', {
      name: 'Satisfied pupils',
      unit: 'percent',
      aggregation: 'mean',
      baseline: 60,
      targets: 80,
      latest: { value: 64, at: '2025-02-28T00:00:00Z' },
    }),
    indicator('pr3-nok', { name: 'Cost', unit: 'NOK', aggregation: 'none', baseline: 100, targets: 200 }),
  ],
  milestones: [
    milestone('pr3-1', 'planned', '2025-03-31T12:00:00.000Z'),
    milestone('pr3-2', 'planned', '2025-02-28T00:00:00Z'),
    milestone('pr3-3', 'cancelled', '2025-04-01T00:00:00Z'),
  ],
  benefits: [benefit('b2', 'benefit', '2025-01-31T00:00:00Z', false)],
});

/** Breadth first, as collectSubtree loads it. */
const subtree = [fa, p1, ad, pr3, pr1, m1, pr2];

describe('rollupSubtree over a three-level hierarchy', () => {
  const rollup = rollupSubtree(subtree, NOW);

  it('checks the per-initiative statuses the figures below rest on', () => {
    const statuses = Object.fromEntries(
      subtree.flatMap((v) => presentInitiative(v, NOW).goals.flatMap((g) => g.indicators.map((i) => [i.id, i.status]))),
    );
    expect(statuses).toEqual({
      'fa-co2': 'onTrack',
      'pr1-co2': 'offTrack',
      'm1-co2': 'unknown',
      'pr3-sat': 'onTrack',
      'pr1-sat': 'offTrack',
      'ad-km': 'atRisk',
      'pr2-km': 'onTrack',
      'pr3-nok': 'unknown',
    });
  });

  it('gives the root its own RAG and the worst RAG of the subtree', () => {
    // fa: fa-co2 onTrack (green), fa-1 achieved (green) -> green; beneath it p1, pr1, pr3 are red.
    expect(rollup.root).toMatchObject({
      id: 'fa',
      kind: 'focusArea',
      title: 'Title of fa',
      status: 'active',
      rag: 'green',
      subtreeRag: 'red',
      // Of the red descendants p1, pr1 and pr3, the first by id.
      worstChild: { id: 'p1', title: 'Title of p1', rag: 'red' },
    });
    expect(rollup.root.ragReasons.map((r) => [r.kind, r.subjectId])).toEqual([
      ['childRed', 'p1'],
      ['childRed', 'pr3'],
      ['childRed', 'pr1'],
    ]);
    expect(rollup.root.ragReasons[0]!.detail).toBe('programme is red: Milestone p1-1 (overdue since 2025-02-15)');
    expect(rollup.computedAt).toBe(NOW.toISOString());
  });

  it('counts initiatives by status, own RAG and kind', () => {
    expect(rollup.initiatives).toBe(7);
    expect(rollup.byStatus).toEqual({ planned: 1, active: 4, paused: 1, closed: 1, stopping: 0 });
    // green: fa (onTrack, achieved)
    // amber: ad (atRisk)
    // red:   p1 (p1-1 overdue), pr1 (offTrack twice, missed), pr3 (pr3-2 overdue)
    // unknown: m1 (only an unmeasured indicator)
    // pr2 is closed: it has no RAG, so it is not counted here.
    expect(rollup.byRag).toEqual({ green: 1, amber: 1, red: 3, unknown: 1 });
    expect(rollup.byKind).toEqual({ focusArea: 1, programme: 1, agreedDelivery: 1, project: 3, measure: 1 });
  });

  it('lists overdue milestones and those due within 30 days, by due date', () => {
    expect(rollup.milestones.overdue).toEqual([
      {
        initiativeId: 'p1',
        initiativeTitle: 'Title of p1',
        milestoneId: 'p1-1',
        title: 'Milestone p1-1',
        dueAt: '2025-02-15T00:00:00Z',
      },
      {
        initiativeId: 'pr3',
        initiativeTitle: 'Title of pr3',
        milestoneId: 'pr3-2',
        title: 'Milestone pr3-2',
        dueAt: '2025-02-28T00:00:00Z',
      },
    ]);
    expect(rollup.milestones.dueIn30Days.map((m) => m.milestoneId)).toEqual(['p1-2', 'pr3-1']);
    // planned: p1-1, p1-2, pr1-1, pr3-1, pr3-2; achieved: fa-1, pr2-1; missed: pr1-2; cancelled: pr3-3
    expect(rollup.milestones).toMatchObject({ planned: 5, achieved: 2, missed: 1, cancelled: 1 });
  });

  it('counts indicator statuses, the one whose target date passed unmet as off track', () => {
    expect(rollup.indicators).toEqual({
      total: 8,
      byStatus: { onTrack: 3, atRisk: 1, offTrack: 2, stale: 0, unknown: 2 },
    });
  });

  it('counts benefits planned, realised and overdue', () => {
    // planned: b1, b2, b3, b4; realised: b1, b3; overdue: b2 (due 2025-01-31, nothing recorded).
    // b3 was due 2025-02-01 too, but has a realisation, so it is not overdue.
    expect(rollup.benefits).toEqual({
      planned: 4,
      realised: 2,
      overdue: 1,
      byKind: { benefit: { planned: 3, realised: 1, overdue: 1 }, disbenefit: { planned: 1, realised: 1, overdue: 0 } },
    });
  });

  it('sums indicators sharing a unit (ignoring case and spaces) and aggregation sum', () => {
    // tonnes/sum: fa-co2, pr1-co2, m1-co2
    //   baseline 1000 + 500 + 200 = 1700
    //   latest    960 + 490 + 200 = 1650 (m1-co2 is unmeasured: its baseline stands in)
    //   target    800 + 300 + 150 = 1250
    const tonnes = rollup.aggregates.find((a) => a.unit === 'tonnes')!;
    expect(tonnes).toMatchObject({
      name: 'CO2 emissions',
      unit: 'tonnes',
      aggregation: 'sum',
      indicatorCount: 3,
      baseline: 1700,
      latest: 1650,
      measuredCount: 2,
      target: 1250,
      targetAt: { from: '2025-12-31T00:00:00Z', to: '2025-12-31T00:00:00Z' },
      directions: ['decrease'],
      initiatives: ['fa', 'pr1', 'm1'],
    });
    expect(tonnes.indicators.map((i) => [i.indicatorId, i.latest, i.target, i.status])).toEqual([
      ['fa-co2', 960, 800, 'onTrack'],
      ['pr1-co2', 490, 300, 'offTrack'],
      ['m1-co2', null, 150, 'unknown'],
    ]);
  });

  it("averages indicators with aggregation mean, using each one's next target", () => {
    // percent/mean: pr3-sat, pr1-sat (names differ, so no name)
    //   baseline (60 + 40) / 2 = 50
    //   latest   (64 + 40) / 2 = 52 (pr1-sat is unmeasured: its baseline stands in)
    //   target   (80 + 70) / 2 = 75 (pr1-sat's 50 at 2025-02-01 has passed; its next target is 70)
    const percent = rollup.aggregates.find((a) => a.unit === 'percent')!;
    expect(percent).toEqual(
      expect.objectContaining({
        aggregation: 'mean',
        indicatorCount: 2,
        baseline: 50,
        latest: 52,
        measuredCount: 1,
        target: 75,
      }),
    );
    expect(percent.name).toBeUndefined();
    expect(percent.initiatives).toEqual(['pr3', 'pr1']);
  });

  it('never adds up different units, nor sum with mean, nor aggregation none, and says why', () => {
    expect(rollup.aggregates.map((a) => `${a.unit}/${a.aggregation}`)).toEqual(['percent/mean', 'tonnes/sum']);
    expect(rollup.notAggregated).toEqual([
      {
        indicatorId: 'ad-km',
        initiativeId: 'ad',
        name: 'Cycle lanes built',
        unit: 'km',
        aggregation: 'sum',
        reason: 'only indicator with unit "km" aggregated by sum (same unit, never mixed: 1 with aggregation mean)',
      },
      {
        indicatorId: 'pr3-nok',
        initiativeId: 'pr3',
        name: 'Cost',
        unit: 'NOK',
        aggregation: 'none',
        reason: 'aggregation is none',
      },
      {
        indicatorId: 'pr2-km',
        initiativeId: 'pr2',
        name: 'Average trip length',
        unit: 'km',
        aggregation: 'mean',
        reason: 'only indicator with unit "km" aggregated by mean (same unit, never mixed: 1 with aggregation sum)',
      },
    ]);
  });

  it('rolls up a middle level the same way', () => {
    // p1 with pr1 and m1: tonnes/sum of pr1-co2 and m1-co2 = 500 + 200 baseline, 490 + 200 latest, 300 + 150 target;
    // pr1-sat is now the only percent indicator.
    const programme = rollupSubtree([p1, pr1, m1], NOW);
    expect(programme.root).toMatchObject({ id: 'p1', rag: 'red', subtreeRag: 'red' });
    expect(programme.initiatives).toBe(3);
    expect(programme.aggregates).toEqual([
      expect.objectContaining({ unit: 'Tonnes', baseline: 700, latest: 690, target: 450 }),
    ]);
    expect(programme.notAggregated).toEqual([
      expect.objectContaining({
        indicatorId: 'pr1-sat',
        reason: 'only indicator with unit "percent" aggregated by mean',
      }),
    ]);
    expect(programme.milestones.overdue.map((m) => m.milestoneId)).toEqual(['p1-1']);
  });

  it('of a leaf is the leaf alone', () => {
    const leaf = rollupSubtree([m1], NOW);
    expect(leaf).toMatchObject({
      root: { id: 'm1', rag: 'unknown', subtreeRag: 'unknown' },
      initiatives: 1,
      aggregates: [],
      benefits: { planned: 1, realised: 0, overdue: 0 },
    });
    expect(leaf.notAggregated[0]!.reason).toBe('only indicator with unit "tonnes" aggregated by sum');
  });

  it('moves overdue and due-soon lists with the clock', () => {
    // On 2025-03-21 p1-2 (due 03-20) is overdue too, and pr1-1 (06-01) is still beyond 30 days.
    const later = rollupSubtree(subtree, new Date('2025-03-21T00:00:00Z'));
    expect(later.milestones.overdue.map((m) => m.milestoneId)).toEqual(['p1-1', 'pr3-2', 'p1-2']);
    expect(later.milestones.dueIn30Days.map((m) => m.milestoneId)).toEqual(['pr3-1']);
  });
});

describe('portfolioOf', () => {
  const empty = view('fb', 'focusArea', null, 'planned');
  const portfolio = portfolioOf([subtree, [empty]], NOW);

  it('rolls up each focus area and totals everything', () => {
    expect(portfolio.focusAreas.map((r) => [r.root.id, r.initiatives, r.root.subtreeRag])).toEqual([
      ['fa', 7, 'red'],
      ['fb', 1, 'unknown'],
    ]);
    expect(portfolio.totals).toMatchObject({
      focusAreas: 2,
      initiatives: 8,
      subtreeRag: 'red',
      byStatus: { planned: 2, active: 4, paused: 1, closed: 1, stopping: 0 },
      // pr2 is closed: no RAG.
      byRag: { green: 1, amber: 1, red: 3, unknown: 2 },
      byKind: { focusArea: 2, programme: 1, agreedDelivery: 1, project: 3, measure: 1 },
      indicators: { total: 8 },
      benefits: { planned: 4, realised: 2, overdue: 1 },
    });
    expect(portfolio.totals.aggregates).toEqual(rollupSubtree(subtree, NOW).aggregates);
  });

  it('totals are the same computation as summarise over all views', () => {
    const { focusAreas: _count, ...totals } = portfolio.totals;
    expect(totals).toEqual(
      summarise(
        [...subtree, empty].map((v) => presentInitiative(v, NOW)),
        NOW,
      ),
    );
  });

  it('is empty without focus areas', () => {
    expect(portfolioOf([], NOW).totals).toMatchObject({
      focusAreas: 0,
      initiatives: 0,
      subtreeRag: 'unknown',
      aggregates: [],
    });
  });
});
