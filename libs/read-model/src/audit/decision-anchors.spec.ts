import type { InitiativeEvent } from '@followup/domain';
import { activated, closed, event, goalDefined, milestonePlanned, paused, registered } from '@followup/domain/testing';
import type { StoredEvent } from '@followup/event-store';
import { applyToAnchors, type DecisionAnchor } from './decision-anchors';
import { decisionsOfStream } from './decision-log';

/** Stored events of one stream; each commit is a list of events with the envelope fields they carry. */
function stream(commits: Array<Array<{ event: InitiativeEvent; caseRef?: string; decisionId?: string }>>) {
  const stored: StoredEvent[] = [];
  commits.forEach((commit, c) =>
    commit.forEach(({ event: e, caseRef, decisionId }) => {
      const version = stored.length + 1;
      stored.push({
        eventId: `e-${version}`,
        type: e.type,
        schemaVersion: 1,
        data: e.data,
        occurredAt: `2025-03-${String(10 + version).padStart(2, '0')}T10:00:00.000Z`,
        actor: { sub: 'u-1', name: 'Kari Nordmann', roles: ['caseworker'] },
        correlationId: `corr-${c}`,
        causationId: null,
        decisionId: decisionId ?? e.metadata?.decisionId ?? null,
        caseRef: caseRef ?? null,
        reason: e.metadata?.reason ?? null,
        streamId: 'ini-1',
        streamVersion: version,
        position: 100 + version,
        commitId: `commit-${c}`,
        recordedAt: `2025-04-${String(10 + version).padStart(2, '0')}T10:00:00.000Z`,
        prevHash: null,
        hash: null,
      });
    }),
  );
  return stored;
}

const reschedule = (milestoneId: string, dueAt: string) =>
  event('MilestoneRescheduled', { milestoneId, previousDueAt: '2025-06-30', dueAt, reason: 'Roofers unavailable' });

/** A history with every way an event makes, joins or leaves a decision log entry. */
const history = stream([
  [{ event: registered() }],
  [{ event: activated() }, { event: goalDefined('g-1') }, { event: milestonePlanned('m-1') }],
  // A decision and the change made in its commit (which joins the decision's entry).
  paused('d-pause').map((e) => ({ event: e })),
  // Events with a case number: one entry each; two sharing a decision id make one entry.
  [{ event: reschedule('m-1', '2025-09-30'), caseRef: '2025/0200' }],
  [{ event: milestonePlanned('m-2'), decisionId: 'd-shared' }],
  [{ event: reschedule('m-2', '2025-10-30'), decisionId: 'd-shared' }],
  // An event later taken over by a decision record carrying its decision id.
  [{ event: milestonePlanned('m-3'), decisionId: 'd-later' }],
  [
    {
      event: event(
        'FollowUpDecisionRecorded',
        {
          decisionId: 'd-later',
          kind: 'adjust',
          summary: 'Plan a third round',
          rationale: 'Demand',
          caseRef: '2025/0300',
          decidedBy: 'Steering group',
          occurredAt: '2025-03-01T09:00:00.000Z',
          followUpBy: null,
          affects: ['m-3'],
        },
        { occurredAt: '2025-03-01T09:00:00.000Z', decisionId: 'd-later' },
      ),
    },
  ],
  // Any other decision: a closure with a case number.
  [{ event: closed(), caseRef: '2025/0400' }],
]);

const described = (anchors: DecisionAnchor[]) =>
  anchors.map(({ decisionId, kind, caseRef, decidedBy, occurredAt, recordedAt, actor }) => ({
    decisionId,
    kind,
    caseRef,
    decidedBy,
    occurredAt,
    recordedAt,
    recordedBy: actor,
  }));

describe('the decision log index', () => {
  it('anchors exactly the entries the log builds from the whole stream, event by event', () => {
    const anchors: DecisionAnchor[] = [];
    for (const e of history) applyToAnchors(anchors, e);
    const entries = decisionsOfStream(history).map(
      ({ decisionId, kind, caseRef, decidedBy, occurredAt, recordedAt, recordedBy }) => ({
        decisionId,
        kind,
        caseRef,
        decidedBy,
        occurredAt,
        recordedAt,
        recordedBy: recordedBy.sub,
      }),
    );
    expect(entries.map((e) => e.kind)).toEqual([
      'pause',
      'milestoneRescheduled',
      'milestonePlanned',
      'adjust',
      'closure',
    ]);
    expect(described(anchors)).toEqual(entries);
  });

  it('changes nothing when an event is applied again', () => {
    const once: DecisionAnchor[] = [];
    for (const e of history) applyToAnchors(once, e);
    const twice: DecisionAnchor[] = [];
    for (const e of [...history, ...history]) applyToAnchors(twice, e);
    expect(twice).toEqual(once);
  });
});
