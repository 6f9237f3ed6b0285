import { DeciderSpecification } from '../testing/decider-specification';
import {
  NOW,
  TOMORROW,
  YESTERDAY,
  activated,
  command,
  event,
  goalDefined,
  indicatorDefined,
  paused,
  registered,
} from '../testing/initiative.fixtures';
import { initiativeDecider } from './initiative.decider';
import type { DefineIndicator } from './initiative.commands';
import type { ResultLevel } from './initiative.types';

const spec = DeciderSpecification.for(initiativeDecider);
const withGoal = [registered(), activated(), goalDefined()];

describe('DefineGoal', () => {
  it('defines a goal on a planned initiative', () => {
    spec
      .given([registered()])
      .when(
        command('DefineGoal', {
          goalId: 'g-1',
          statement: '200 businesses complete the course',
          resultLevel: 'output',
        }),
      )
      .then([goalDefined()]);
  });

  it('is accepted while paused', () => {
    spec
      .given([registered(), activated(), ...paused()])
      .when(
        command('DefineGoal', {
          goalId: 'g-1',
          statement: '200 businesses complete the course',
          resultLevel: 'output',
        }),
      )
      .then([goalDefined()]);
  });

  it('refuses a goal id already used', () => {
    spec
      .given(withGoal)
      .when(command('DefineGoal', { goalId: 'g-1', statement: 'Other', resultLevel: 'input' }))
      .thenThrows('conflict', 'GoalAlreadyExists', ['goalId']);
  });

  it('refuses a blank statement and an unknown result level together', () => {
    const error = spec
      .given([registered()])
      .when(command('DefineGoal', { goalId: 'g-1', statement: '  ', resultLevel: 'impact' as ResultLevel }))
      .thenThrows('invalid', 'Required', ['statement', 'resultLevel']);
    expect(error.details[1].message).toContain('input, activity, output, userEffect, societalEffect');
  });

  it('treats ids such as "constructor" as ordinary ids', () => {
    spec
      .given([registered()])
      .when(command('DefineGoal', { goalId: 'constructor', statement: 'S', resultLevel: 'input' }))
      .then([goalDefined('constructor', 'S', 'input')]);
    spec
      .given([registered(), goalDefined('__proto__', 'S', 'input')])
      .when(command('DefineGoal', { goalId: '__proto__', statement: 'S', resultLevel: 'input' }))
      .thenThrows('conflict', 'GoalAlreadyExists');
  });
});

describe('ReviseGoal', () => {
  it('emits GoalRevised with before, after, reason and caseRef', () => {
    spec
      .given(withGoal)
      .when(
        command(
          'ReviseGoal',
          { goalId: 'g-1', statement: '250 businesses complete the course' },
          { reason: 'Demand higher than expected', caseRef: '2025/321', occurredAt: YESTERDAY },
        ),
      )
      .then([
        event(
          'GoalRevised',
          {
            goalId: 'g-1',
            before: { statement: '200 businesses complete the course', resultLevel: 'output' },
            after: { statement: '250 businesses complete the course', resultLevel: 'output' },
            reason: 'Demand higher than expected',
          },
          { occurredAt: YESTERDAY, caseRef: '2025/321', reason: 'Demand higher than expected' },
        ),
      ]);
  });

  it('can change only the result level', () => {
    const [e] = spec
      .given(withGoal)
      .when(command('ReviseGoal', { goalId: 'g-1', resultLevel: 'userEffect' }, { reason: 'Aim at effects' }))
      .thenEvents();
    expect(e).toMatchObject({
      type: 'GoalRevised',
      data: { after: { statement: '200 businesses complete the course', resultLevel: 'userEffect' } },
    });
    expect(e.metadata).toStrictEqual({ occurredAt: NOW, reason: 'Aim at effects' });
  });

  it('the revision shows in later decisions (before = last after)', () => {
    const revised = spec
      .given(withGoal)
      .when(command('ReviseGoal', { goalId: 'g-1', statement: 'v2' }, { reason: 'r' }))
      .thenEvents();
    const [second] = spec
      .given([...withGoal, ...revised])
      .when(command('ReviseGoal', { goalId: 'g-1', statement: 'v3' }, { reason: 'r' }))
      .thenEvents();
    expect(second).toMatchObject({ data: { before: { statement: 'v2' }, after: { statement: 'v3' } } });
  });

  it('refuses an unknown goal', () => {
    const error = spec
      .given(withGoal)
      .when(command('ReviseGoal', { goalId: 'g-9', statement: 'x' }, { reason: 'r' }))
      .thenThrows('notFound', 'GoalNotFound', ['goalId']);
    expect(error.message).toContain('g-9');
  });

  it.each([undefined, '', '   '])('refuses a missing or blank reason (%p)', (reason) => {
    spec
      .given(withGoal)
      .when(command('ReviseGoal', { goalId: 'g-1', statement: 'x' }, { reason }))
      .thenThrows('invalid', 'ReasonRequired', ['reason']);
  });

  it('refuses a revision that changes nothing', () => {
    spec
      .given(withGoal)
      .when(command('ReviseGoal', { goalId: 'g-1' }, { reason: 'r' }))
      .thenThrows('invalid', 'NoChange', ['statement', 'resultLevel']);
    spec
      .given(withGoal)
      .when(
        command(
          'ReviseGoal',
          { goalId: 'g-1', statement: '200 businesses complete the course', resultLevel: 'output' },
          { reason: 'r' },
        ),
      )
      .thenThrows('invalid', 'NoChange', ['statement', 'resultLevel']);
  });

  it('refuses a blank statement or unknown result level', () => {
    spec
      .given(withGoal)
      .when(command('ReviseGoal', { goalId: 'g-1', statement: ' ', resultLevel: 'x' as ResultLevel }, { reason: 'r' }))
      .thenThrows('invalid', 'Required', ['statement', 'resultLevel']);
  });

  it('lists a missing reason together with other problems', () => {
    spec
      .given(withGoal)
      .when(command('ReviseGoal', { goalId: 'g-1' }))
      .thenThrows('invalid', 'ReasonRequired', ['reason', 'statement', 'resultLevel']);
  });
});

const defineIndicator = (overrides: Partial<DefineIndicator['data']> = {}) =>
  command('DefineIndicator', {
    goalId: 'g-1',
    indicatorId: 'ind-1',
    name: 'Businesses completing the course',
    unit: 'count',
    direction: 'increase',
    baseline: { value: 0, at: '2025-01-01' },
    targets: [
      { value: 100, at: '2025-12-31' },
      { value: 200, at: '2026-12-31' },
    ],
    aggregation: 'sum',
    ...overrides,
  });

describe('DefineIndicator', () => {
  it('defines an indicator on a goal', () => {
    spec.given(withGoal).when(defineIndicator()).then([indicatorDefined()]);
  });

  it('sorts targets by time and defaults aggregation to none', () => {
    spec
      .given(withGoal)
      .when(
        defineIndicator({
          aggregation: undefined,
          targets: [
            { value: 200, at: '2026-12-31' },
            { value: 100, at: '2025-12-31' },
          ],
        }),
      )
      .then([indicatorDefined('ind-1', 'g-1', { aggregation: 'none' })]);
  });

  it('refuses an unknown goal', () => {
    spec
      .given(withGoal)
      .when(defineIndicator({ goalId: 'g-9' }))
      .thenThrows('notFound', 'GoalNotFound', ['goalId']);
  });

  it('refuses an indicator id already used', () => {
    spec
      .given([...withGoal, indicatorDefined()])
      .when(defineIndicator())
      .thenThrows('conflict', 'IndicatorAlreadyExists', ['indicatorId']);
  });

  it('refuses an empty target list', () => {
    spec
      .given(withGoal)
      .when(defineIndicator({ targets: [] }))
      .thenThrows('invalid', 'TargetsRequired', ['targets']);
  });

  it('refuses a target at or before the baseline', () => {
    const error = spec
      .given(withGoal)
      .when(
        defineIndicator({
          targets: [
            { value: 5, at: '2024-12-31' },
            { value: 6, at: '2025-01-01' },
            { value: 7, at: '2025-06-01' },
          ],
        }),
      )
      .thenThrows('invalid', 'TargetBeforeBaseline', ['targets[0].at', 'targets[1].at']);
    expect(error.details[0].message).toBe('target at 2024-12-31 must come after the baseline at 2025-01-01');
  });

  it('refuses two targets on the same date (also at different times of day)', () => {
    spec
      .given(withGoal)
      .when(
        defineIndicator({
          targets: [
            { value: 100, at: '2025-12-31' },
            { value: 120, at: '2025-12-31T15:00:00Z' },
          ],
        }),
      )
      .thenThrows('invalid', 'DuplicateTargetDate', ['targets[1].at']);
  });

  it('refuses targets that contradict the direction', () => {
    spec
      .given(withGoal)
      .when(defineIndicator({ baseline: { value: 50, at: '2025-01-01' }, targets: [{ value: 40, at: '2025-12-31' }] }))
      .thenThrows('invalid', 'TargetContradictsDirection', ['targets[0].value']);
    spec
      .given(withGoal)
      .when(
        defineIndicator({
          direction: 'decrease',
          baseline: { value: 50, at: '2025-01-01' },
          targets: [{ value: 60, at: '2025-12-31' }],
        }),
      )
      .thenThrows('invalid', 'TargetContradictsDirection', ['targets[0].value']);
    spec
      .given(withGoal)
      .when(
        defineIndicator({
          direction: 'maintain',
          baseline: { value: 50, at: '2025-01-01' },
          targets: [{ value: 49, at: '2025-12-31' }],
        }),
      )
      .thenEvents();
  });

  it('lists every malformed field', () => {
    spec
      .given(withGoal)
      .when(
        defineIndicator({
          name: '',
          unit: ' ',
          direction: 'up' as 'increase',
          aggregation: 'max' as 'sum',
          baseline: { value: Number.NaN, at: 'soon' },
          targets: [{ value: 1, at: 'later' }],
        }),
      )
      .thenThrows('invalid', 'Required', [
        'name',
        'unit',
        'direction',
        'aggregation',
        'baseline.value',
        'baseline.at',
        'targets[0].at',
      ]);
  });
});

describe('RecordMeasurement', () => {
  const measure = (overrides: Record<string, unknown> = {}) =>
    command('RecordMeasurement', {
      indicatorId: 'ind-1',
      measurementId: 'meas-1',
      value: 42,
      at: YESTERDAY,
      ...overrides,
    });
  const history = [...withGoal, indicatorDefined()];

  it('records a measurement', () => {
    spec
      .given(history)
      .when(measure({ source: 'Course register', note: 'Q1' }))
      .then([
        event('MeasurementRecorded', {
          indicatorId: 'ind-1',
          measurementId: 'meas-1',
          value: 42,
          at: YESTERDAY,
          source: 'Course register',
          note: 'Q1',
        }),
      ]);
  });

  it('accepts a measurement dated before the baseline, and one at exactly now', () => {
    spec
      .given(history)
      .when(measure({ at: '2024-06-01' }))
      .thenEvents();
    spec
      .given(history)
      .when(measure({ at: NOW }))
      .thenEvents();
  });

  it('is accepted while paused', () => {
    spec
      .given([...history, ...paused()])
      .when(measure())
      .thenEvents();
  });

  it('refuses an unknown indicator', () => {
    spec
      .given(history)
      .when(measure({ indicatorId: 'ind-9' }))
      .thenThrows('notFound', 'IndicatorNotFound', ['indicatorId']);
  });

  it('refuses a measurement in the future', () => {
    spec
      .given(history)
      .when(measure({ at: TOMORROW }))
      .thenThrows('invalid', 'OccurredInFuture', ['at']);
  });

  describe("a date without a time is a day of the county's calendar (Europe/Oslo)", () => {
    const measureOn = (at: string, now: string) =>
      command('RecordMeasurement', { indicatorId: 'ind-1', measurementId: 'meas-1', value: 42, at }, { now });

    it("accepts today's date in Oslo after midnight there, while UTC is still on the day before", () => {
      // 23:30 UTC on 1 March is 00:30 on 2 March in Oslo (UTC+1); 22:30 UTC on 30 June is 00:30 on 1 July (UTC+2).
      spec.given(history).when(measureOn('2025-03-02', '2025-03-01T23:30:00.000Z')).thenEvents();
      spec.given(history).when(measureOn('2025-07-01', '2025-06-30T22:30:00.000Z')).thenEvents();
    });

    it("refuses tomorrow's date in Oslo, and a time with an offset that is still ahead", () => {
      spec
        .given(history)
        .when(measureOn('2025-03-03', '2025-03-01T23:30:00.000Z'))
        .thenThrows('invalid', 'OccurredInFuture', ['at']);
      spec
        .given(history)
        .when(measureOn('2025-03-02', '2025-03-01T22:30:00.000Z'))
        .thenThrows('invalid', 'OccurredInFuture', ['at']);
      spec
        .given(history)
        .when(measureOn('2025-03-02T00:45:00+01:00', '2025-03-01T23:30:00.000Z'))
        .thenThrows('invalid', 'OccurredInFuture', ['at']);
    });
  });

  it('refuses a measurement id already used', () => {
    const first = spec.given(history).when(measure()).thenEvents();
    spec
      .given([...history, ...first])
      .when(measure())
      .thenThrows('conflict', 'MeasurementAlreadyRecorded', ['measurementId']);
  });

  it('refuses a non-finite value', () => {
    spec
      .given(history)
      .when(measure({ value: Number.POSITIVE_INFINITY }))
      .thenThrows('invalid', 'InvalidNumber', ['value']);
  });
});
