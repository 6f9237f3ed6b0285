import { DeciderSpecification } from '../testing/decider-specification';
import {
  NOW,
  TOMORROW,
  YESTERDAY,
  activated,
  benefitRegistered,
  command,
  event,
  goalDefined,
  indicatorDefined,
  milestonePlanned,
  paused,
  registered,
} from '../testing/initiative.fixtures';
import { initiativeDecider } from './initiative.decider';
import type { RecordFollowUpDecision } from './initiative.commands';
import type { DecisionKind } from './initiative.types';

const spec = DeciderSpecification.for(initiativeDecider);
const active = [registered(), activated(), goalDefined(), indicatorDefined(), milestonePlanned(), benefitRegistered()];

const decide = (overrides: Partial<RecordFollowUpDecision['data']> = {}, metadata = {}) =>
  command(
    'RecordFollowUpDecision',
    {
      decisionId: 'd-1',
      kind: 'continue',
      summary: 'Continue as planned',
      rationale: 'Indicators on track',
      decidedBy: 'Steering group',
      occurredAt: YESTERDAY,
      ...overrides,
    },
    metadata,
  );

const recorded = (
  overrides: Partial<ReturnType<typeof event<'FollowUpDecisionRecorded'>>['data']> = {},
  caseRef?: string,
) =>
  event(
    'FollowUpDecisionRecorded',
    {
      decisionId: 'd-1',
      kind: 'continue',
      summary: 'Continue as planned',
      rationale: 'Indicators on track',
      caseRef: caseRef ?? null,
      decidedBy: 'Steering group',
      occurredAt: YESTERDAY,
      followUpBy: null,
      affects: [],
      ...overrides,
    },
    {
      occurredAt: YESTERDAY,
      decisionId: overrides.decisionId ?? 'd-1',
      ...(caseRef ? { caseRef } : {}),
      reason: 'Indicators on track',
    },
  );

describe('RecordFollowUpDecision', () => {
  it('records a decision; its metadata carries decisionId, caseRef and the decision time', () => {
    spec
      .given(active)
      .when(decide({ caseRef: '2025/400', followUpBy: '2025-06-01', affects: ['g-1', 'ind-1', 'm-1', 'b-1'] }))
      .then([recorded({ followUpBy: '2025-06-01', affects: ['g-1', 'ind-1', 'm-1', 'b-1'] }, '2025/400')]);
  });

  it('takes the caseRef from the command metadata when the body has none', () => {
    spec
      .given(active)
      .when(decide({}, { caseRef: '2025/9' }))
      .then([recorded({}, '2025/9')]);
  });

  // A stop decision sets the status stopping (initiative.follow-ups.spec.ts).
  it.each(['continue', 'adjust', 'escalate'] as DecisionKind[])(
    'records a %s decision without changing the status',
    (kind) => {
      const when = spec.given(active).when(decide({ kind }));
      when.then([recorded({ kind })]);
      expect(when.thenState().status).toBe('active');
    },
  );

  it('is accepted on a planned initiative and while paused', () => {
    spec.given([registered()]).when(decide()).then([recorded()]);
    spec
      .given([...active, ...paused()])
      .when(decide())
      .then([recorded()]);
  });

  describe('pause and resume', () => {
    it('pause on an active initiative also emits InitiativePaused', () => {
      const meta = { occurredAt: YESTERDAY, decisionId: 'd-1', reason: 'Indicators on track' };
      const when = spec.given(active).when(decide({ kind: 'pause' }));
      when.then([recorded({ kind: 'pause' }), event('InitiativePaused', { decisionId: 'd-1' }, meta)]);
      expect(when.thenState()).toMatchObject({ status: 'paused', pausedByDecisionId: 'd-1' });
    });

    it('resume on a paused initiative also emits InitiativeResumed', () => {
      const meta = { occurredAt: YESTERDAY, decisionId: 'd-1', reason: 'Indicators on track' };
      const when = spec.given([...active, ...paused()]).when(decide({ kind: 'resume' }));
      when.then([recorded({ kind: 'resume' }), event('InitiativeResumed', { decisionId: 'd-1' }, meta)]);
      expect(when.thenState()).toMatchObject({ status: 'active', pausedByDecisionId: null });
    });

    it('refuses pause unless active', () => {
      const e1 = spec
        .given([registered()])
        .when(decide({ kind: 'pause' }))
        .thenThrows('conflict', 'InvalidStatusTransition', ['kind']);
      expect(e1.message).toContain('is planned');
      const e2 = spec
        .given([...active, ...paused()])
        .when(decide({ kind: 'pause' }))
        .thenThrows('conflict', 'InvalidStatusTransition');
      expect(e2.message).toContain('already paused');
    });

    it('refuses resume unless paused', () => {
      spec
        .given(active)
        .when(decide({ kind: 'resume' }))
        .thenThrows('conflict', 'InvalidStatusTransition', ['kind']);
      spec
        .given([registered()])
        .when(decide({ kind: 'resume' }))
        .thenThrows('conflict', 'InvalidStatusTransition');
    });
  });

  it('refuses a decision in the future', () => {
    spec
      .given(active)
      .when(decide({ occurredAt: TOMORROW }))
      .thenThrows('invalid', 'OccurredInFuture', ['occurredAt']);
  });

  it('accepts a decision at exactly now', () => {
    spec
      .given(active)
      .when(decide({ occurredAt: NOW }))
      .thenEvents();
  });

  it('refuses followUpBy before the decision, accepts the same day', () => {
    spec
      .given(active)
      .when(decide({ followUpBy: '2025-02-01' }))
      .thenThrows('invalid', 'FollowUpBeforeDecision', ['followUpBy']);
    spec
      .given(active)
      .when(decide({ followUpBy: YESTERDAY }))
      .thenEvents();
  });

  it('refuses references to things that are not part of this initiative', () => {
    const error = spec
      .given(active)
      .when(decide({ affects: ['g-1', 'g-404', 'm-1', 'other-initiative'] }))
      .thenThrows('invalid', 'UnknownReference', ['affects[1]', 'affects[3]']);
    expect(error.details[0].message).toBe('g-404 is not a goal, indicator, milestone or benefit of initiative ini-1');
  });

  it('refuses the same reference twice', () => {
    spec
      .given(active)
      .when(decide({ affects: ['g-1', 'g-1'] }))
      .thenThrows('invalid', 'DuplicateReference', ['affects[1]']);
  });

  it('refuses a decision id already used', () => {
    spec
      .given([...active, recorded()])
      .when(decide())
      .thenThrows('conflict', 'DecisionAlreadyRecorded', ['decisionId']);
  });

  it('lists every missing field', () => {
    spec
      .given(active)
      .when(
        decide({
          kind: 'ponder' as DecisionKind,
          summary: '',
          rationale: ' ',
          decidedBy: '',
          occurredAt: '',
        }),
      )
      .thenThrows('invalid', 'InvalidValue', ['kind', 'summary', 'rationale', 'decidedBy', 'occurredAt']);
  });
});
