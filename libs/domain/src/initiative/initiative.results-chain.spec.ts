import { DeciderSpecification } from '../testing/decider-specification';
import {
  YESTERDAY,
  activated,
  command,
  event,
  goalDefined,
  indicatorDefined,
  registered,
} from '../testing/initiative.fixtures';
import { initiativeDecider } from './initiative.decider';
import type { GoalAssessment } from './initiative.types';

const spec = DeciderSpecification.for(initiativeDecider);
const activate = (goalPolicy?: 'strict' | 'advisory') =>
  command('ActivateInitiative', goalPolicy ? { goalPolicy } : {});
const measured = (indicatorId: string, value: number, at = YESTERDAY) =>
  event('MeasurementRecorded', { indicatorId, measurementId: `me-${value}`, value, at, source: null, note: null });

describe('ActivateInitiative: verifiable goals', () => {
  describe('under the strict policy', () => {
    it('refuses while an output goal has no indicator, naming the goal', () => {
      const error = spec
        .given([registered(), goalDefined('g-1', 'Course delivered', 'output')])
        .when(activate('strict'))
        .thenThrows('invalid', 'GoalNotVerifiable', ['goals.g-1']);
      expect(error.details[0]!.message).toContain('g-1');
    });

    it('is the default when the shell gives no policy', () => {
      spec
        .given([registered(), goalDefined('g-1', 'Fewer drop-outs', 'userEffect')])
        .when(activate())
        .thenThrows('invalid', 'GoalNotVerifiable', ['goals.g-1']);
    });

    it('does not count a context indicator, and names every unverifiable goal', () => {
      spec
        .given([
          registered(),
          goalDefined('g-1', 'Fewer drop-outs', 'userEffect'),
          goalDefined('g-2', 'More jobs in the region', 'societalEffect'),
          indicatorDefined('ctx-1', 'g-1', { role: 'context' }),
        ])
        .when(activate('strict'))
        .thenThrows('invalid', 'GoalNotVerifiable', ['goals.g-1', 'goals.g-2']);
    });

    it('activates once every output and effect goal has a performance indicator', () => {
      spec
        .given([
          registered(),
          goalDefined('g-1', 'Course delivered', 'output'),
          indicatorDefined('ind-1', 'g-1', { frequency: 'quarterly', method: 'register' }),
          goalDefined('g-0', 'Teachers hired', 'input'),
          goalDefined('g-a', 'Workshops held', 'activity'),
        ])
        .when(activate('strict'))
        .then([activated()]);
    });
  });

  describe('under the advisory policy', () => {
    it('activates although a goal cannot be verified', () => {
      spec
        .given([registered(), goalDefined('g-1', 'Course delivered', 'output')])
        .when(activate('advisory'))
        .then([activated()]);
    });
  });
});

describe('DefineIndicator: frequency, method and role', () => {
  it('records them when given', () => {
    const [e] = spec
      .given([registered(), goalDefined()])
      .when(
        command('DefineIndicator', {
          goalId: 'g-1',
          indicatorId: 'ind-1',
          name: 'Unemployment',
          unit: '%',
          direction: 'decrease',
          baseline: { value: 4, at: '2025-01-01' },
          targets: [{ value: 3, at: '2025-12-31' }],
          frequency: 'monthly',
          method: 'statistics',
          role: 'context',
        }),
      )
      .thenEvents();
    expect(e!.data).toMatchObject({ frequency: 'monthly', method: 'statistics', role: 'context' });
  });

  it('refuses values outside the vocabulary', () => {
    spec
      .given([registered(), goalDefined()])
      .when(
        command('DefineIndicator', {
          goalId: 'g-1',
          indicatorId: 'ind-1',
          name: 'Unemployment',
          unit: '%',
          direction: 'decrease',
          baseline: { value: 4, at: '2025-01-01' },
          targets: [{ value: 3, at: '2025-12-31' }],
          frequency: 'weekly' as never,
          role: 'background' as never,
        }),
      )
      .thenThrows('invalid', 'InvalidValue', ['frequency', 'role']);
  });
});

describe('CloseInitiative: assessments backed by data', () => {
  // Final target 200 (2026-12-31); the latest measurement is 160.
  const history = [registered(), goalDefined(), indicatorDefined(), activated(), measured('ind-1', 160)];
  const close = (goalAssessments: GoalAssessment[]) =>
    command('CloseInitiative', { outcome: 'cancelled', finalEvaluation: 'Stopped early', goalAssessments });

  it('refuses "full" when a performance indicator misses its final target, naming indicator, value and target', () => {
    const error = spec
      .given(history)
      .when(close([{ goalId: 'g-1', achievement: 'full', comment: 'Done' }]))
      .thenThrows('invalid', 'AssessmentContradictsData', ['goalAssessments[0].achievement']);
    expect(error.message).toContain('ind-1');
    expect(error.message).toContain('160');
    expect(error.message).toContain('200');
  });

  it('accepts "full" with an override and stores its reason', () => {
    const assessment = { goalId: 'g-1', achievement: 'full', comment: 'Done', override: { reason: 'Register lags' } };
    const [e] = spec
      .given(history)
      .when(close([assessment as GoalAssessment]))
      .thenEvents();
    expect(e!.data).toMatchObject({ goalAssessments: [assessment] });
  });

  it('accepts "partial", and "full" once the latest value meets the final target', () => {
    spec
      .given(history)
      .when(close([{ goalId: 'g-1', achievement: 'partial', comment: '160 of 200' }]))
      .thenEvents();
    spec
      .given([...history, measured('ind-1', 205)])
      .when(close([{ goalId: 'g-1', achievement: 'full', comment: 'Done' }]))
      .thenEvents();
  });

  it('ignores context indicators', () => {
    spec
      .given([...history.slice(0, 3), indicatorDefined('ctx-1', 'g-1', { role: 'context' }), measured('ctx-1', 1)])
      .when(close([{ goalId: 'g-1', achievement: 'full', comment: 'Done' }]))
      .thenEvents();
  });

  it('refuses an override without a reason', () => {
    spec
      .given(history)
      .when(close([{ goalId: 'g-1', achievement: 'full', comment: 'Done', override: { reason: ' ' } }]))
      .thenThrows('invalid', 'Required', ['goalAssessments[0].override.reason']);
  });
});
