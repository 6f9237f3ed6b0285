import { DeciderSpecification } from '../testing/decider-specification';
import { activated, command, event, milestonePlanned, registered, YESTERDAY } from '../testing/initiative.fixtures';
import { initiativeDecider } from './initiative.decider';

const spec = DeciderSpecification.for(initiativeDecider);

const riskIdentified = (riskId: string) =>
  event('RiskIdentified', {
    riskId,
    title: `Risk ${riskId}`,
    category: 'finances',
    likelihood: 4,
    impact: 5,
    owner: 'County director',
    mitigation: 'Brief the committee',
    score: 20,
  });

const plan = [registered(), activated(), milestonePlanned(), riskIdentified('r-1'), riskIdentified('r-2')];

const decide = (risks?: string[]) =>
  command('RecordFollowUpDecision', {
    decisionId: 'd-1',
    kind: 'adjust',
    summary: 'Ask for a budget decision',
    rationale: 'The budget risk is high',
    decidedBy: 'Steering group',
    occurredAt: YESTERDAY,
    ...(risks ? { risks } : {}),
  });

const correct = (risks?: string[]) =>
  command('CorrectCourse', {
    courseCorrectionId: 'cc-1',
    rationale: 'Budget later than planned',
    decidedBy: 'Steering group',
    changes: [{ type: 'rescheduleMilestone', milestoneId: 'm-1', dueAt: '2025-09-01T00:00:00Z' }],
    ...(risks ? { risks } : {}),
  });

describe('decisions and course corrections answering risks', () => {
  it('records the named risks once each on the decision', () => {
    const [recorded] = spec
      .given(plan)
      .when(decide(['r-2', 'r-1', 'r-2']))
      .thenEvents();
    expect(recorded).toMatchObject({ type: 'FollowUpDecisionRecorded', data: { risks: ['r-2', 'r-1'] } });
  });

  it('leaves the field out when no risk is named, so such events stay as they were', () => {
    const [recorded] = spec.given(plan).when(decide()).thenEvents();
    expect(recorded!.data).not.toHaveProperty('risks');
    const [empty] = spec.given(plan).when(decide([])).thenEvents();
    expect(empty!.data).not.toHaveProperty('risks');
  });

  it('records the named risks on a course correction', () => {
    const [corrected] = spec
      .given(plan)
      .when(correct(['r-1']))
      .thenEvents();
    expect(corrected).toMatchObject({ type: 'CourseCorrected', data: { risks: ['r-1'] } });
  });

  it('refuses risks the initiative does not have, naming each (422)', () => {
    const error = spec
      .given(plan)
      .when(decide(['r-1', 'r-9', 'x']))
      .thenThrows('invalid', 'UnknownRisk', ['risks[1]', 'risks[2]']);
    expect(error.message).toContain('risk r-9 does not exist');
    spec
      .given(plan)
      .when(correct(['r-9']))
      .thenThrows('invalid', 'UnknownRisk', ['risks[0]']);
  });
});
