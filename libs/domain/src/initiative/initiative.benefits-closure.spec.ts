import { DeciderSpecification } from '../testing/decider-specification';
import {
  NOW,
  TOMORROW,
  YESTERDAY,
  activated,
  benefitRegistered,
  closed,
  command,
  event,
  goalDefined,
  indicatorDefined,
  milestoneAchieved,
  milestoneCancelled,
  milestoneMissed,
  milestonePlanned,
  paused,
  registered,
} from '../testing/initiative.fixtures';
import { initiativeDecider } from './initiative.decider';
import type { CloseInitiative, RegisterBenefit } from './initiative.commands';
import type { GoalAssessment } from './initiative.types';

const spec = DeciderSpecification.for(initiativeDecider);
const base = [registered(), activated(), goalDefined(), indicatorDefined()];

const registerBenefit = (overrides: Partial<RegisterBenefit['data']> = {}) =>
  command('RegisterBenefit', {
    benefitId: 'b-1',
    description: 'Higher turnover in participating businesses',
    owner: 'Head of business development',
    kind: 'benefit',
    realisationDue: '2027-12-31',
    ...overrides,
  });

describe('RegisterBenefit', () => {
  it('registers a benefit', () => {
    spec.given(base).when(registerBenefit()).then([benefitRegistered()]);
  });

  it('registers a disbenefit linked to an indicator with baseline and target', () => {
    spec
      .given(base)
      .when(registerBenefit({ kind: 'disbenefit', indicatorId: 'ind-1', baseline: 10, target: 4 }))
      .then([benefitRegistered('b-1', { kind: 'disbenefit', indicatorId: 'ind-1', baseline: 10, target: 4 })]);
  });

  it('requires an owner (gevinsteigar)', () => {
    spec
      .given(base)
      .when(registerBenefit({ owner: ' ' }))
      .thenThrows('invalid', 'BenefitOwnerRequired', ['owner']);
  });

  it('requires a realisation date', () => {
    spec
      .given(base)
      .when(registerBenefit({ realisationDue: '' }))
      .thenThrows('invalid', 'RealisationDueRequired', ['realisationDue']);
    spec
      .given(base)
      .when(registerBenefit({ realisationDue: 'in 2027' }))
      .thenThrows('invalid', 'InvalidDate', ['realisationDue']);
  });

  it('refuses an unknown indicator', () => {
    spec
      .given(base)
      .when(registerBenefit({ indicatorId: 'ind-9' }))
      .thenThrows('invalid', 'IndicatorNotFound', ['indicatorId']);
  });

  it('refuses an unknown kind, blank description and non-finite numbers, all at once', () => {
    spec
      .given(base)
      .when(registerBenefit({ kind: 'gain' as 'benefit', description: '', baseline: Number.NaN }))
      .thenThrows('invalid', 'Required', ['description', 'kind', 'baseline']);
  });

  it('refuses a benefit id already used', () => {
    spec
      .given([...base, benefitRegistered()])
      .when(registerBenefit())
      .thenThrows('conflict', 'BenefitAlreadyExists', ['benefitId']);
  });
});

describe('RecordBenefitRealisation', () => {
  const realise = (overrides: Record<string, unknown> = {}) =>
    command('RecordBenefitRealisation', {
      benefitId: 'b-1',
      realisationId: 'r-1',
      value: 3.5,
      at: YESTERDAY,
      ...overrides,
    });
  const withBenefit = [...base, benefitRegistered()];

  it('records a realisation', () => {
    spec
      .given(withBenefit)
      .when(realise({ note: 'Annual accounts 2024' }))
      .then([
        event('BenefitRealisationRecorded', {
          benefitId: 'b-1',
          realisationId: 'r-1',
          value: 3.5,
          at: YESTERDAY,
          note: 'Annual accounts 2024',
        }),
      ]);
  });

  it('is allowed after closure and while paused', () => {
    spec
      .given([...withBenefit, closed()])
      .when(realise())
      .thenEvents();
    spec
      .given([...withBenefit, ...paused()])
      .when(realise())
      .thenEvents();
  });

  it('refuses an unknown benefit (also after closure)', () => {
    spec
      .given(withBenefit)
      .when(realise({ benefitId: 'b-9' }))
      .thenThrows('notFound', 'BenefitNotFound', ['benefitId']);
    spec
      .given([...withBenefit, closed()])
      .when(realise({ benefitId: 'b-9' }))
      .thenThrows('notFound', 'BenefitNotFound');
  });

  it('refuses a realisation in the future', () => {
    spec
      .given(withBenefit)
      .when(realise({ at: TOMORROW }))
      .thenThrows('invalid', 'OccurredInFuture', ['at']);
  });

  it('refuses a realisation id already used', () => {
    const first = spec.given(withBenefit).when(realise()).thenEvents();
    spec
      .given([...withBenefit, ...first])
      .when(realise())
      .thenThrows('conflict', 'RealisationAlreadyRecorded', ['realisationId']);
  });

  it('refuses a value that is not a number', () => {
    spec
      .given(withBenefit)
      .when(realise({ value: '3' }))
      .thenThrows('invalid', 'InvalidNumber', ['value']);
  });
});

describe('CloseInitiative', () => {
  const assessments: GoalAssessment[] = [{ goalId: 'g-1', achievement: 'partial', comment: '160 of 200 completed' }];
  const close = (overrides: Partial<CloseInitiative['data']> = {}, metadata = {}) =>
    command(
      'CloseInitiative',
      {
        outcome: 'completed',
        finalEvaluation: 'Most businesses completed; follow-up survey planned',
        goalAssessments: assessments,
        lessons: 'Recruit through trade associations',
        ...overrides,
      },
      metadata,
    );
  const ready = [...base, milestonePlanned(), milestoneAchieved(), benefitRegistered()];

  it('closes with the final evaluation; closedAt is the business time', () => {
    spec
      .given(ready)
      .when(close({}, { occurredAt: YESTERDAY, caseRef: '2025/900' }))
      .then([
        event(
          'InitiativeClosed',
          {
            outcome: 'completed',
            finalEvaluation: 'Most businesses completed; follow-up survey planned',
            goalAssessments: assessments,
            lessons: 'Recruit through trade associations',
            closedAt: YESTERDAY,
          },
          { occurredAt: YESTERDAY, caseRef: '2025/900' },
        ),
      ]);
  });

  it('closedAt defaults to now; lessons default to null', () => {
    const [e] = spec
      .given(ready)
      .when(close({ lessons: undefined }))
      .thenEvents();
    expect(e.data).toMatchObject({ closedAt: NOW, lessons: null });
  });

  it('closes a planned initiative and a paused one', () => {
    spec
      .given([registered()])
      .when(close({ outcome: 'cancelled', goalAssessments: [] }))
      .thenEvents();
    expect(
      spec
        .given([...ready, ...paused()])
        .when(close())
        .thenState(),
    ).toMatchObject({ status: 'closed', closedAt: NOW });
  });

  it('refuses to close twice', () => {
    spec
      .given([...ready, closed()])
      .when(close())
      .thenThrows('conflict', 'InitiativeClosed');
  });

  it('requires a final evaluation', () => {
    spec
      .given(ready)
      .when(close({ finalEvaluation: '  ' }))
      .thenThrows('invalid', 'FinalEvaluationRequired', ['finalEvaluation']);
  });

  it('refuses an unknown outcome', () => {
    spec
      .given(ready)
      .when(close({ outcome: 'done' as 'completed' }))
      .thenThrows('invalid', 'InvalidValue', ['outcome']);
  });

  it('lists every goal without an assessment', () => {
    const error = spec
      .given([...ready, goalDefined('g-2', 'Second goal'), goalDefined('g-3', 'Third goal')])
      .when(close())
      .thenThrows('invalid', 'GoalAssessmentMissing', ['goalAssessments', 'goalAssessments']);
    expect(error.details.map((d) => d.message)).toEqual([
      'goal g-2 ("Second goal") has no assessment; every goal must be assessed at closure',
      'goal g-3 ("Third goal") has no assessment; every goal must be assessed at closure',
    ]);
  });

  it('refuses an assessment of an unknown goal', () => {
    spec
      .given(ready)
      .when(close({ goalAssessments: [...assessments, { goalId: 'g-9', achievement: 'full', comment: 'x' }] }))
      .thenThrows('invalid', 'UnknownGoal', ['goalAssessments[1].goalId']);
  });

  it('refuses a goal assessed twice', () => {
    spec
      .given(ready)
      .when(close({ goalAssessments: [...assessments, { goalId: 'g-1', achievement: 'full', comment: 'again' }] }))
      .thenThrows('invalid', 'DuplicateGoalAssessment', ['goalAssessments[1].goalId']);
  });

  it('refuses an unknown achievement and a blank comment', () => {
    spec
      .given(ready)
      .when(close({ goalAssessments: [{ goalId: 'g-1', achievement: 'most' as 'full', comment: '' }] }))
      .thenThrows('invalid', 'InvalidValue', ['goalAssessments[0].achievement', 'goalAssessments[0].comment']);
  });

  it('requires every benefit to have an owner and a realisation date', () => {
    // Only reachable through events written before these fields were required.
    spec
      .given([...ready, benefitRegistered('b-2', { owner: '', realisationDue: '' })])
      .when(close())
      .thenThrows('invalid', 'BenefitIncomplete', ['benefits.b-2']);
  });

  it('refuses to close as completed while milestones are still planned, but allows cancelled', () => {
    const open = [...ready, milestonePlanned('m-2', '2025-09-30', 'Survey')];
    const error = spec.given(open).when(close()).thenThrows('conflict', 'MilestonesOpen', ['milestones.m-2']);
    expect(error.message).toContain('m-2');
    spec
      .given(open)
      .when(close({ outcome: 'cancelled' }))
      .thenEvents();
    spec
      .given([...open, milestoneMissed('m-2')])
      .when(close())
      .thenEvents();
    spec
      .given([...open, milestoneCancelled('m-2')])
      .when(close())
      .thenEvents();
  });

  it('refuses a closure dated in the future', () => {
    spec
      .given(ready)
      .when(close({}, { occurredAt: TOMORROW }))
      .thenThrows('invalid', 'OccurredInFuture', ['occurredAt']);
  });
});
