/** One valid-looking command of every type, for table-driven specs (test support only). */
import { command, NOW, YESTERDAY } from './initiative.fixtures';
import type { InitiativeCommand } from '../initiative/initiative.commands';

export const sampleCommands: { [T in InitiativeCommand['type']]: Extract<InitiativeCommand, { type: T }> } = {
  RegisterInitiative: command('RegisterInitiative', {
    kind: 'focusArea',
    title: 'Green transition',
    ownerUnit: 'Strategy',
    responsible: 'Director',
  }),
  ActivateInitiative: command('ActivateInitiative', {}),
  DefineGoal: command('DefineGoal', { goalId: 'g-2', statement: 'Fewer emissions', resultLevel: 'societalEffect' }),
  ReviseGoal: command('ReviseGoal', { goalId: 'g-1', statement: 'Sharper goal' }, { reason: 'Board asked' }),
  DefineIndicator: command('DefineIndicator', {
    goalId: 'g-1',
    indicatorId: 'ind-2',
    name: 'Participants',
    unit: 'count',
    direction: 'increase',
    baseline: { value: 0, at: '2025-01-01' },
    targets: [{ value: 10, at: '2025-12-31' }],
  }),
  RecordMeasurement: command('RecordMeasurement', {
    indicatorId: 'ind-1',
    measurementId: 'meas-1',
    value: 12,
    at: YESTERDAY,
  }),
  PlanMilestone: command('PlanMilestone', { milestoneId: 'm-2', title: 'Pilot done', dueAt: '2025-09-30' }),
  AchieveMilestone: command('AchieveMilestone', { milestoneId: 'm-1', achievedAt: YESTERDAY, evaluation: 'Fine' }),
  RescheduleMilestone: command('RescheduleMilestone', { milestoneId: 'm-1', dueAt: '2025-08-31' }, { reason: 'Delay' }),
  MissMilestone: command('MissMilestone', { milestoneId: 'm-1', reason: 'Late' }, { now: '2025-07-01T00:00:00Z' }),
  CancelMilestone: command('CancelMilestone', { milestoneId: 'm-1', reason: 'Dropped' }),
  RecordFollowUpDecision: command('RecordFollowUpDecision', {
    decisionId: 'd-1',
    kind: 'continue',
    summary: 'Continue as planned',
    rationale: 'On track',
    decidedBy: 'Steering group',
    occurredAt: YESTERDAY,
  }),
  CorrectCourse: command('CorrectCourse', {
    courseCorrectionId: 'cc-1',
    rationale: 'Behind plan',
    decidedBy: 'Steering group',
    changes: [{ type: 'planMilestone', milestoneId: 'm-9', title: 'Extra check', dueAt: '2025-10-01' }],
  }),
  RegisterBenefit: command('RegisterBenefit', {
    benefitId: 'b-2',
    description: 'Lower costs',
    owner: 'CFO',
    kind: 'benefit',
    realisationDue: '2027-01-01',
  }),
  RecordBenefitRealisation: command('RecordBenefitRealisation', {
    benefitId: 'b-1',
    realisationId: 'r-1',
    value: 5,
    at: YESTERDAY,
  }),
  CloseInitiative: command(
    'CloseInitiative',
    {
      outcome: 'cancelled',
      finalEvaluation: 'Stopped early',
      goalAssessments: [{ goalId: 'g-1', achievement: 'none', comment: 'Not reached' }],
    },
    { now: NOW },
  ),
  CorrectMeasurement: command(
    'CorrectMeasurement',
    { indicatorId: 'ind-1', measurementId: 'meas-1', value: 13 },
    { reason: 'Typo' },
  ),
  WithdrawMeasurement: command(
    'WithdrawMeasurement',
    { indicatorId: 'ind-1', measurementId: 'meas-1' },
    { reason: 'Wrong source' },
  ),
  CorrectBenefitRealisation: command(
    'CorrectBenefitRealisation',
    { benefitId: 'b-1', realisationId: 'r-1', value: 6 },
    { reason: 'Typo' },
  ),
  WithdrawBenefitRealisation: command(
    'WithdrawBenefitRealisation',
    { benefitId: 'b-1', realisationId: 'r-1' },
    { reason: 'Counted twice' },
  ),
  ChangeInitiativeDetails: command('ChangeInitiativeDetails', { title: 'New title' }, { reason: 'Renamed' }),
  AssignRole: command('AssignRole', { role: 'projectLeader', holder: 'Kari' }, { reason: 'Appointed' }),
  AcknowledgeAlert: command('AcknowledgeAlert', { alertId: 'a-1', kind: 'measurementOverdue', subjectId: 'ind-1' }),
  LinkGoalContribution: command('LinkGoalContribution', {
    goalId: 'g-1',
    toInitiativeId: 'prog-1',
    toGoalId: 'pg-1',
    target: { initiativeId: 'prog-1', goalExists: true, ancestorIds: ['fa-1'], reachableGoals: [] },
  }),
  RemoveGoalContribution: command('RemoveGoalContribution', { goalId: 'g-1', toGoalId: 'pg-1', reason: 'Moved' }),
};
