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
  milestoneAchieved,
  milestonePlanned,
  paused,
  registered,
} from '../testing/initiative.fixtures';
import { initiativeDecider } from './initiative.decider';
import type { CorrectCourse, CourseChange } from './initiative.commands';

const spec = DeciderSpecification.for(initiativeDecider);
const history = [
  registered(),
  activated(),
  goalDefined(),
  indicatorDefined(),
  milestonePlanned('m-1', '2025-06-30'),
  milestonePlanned('m-2', '2025-02-01', 'Pilot started'),
  milestoneAchieved('m-2', '2025-02-01'),
];

const correct = (changes: CourseChange[], overrides: Partial<CorrectCourse['data']> = {}, metadata = {}) =>
  command(
    'CorrectCourse',
    {
      courseCorrectionId: 'cc-1',
      rationale: 'Recruitment is slower than planned',
      caseRef: '2025/777',
      decidedBy: 'Steering group',
      occurredAt: YESTERDAY,
      changes,
      ...overrides,
    },
    metadata,
  );

const meta = {
  occurredAt: YESTERDAY,
  decisionId: 'cc-1',
  caseRef: '2025/777',
  reason: 'Recruitment is slower than planned',
};

describe('CorrectCourse', () => {
  it('applies every kind of change in one commit, opened by CourseCorrected and linked by decisionId', () => {
    spec
      .given(history)
      .when(
        correct([
          { type: 'reviseGoal', goalId: 'g-1', statement: '150 businesses complete the course' },
          {
            type: 'changeTargets',
            indicatorId: 'ind-1',
            targets: [
              { value: 150, at: '2026-12-31' },
              { value: 60, at: '2025-12-31' },
            ],
          },
          { type: 'rescheduleMilestone', milestoneId: 'm-1', dueAt: '2025-09-30' },
          { type: 'planMilestone', milestoneId: 'm-3', title: 'Extra recruitment campaign', dueAt: '2025-04-30' },
        ]),
      )
      .then([
        event(
          'CourseCorrected',
          {
            courseCorrectionId: 'cc-1',
            rationale: 'Recruitment is slower than planned',
            caseRef: '2025/777',
            decidedBy: 'Steering group',
            occurredAt: YESTERDAY,
            changeCount: 4,
          },
          meta,
        ),
        event(
          'GoalRevised',
          {
            goalId: 'g-1',
            before: { statement: '200 businesses complete the course', resultLevel: 'output' },
            after: { statement: '150 businesses complete the course', resultLevel: 'output' },
            reason: 'Recruitment is slower than planned',
          },
          meta,
        ),
        event(
          'IndicatorTargetsChanged',
          {
            indicatorId: 'ind-1',
            before: [
              { value: 100, at: '2025-12-31' },
              { value: 200, at: '2026-12-31' },
            ],
            after: [
              { value: 60, at: '2025-12-31' },
              { value: 150, at: '2026-12-31' },
            ],
            reason: 'Recruitment is slower than planned',
          },
          meta,
        ),
        event(
          'MilestoneRescheduled',
          {
            milestoneId: 'm-1',
            previousDueAt: '2025-06-30',
            dueAt: '2025-09-30',
            reason: 'Recruitment is slower than planned',
          },
          meta,
        ),
        event(
          'MilestonePlanned',
          { milestoneId: 'm-3', title: 'Extra recruitment campaign', dueAt: '2025-04-30', description: null },
          meta,
        ),
      ]);
  });

  it('judges each change against the state left by the earlier ones (plan, then reschedule)', () => {
    const events = spec
      .given(history)
      .when(
        correct([
          { type: 'planMilestone', milestoneId: 'm-3', title: 'New', dueAt: '2025-04-30' },
          { type: 'rescheduleMilestone', milestoneId: 'm-3', dueAt: '2025-05-31' },
        ]),
      )
      .thenEvents();
    expect(events.map((e) => e.type)).toEqual(['CourseCorrected', 'MilestonePlanned', 'MilestoneRescheduled']);
    expect(events[2].data).toMatchObject({ milestoneId: 'm-3', previousDueAt: '2025-04-30', dueAt: '2025-05-31' });
  });

  it('a second revision of the same goal sees the first (and a repeat is NoChange)', () => {
    const events = spec
      .given(history)
      .when(
        correct([
          { type: 'reviseGoal', goalId: 'g-1', statement: 'v2' },
          { type: 'reviseGoal', goalId: 'g-1', resultLevel: 'userEffect' },
        ]),
      )
      .thenEvents();
    expect(events[2].data).toMatchObject({
      before: { statement: 'v2', resultLevel: 'output' },
      after: { statement: 'v2', resultLevel: 'userEffect' },
    });
    spec
      .given(history)
      .when(
        correct([
          { type: 'reviseGoal', goalId: 'g-1', statement: 'v2' },
          { type: 'reviseGoal', goalId: 'g-1', statement: 'v2' },
        ]),
      )
      .thenThrows('invalid', 'NoChange', ['changes[1].statement']);
  });

  it('is atomic: one invalid change refuses the whole correction, naming the change', () => {
    const error = spec
      .given(history)
      .when(
        correct([
          { type: 'planMilestone', milestoneId: 'm-3', title: 'Fine', dueAt: '2025-04-30' },
          { type: 'reviseGoal', goalId: 'g-404', statement: 'x' },
          { type: 'rescheduleMilestone', milestoneId: 'm-1', dueAt: '2025-09-30' },
        ]),
      )
      .thenThrows('invalid', 'GoalNotFound', ['changes[1].goalId']);
    expect(error.message).toContain('changes[1] (reviseGoal): goal g-404 does not exist');
    expect(error.message).toContain('no change of this course correction was applied');
  });

  describe('refusals per change type', () => {
    it('reviseGoal: unknown goal, nothing to change', () => {
      spec
        .given(history)
        .when(correct([{ type: 'reviseGoal', goalId: 'g-9', statement: 'x' }]))
        .thenThrows('invalid', 'GoalNotFound', ['changes[0].goalId']);
      spec
        .given(history)
        .when(correct([{ type: 'reviseGoal', goalId: 'g-1' }]))
        .thenThrows('invalid', 'NoChange', ['changes[0].statement', 'changes[0].resultLevel']);
    });

    it('changeTargets: unknown indicator, empty, before the baseline, duplicate date, contradiction, unchanged', () => {
      const targets = (t: { value: number; at: string }[]) =>
        correct([{ type: 'changeTargets', indicatorId: 'ind-1', targets: t }]);
      spec
        .given(history)
        .when(correct([{ type: 'changeTargets', indicatorId: 'ind-9', targets: [{ value: 1, at: '2026-01-01' }] }]))
        .thenThrows('invalid', 'IndicatorNotFound', ['changes[0].indicatorId']);
      spec.given(history).when(targets([])).thenThrows('invalid', 'TargetsRequired', ['changes[0].targets']);
      spec
        .given(history)
        .when(targets([{ value: 10, at: '2024-12-31' }]))
        .thenThrows('invalid', 'TargetBeforeBaseline', ['changes[0].targets[0].at']);
      spec
        .given(history)
        .when(
          targets([
            { value: 10, at: '2025-12-31' },
            { value: 20, at: '2025-12-31' },
          ]),
        )
        .thenThrows('invalid', 'DuplicateTargetDate', ['changes[0].targets[1].at']);
      spec
        .given(history)
        .when(targets([{ value: -1, at: '2025-12-31' }]))
        .thenThrows('invalid', 'TargetContradictsDirection', ['changes[0].targets[0].value']);
      spec
        .given(history)
        .when(
          targets([
            { value: 200, at: '2026-12-31' },
            { value: 100, at: '2025-12-31' },
          ]),
        )
        .thenThrows('invalid', 'NoChange', ['changes[0].targets']);
    });

    it('rescheduleMilestone: unknown, achieved (conflict), same date', () => {
      spec
        .given(history)
        .when(correct([{ type: 'rescheduleMilestone', milestoneId: 'm-9', dueAt: '2025-09-30' }]))
        .thenThrows('invalid', 'MilestoneNotFound', ['changes[0].milestoneId']);
      const error = spec
        .given(history)
        .when(correct([{ type: 'rescheduleMilestone', milestoneId: 'm-2', dueAt: '2025-09-30' }]))
        .thenThrows('conflict', 'InvalidMilestoneTransition', ['changes[0].milestoneId']);
      expect(error.message).toContain('milestone m-2 is already achieved');
      spec
        .given(history)
        .when(correct([{ type: 'rescheduleMilestone', milestoneId: 'm-1', dueAt: '2025-06-30' }]))
        .thenThrows('invalid', 'NoChange', ['changes[0].dueAt']);
    });

    it('planMilestone: existing id (also within the same correction), invalid due date', () => {
      spec
        .given(history)
        .when(correct([{ type: 'planMilestone', milestoneId: 'm-1', title: 'Again', dueAt: '2025-04-30' }]))
        .thenThrows('conflict', 'MilestoneAlreadyExists', ['changes[0].milestoneId']);
      spec
        .given(history)
        .when(
          correct([
            { type: 'planMilestone', milestoneId: 'm-3', title: 'A', dueAt: '2025-04-30' },
            { type: 'planMilestone', milestoneId: 'm-3', title: 'B', dueAt: '2025-05-30' },
          ]),
        )
        .thenThrows('conflict', 'MilestoneAlreadyExists', ['changes[1].milestoneId']);
      spec
        .given(history)
        .when(correct([{ type: 'planMilestone', milestoneId: 'm-3', title: '', dueAt: 'soon' }]))
        .thenThrows('invalid', 'Required', ['changes[0].title', 'changes[0].dueAt']);
    });

    it('an unknown change type', () => {
      spec
        .given(history)
        .when(correct([{ type: 'dropGoal', goalId: 'g-1' } as unknown as CourseChange]))
        .thenThrows('invalid', 'InvalidValue', ['changes[0].type']);
    });
  });

  it('needs at least one change', () => {
    spec.given(history).when(correct([])).thenThrows('invalid', 'ChangesRequired', ['changes']);
  });

  it('needs a rationale and who decided', () => {
    spec
      .given(history)
      .when(correct([{ type: 'reviseGoal', goalId: 'g-1', statement: 'x' }], { rationale: ' ', decidedBy: '' }))
      .thenThrows('invalid', 'Required', ['rationale', 'decidedBy']);
  });

  it('refuses an occurredAt in the future', () => {
    spec
      .given(history)
      .when(correct([{ type: 'reviseGoal', goalId: 'g-1', statement: 'x' }], { occurredAt: TOMORROW }))
      .thenThrows('invalid', 'OccurredInFuture', ['occurredAt']);
  });

  it('occurredAt defaults to the command business time, caseRef to the command metadata', () => {
    const [opened, revised] = spec
      .given(history)
      .when(
        correct(
          [{ type: 'reviseGoal', goalId: 'g-1', statement: 'x' }],
          { occurredAt: undefined, caseRef: undefined },
          { occurredAt: '2025-02-20', caseRef: '2025/1' },
        ),
      )
      .thenEvents();
    expect(opened.data).toMatchObject({ occurredAt: '2025-02-20', caseRef: '2025/1' });
    expect(revised.metadata).toStrictEqual({
      occurredAt: '2025-02-20',
      decisionId: 'cc-1',
      caseRef: '2025/1',
      reason: 'Recruitment is slower than planned',
    });
    const [withNow] = spec
      .given(history)
      .when(correct([{ type: 'reviseGoal', goalId: 'g-1', statement: 'x' }], { occurredAt: undefined }))
      .thenEvents();
    expect(withNow.data).toMatchObject({ occurredAt: NOW });
  });

  it('refuses an id already used by a correction or a follow-up decision', () => {
    const first = spec
      .given(history)
      .when(correct([{ type: 'reviseGoal', goalId: 'g-1', statement: 'x' }]))
      .thenEvents();
    spec
      .given([...history, ...first])
      .when(correct([{ type: 'reviseGoal', goalId: 'g-1', statement: 'y' }]))
      .thenThrows('conflict', 'DecisionAlreadyRecorded', ['courseCorrectionId']);
    spec
      .given([...history, ...paused('cc-1')])
      .when(correct([{ type: 'reviseGoal', goalId: 'g-1', statement: 'y' }]))
      .thenThrows('conflict', 'DecisionAlreadyRecorded', ['courseCorrectionId']);
  });

  it('is accepted while paused', () => {
    spec
      .given([...history, ...paused()])
      .when(correct([{ type: 'rescheduleMilestone', milestoneId: 'm-1', dueAt: '2025-12-01' }]))
      .thenEvents();
  });
});
