import { DeciderSpecification } from '../testing/decider-specification';
import {
  NOW,
  PLANNED_AT,
  TOMORROW,
  YESTERDAY,
  activated,
  command,
  event,
  milestoneAchieved,
  milestoneCancelled,
  milestoneMissed,
  milestonePlanned,
  paused,
  registered,
} from '../testing/initiative.fixtures';
import { initiativeDecider } from './initiative.decider';

const spec = DeciderSpecification.for(initiativeDecider);
const base = [registered(), activated()];
const planned = [...base, milestonePlanned('m-1', '2025-02-15')];
const AFTER_DUE = '2025-02-16T00:00:00Z';

describe('PlanMilestone', () => {
  it('plans a milestone', () => {
    spec
      .given(base)
      .when(command('PlanMilestone', { milestoneId: 'm-1', title: 'Course material ready', dueAt: '2025-06-30' }))
      .then([milestonePlanned('m-1', '2025-06-30', 'Course material ready', NOW)]);
  });

  it('keeps a description', () => {
    spec
      .given(base)
      .when(
        command('PlanMilestone', { milestoneId: 'm-1', title: 'T', dueAt: '2025-06-30T12:00:00Z', description: 'D' }),
      )
      .then([
        event('MilestonePlanned', { milestoneId: 'm-1', title: 'T', dueAt: '2025-06-30T12:00:00Z', description: 'D' }),
      ]);
  });

  it('refuses an invalid dueAt and a blank title', () => {
    spec
      .given(base)
      .when(command('PlanMilestone', { milestoneId: 'm-1', title: '', dueAt: '30.06.2025' }))
      .thenThrows('invalid', 'Required', ['title', 'dueAt']);
    spec
      .given(base)
      .when(command('PlanMilestone', { milestoneId: 'm-1', title: 'T', dueAt: '2025-13-01' }))
      .thenThrows('invalid', 'InvalidDate', ['dueAt']);
  });

  it('refuses a milestone id already used', () => {
    spec
      .given(planned)
      .when(command('PlanMilestone', { milestoneId: 'm-1', title: 'T', dueAt: '2025-06-30' }))
      .thenThrows('conflict', 'MilestoneAlreadyExists', ['milestoneId']);
  });
});

describe('AchieveMilestone', () => {
  const achieve = (achievedAt = YESTERDAY, evaluation = 'Delivered, with minor delays') =>
    command('AchieveMilestone', { milestoneId: 'm-1', achievedAt, evaluation });

  it('achieves a planned milestone with an interim evaluation', () => {
    spec
      .given(planned)
      .when(achieve())
      .then([
        event('MilestoneAchieved', {
          milestoneId: 'm-1',
          achievedAt: YESTERDAY,
          evaluation: 'Delivered, with minor delays',
        }),
      ]);
  });

  it('achieves a missed milestone late', () => {
    spec
      .given([...planned, milestoneMissed()])
      .when(achieve())
      .thenEvents();
  });

  it('is accepted while paused', () => {
    spec
      .given([...planned, ...paused()])
      .when(achieve())
      .thenEvents();
  });

  it('refuses an achieved milestone', () => {
    const error = spec
      .given([...planned, milestoneAchieved()])
      .when(achieve())
      .thenThrows('conflict', 'InvalidMilestoneTransition', ['milestoneId']);
    expect(error.message).toBe('milestone m-1 is already achieved; it cannot be achieved');
  });

  it('refuses a cancelled milestone', () => {
    const error = spec
      .given([...planned, milestoneCancelled()])
      .when(achieve())
      .thenThrows('conflict', 'InvalidMilestoneTransition');
    expect(error.message).toContain('already cancelled');
  });

  it('refuses an unknown milestone', () => {
    spec
      .given(planned)
      .when(command('AchieveMilestone', { milestoneId: 'm-9', achievedAt: YESTERDAY, evaluation: 'x' }))
      .thenThrows('notFound', 'MilestoneNotFound', ['milestoneId']);
  });

  it('refuses an achievement in the future', () => {
    spec.given(planned).when(achieve(TOMORROW)).thenThrows('invalid', 'OccurredInFuture', ['achievedAt']);
  });

  it('requires an evaluation', () => {
    spec.given(planned).when(achieve(YESTERDAY, ' ')).thenThrows('invalid', 'EvaluationRequired', ['evaluation']);
  });
});

describe('RescheduleMilestone', () => {
  const reschedule = (dueAt = '2025-08-31') =>
    command('RescheduleMilestone', { milestoneId: 'm-1', dueAt }, { reason: 'Supplier delayed', caseRef: '2025/55' });

  it('reschedules a planned milestone, carrying the previous due date and the reason', () => {
    spec
      .given(planned)
      .when(reschedule())
      .then([
        event(
          'MilestoneRescheduled',
          { milestoneId: 'm-1', previousDueAt: '2025-02-15', dueAt: '2025-08-31', reason: 'Supplier delayed' },
          { occurredAt: NOW, caseRef: '2025/55', reason: 'Supplier delayed' },
        ),
      ]);
  });

  it('reschedules a missed milestone back to planned', () => {
    const state = spec
      .given([...planned, milestoneMissed()])
      .when(reschedule())
      .thenState();
    expect(state.milestones['m-1']).toStrictEqual({
      title: 'Course material ready',
      status: 'planned',
      dueAt: '2025-08-31',
      achievedAt: null,
      plannedAt: PLANNED_AT,
    });
  });

  it.each([undefined, ' '])('requires a reason (%p)', (reason) => {
    spec
      .given(planned)
      .when(command('RescheduleMilestone', { milestoneId: 'm-1', dueAt: '2025-08-31' }, { reason }))
      .thenThrows('invalid', 'ReasonRequired', ['reason']);
  });

  it('refuses the same due date (compared as instants)', () => {
    spec.given(planned).when(reschedule('2025-02-15')).thenThrows('invalid', 'NoChange', ['dueAt']);
    spec.given(planned).when(reschedule('2025-02-15T00:00:00Z')).thenThrows('invalid', 'NoChange', ['dueAt']);
  });

  it('refuses an invalid due date', () => {
    spec.given(planned).when(reschedule('next week')).thenThrows('invalid', 'InvalidDate', ['dueAt']);
  });

  it('refuses achieved and cancelled milestones', () => {
    spec
      .given([...planned, milestoneAchieved()])
      .when(reschedule())
      .thenThrows('conflict', 'InvalidMilestoneTransition', ['milestoneId']);
    spec
      .given([...planned, milestoneCancelled()])
      .when(reschedule())
      .thenThrows('conflict', 'InvalidMilestoneTransition', ['milestoneId']);
  });

  it('refuses an unknown milestone', () => {
    spec
      .given(planned)
      .when(command('RescheduleMilestone', { milestoneId: 'm-9', dueAt: '2025-08-31' }, { reason: 'r' }))
      .thenThrows('notFound', 'MilestoneNotFound', ['milestoneId']);
  });
});

describe('MissMilestone', () => {
  const miss = (reason = 'Supplier went bankrupt', now = AFTER_DUE) =>
    command('MissMilestone', { milestoneId: 'm-1', reason }, { now });

  it('declares a planned milestone missed once it is due', () => {
    spec
      .given(planned)
      .when(miss())
      .then([
        event(
          'MilestoneMissed',
          { milestoneId: 'm-1', reason: 'Supplier went bankrupt' },
          { occurredAt: AFTER_DUE, reason: 'Supplier went bankrupt' },
        ),
      ]);
  });

  it('refuses a milestone not yet due', () => {
    const error = spec
      .given(planned)
      .when(miss('x', '2025-02-14T23:59:59Z'))
      .thenThrows('invalid', 'MilestoneNotYetDue', ['milestoneId']);
    expect(error.message).toContain('reschedule or cancel');
  });

  it('requires a reason', () => {
    spec.given(planned).when(miss(' ')).thenThrows('invalid', 'ReasonRequired', ['reason']);
  });

  it.each([
    ['achieved', milestoneAchieved()],
    ['missed', milestoneMissed()],
    ['cancelled', milestoneCancelled()],
  ] as const)('refuses a milestone that is %s', (status, e) => {
    const error = spec
      .given([...planned, e])
      .when(miss())
      .thenThrows('conflict', 'InvalidMilestoneTransition', ['milestoneId']);
    expect(error.message).toBe(`milestone m-1 is already ${status}; it cannot be missed`);
  });

  it('refuses an unknown milestone', () => {
    spec
      .given(planned)
      .when(command('MissMilestone', { milestoneId: 'm-9', reason: 'r' }))
      .thenThrows('notFound', 'MilestoneNotFound', ['milestoneId']);
  });
});

describe('CancelMilestone', () => {
  const cancel = (reason = 'Merged into m-2') => command('CancelMilestone', { milestoneId: 'm-1', reason });

  it('cancels a planned milestone', () => {
    spec
      .given(planned)
      .when(cancel())
      .then([
        event(
          'MilestoneCancelled',
          { milestoneId: 'm-1', reason: 'Merged into m-2' },
          { occurredAt: NOW, reason: 'Merged into m-2' },
        ),
      ]);
  });

  it('requires a reason', () => {
    spec.given(planned).when(cancel('')).thenThrows('invalid', 'ReasonRequired', ['reason']);
  });

  it.each([
    ['achieved', milestoneAchieved()],
    ['missed', milestoneMissed()],
    ['cancelled', milestoneCancelled()],
  ] as const)('refuses a milestone that is %s', (status, e) => {
    const error = spec
      .given([...planned, e])
      .when(cancel())
      .thenThrows('conflict', 'InvalidMilestoneTransition');
    expect(error.message).toBe(`milestone m-1 is already ${status}; it cannot be cancelled`);
  });

  it('refuses an unknown milestone', () => {
    spec.given(base).when(cancel()).thenThrows('notFound', 'MilestoneNotFound', ['milestoneId']);
  });
});

describe('a change dated before the milestone was planned', () => {
  const plannedInMarch = [...base, milestonePlanned('m-1', '2025-06-30', 'T', '2025-03-01T00:00:00Z')];
  const datedFebruary = { occurredAt: '2025-02-20T00:00:00Z', reason: 'r' };

  it.each([
    [
      'AchieveMilestone',
      command('AchieveMilestone', { milestoneId: 'm-1', achievedAt: '2025-02-20', evaluation: 'E' }, datedFebruary),
    ],
    ['RescheduleMilestone', command('RescheduleMilestone', { milestoneId: 'm-1', dueAt: '2025-08-31' }, datedFebruary)],
    ['CancelMilestone', command('CancelMilestone', { milestoneId: 'm-1', reason: 'r' }, datedFebruary)],
  ] as const)('%s is refused, naming occurredAt and when it was planned', (_, when) => {
    const error = spec.given(plannedInMarch).when(when).thenThrows('invalid', 'OccurredBeforePlanned', ['occurredAt']);
    expect(error.message).toContain('was planned at 2025-03-01T00:00:00Z');
  });

  it('is accepted from the moment it was planned', () => {
    spec
      .given(plannedInMarch)
      .when(command('CancelMilestone', { milestoneId: 'm-1', reason: 'r' }, { occurredAt: '2025-03-01T00:00:00Z' }))
      .then([
        event(
          'MilestoneCancelled',
          { milestoneId: 'm-1', reason: 'r' },
          { occurredAt: '2025-03-01T00:00:00Z', reason: 'r' },
        ),
      ]);
  });
});
