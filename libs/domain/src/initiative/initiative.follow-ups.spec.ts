import { DeciderSpecification } from '../testing/decider-specification';
import {
  YESTERDAY,
  activated,
  benefitRegistered,
  command,
  event,
  goalDefined,
  milestonePlanned,
  registered,
} from '../testing/initiative.fixtures';
import type { CorrectCourse, RecordFollowUpDecision } from './initiative.commands';
import { initiativeDecider } from './initiative.decider';

const spec = DeciderSpecification.for(initiativeDecider);

const meta = (decisionId: string) => ({ occurredAt: YESTERDAY, decisionId, reason: 'Because' });
const decision = (decisionId: string, kind: string, followUpBy: string | null = null) =>
  event(
    'FollowUpDecisionRecorded',
    {
      decisionId,
      kind: kind as RecordFollowUpDecision['data']['kind'],
      summary: 'Summary',
      rationale: 'Because',
      caseRef: null,
      decidedBy: 'Steering group',
      occurredAt: YESTERDAY,
      followUpBy,
      affects: [],
    },
    meta(decisionId),
  );
const decide = (decisionId: string, overrides: Partial<RecordFollowUpDecision['data']> = {}) =>
  command('RecordFollowUpDecision', {
    decisionId,
    kind: 'continue',
    summary: 'Summary',
    rationale: 'Because',
    decidedBy: 'Steering group',
    occurredAt: YESTERDAY,
    ...overrides,
  });
const resolved = (followUpId: string, by: string) =>
  event(
    'FollowUpResolved',
    {
      followUpId,
      resolvedByDecisionId: by,
      resolvedBy: 'Steering group',
      resolvedAt: YESTERDAY,
    },
    meta(by),
  );

const active = [registered(), activated(), goalDefined(), milestonePlanned(), benefitRegistered()];
/** An active initiative with follow-up item d-1 open (due 2025-06-01). */
const withOpenItem = [...active, decision('d-1', 'adjust', '2025-06-01T00:00:00.000Z')];

describe('follow-up items', () => {
  it('given an open item, when an unrelated decision is recorded, then the item stays open', () => {
    const when = spec.given(withOpenItem).when(decide('d-2'));
    when.then([decision('d-2', 'continue')]);
    expect(when.thenState().openFollowUps).toEqual({ 'd-1': '2025-06-01T00:00:00.000Z' });
  });

  it('given an open item, when a decision resolves it, then FollowUpResolved closes it', () => {
    const when = spec.given(withOpenItem).when(decide('d-2', { resolves: ['d-1'] }));
    when.then([decision('d-2', 'continue'), resolved('d-1', 'd-2')]);
    expect(when.thenState().openFollowUps).toEqual({});
  });

  it('given an open item, when a course correction resolves it, then it is closed in the same commit', () => {
    const correction: CorrectCourse = command('CorrectCourse', {
      courseCorrectionId: 'cc-1',
      rationale: 'Because',
      decidedBy: 'Steering group',
      occurredAt: YESTERDAY,
      changes: [{ type: 'rescheduleMilestone', milestoneId: 'm-1', dueAt: '2025-09-30T00:00:00Z' }],
      resolves: ['d-1'],
    });
    const events = spec.given(withOpenItem).when(correction).thenEvents();
    expect(events.map((e) => e.type)).toEqual(['CourseCorrected', 'MilestoneRescheduled', 'FollowUpResolved']);
    expect(events[2]).toEqual(resolved('d-1', 'cc-1'));
  });

  it('refuses (422) resolving an unknown, already resolved or repeated item', () => {
    spec
      .given(withOpenItem)
      .when(decide('d-2', { resolves: ['nope'] }))
      .thenThrows('invalid', 'UnknownFollowUp', ['resolves[0]']);
    spec
      .given([...withOpenItem, resolved('d-1', 'd-2')])
      .when(decide('d-3', { resolves: ['d-1'] }))
      .thenThrows('invalid', 'UnknownFollowUp', ['resolves[0]']);
    spec
      .given(withOpenItem)
      .when(decide('d-2', { resolves: ['d-1', 'd-1'] }))
      .thenThrows('invalid', 'UnknownFollowUp', ['resolves[1]']);
  });
});

describe('stopping', () => {
  const stopping = [
    ...active,
    decision('d-stop', 'stop', '2025-06-01T00:00:00.000Z'),
    event('InitiativeStopping', { decisionId: 'd-stop' }, meta('d-stop')),
  ];

  it('given an active initiative, when a stop decision is recorded, then it is stopping', () => {
    const when = spec.given(active).when(decide('d-stop', { kind: 'stop' }));
    when.then([decision('d-stop', 'stop'), event('InitiativeStopping', { decisionId: 'd-stop' }, meta('d-stop'))]);
    expect(when.thenState().status).toBe('stopping');
  });

  it('given a stopping initiative, when anything but closure, benefit work or continue comes, then 409', () => {
    spec
      .given(stopping)
      .when(decide('d-2', { kind: 'adjust' }))
      .thenThrows('conflict', 'InitiativeStopping');
    spec
      .given(stopping)
      .when(command('PlanMilestone', { milestoneId: 'm-2', title: 'More', dueAt: '2025-09-30T00:00:00Z' }))
      .thenThrows('conflict', 'InitiativeStopping', ['initiativeId']);
  });

  it('given a stopping initiative, when a continue decision comes, then it is active again', () => {
    const when = spec.given(stopping).when(decide('d-2'));
    when.then([decision('d-2', 'continue'), event('InitiativeResumed', { decisionId: 'd-2' }, meta('d-2'))]);
    expect(when.thenState().status).toBe('active');
  });

  it('given a stopping initiative, when a benefit is registered, then it is accepted', () => {
    const events = spec
      .given(stopping)
      .when(
        command('RegisterBenefit', {
          benefitId: 'b-2',
          kind: 'benefit',
          description: 'Savings',
          owner: 'Finance',
          realisationDue: '2026-12-31T00:00:00Z',
        }),
      )
      .thenEvents();
    expect(events.map((e) => e.type)).toEqual(['BenefitRegistered']);
  });
});
