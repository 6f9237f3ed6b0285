import type { InitiativeEvent } from '@followup/domain';
import {
  activated,
  event,
  goalDefined,
  ID,
  indicatorDefined,
  milestoneAchieved,
  milestoneCancelled,
  milestoneMissed,
  milestonePlanned,
  registered,
} from '@followup/domain/testing';
import type { StoredEvent } from '@followup/event-store';
import { deviationsSince } from './deviations';
import { cutStream, parseSince, type SinceRef } from './since';

/** Stores commits as the event store would: versions, positions, one commitId and recordedAt per commit. */
function stream(commits: Array<{ at: string; events: InitiativeEvent[] }>): StoredEvent[] {
  const stored: StoredEvent[] = [];
  commits.forEach(({ at, events }, c) => {
    for (const e of events) {
      stored.push({
        eventId: `e-${stored.length + 1}`,
        type: e.type,
        schemaVersion: 1,
        data: e.data,
        // The timeline below is business time too: each event occurred when its commit was recorded.
        occurredAt: at,
        actor: { sub: 'u-1', roles: ['caseworker'] },
        correlationId: `c-${c}`,
        causationId: null,
        decisionId: e.metadata?.decisionId ?? null,
        caseRef: e.metadata?.caseRef ?? null,
        reason: e.metadata?.reason ?? null,
        streamId: ID,
        streamVersion: stored.length + 1,
        position: stored.length + 1,
        commitId: `commit-${c}`,
        recordedAt: at,
        prevHash: null,
        hash: null,
      });
    }
  });
  return stored;
}

const decision = (decisionId: string, occurredAt: string) =>
  event(
    'FollowUpDecisionRecorded',
    {
      decisionId,
      kind: 'adjust',
      summary: 'Adjust the plan',
      rationale: 'Behind plan',
      caseRef: '2025/17',
      decidedBy: 'Steering group',
      occurredAt,
      followUpBy: null,
      affects: [],
    },
    { occurredAt, decisionId, caseRef: '2025/17', reason: 'Behind plan' },
  );

/*
 * Timeline (recordedAt):
 *   01-10  registered, activated, goal g-1 "200 businesses complete the course" (output),
 *          indicator ind-1 targets [100 @2025-12-31, 200 @2026-12-31], milestones m-1 (06-30), m-2 (04-30), m-3 (05-31)
 *   02-01  decision d-1 (adjust)                           <- since=d-1 cuts here (after this commit)
 *   02-10  course correction cc-1 in one commit: g-1 revised to "150 businesses ..." (userEffect),
 *          ind-1 targets -> [80 @2025-12-31, 150 @2026-12-31], m-1 rescheduled 06-30 -> 09-30,
 *          m-4 planned (10-31)                           <- since=cc-1 cuts after this commit
 *   02-20  goal g-2 defined with indicator ind-2; m-2 achieved; m-3 missed; m-4 cancelled
 *   02-25  g-2 revised twice and back again (net: no change)
 */
const cc = (courseCorrectionId: string) => ({
  occurredAt: '2025-02-10T00:00:00Z',
  decisionId: courseCorrectionId,
  reason: 'Behind plan',
});
const events = stream([
  {
    at: '2025-01-10T00:00:00.000Z',
    events: [
      registered(),
      activated(),
      goalDefined('g-1'),
      indicatorDefined('ind-1', 'g-1'),
      milestonePlanned('m-1', '2025-06-30'),
      milestonePlanned('m-2', '2025-04-30', 'Pilot'),
      milestonePlanned('m-3', '2025-05-31', 'Survey'),
    ],
  },
  { at: '2025-02-01T00:00:00.000Z', events: [decision('d-1', '2025-02-01T00:00:00Z')] },
  {
    at: '2025-02-10T00:00:00.000Z',
    events: [
      event(
        'CourseCorrected',
        {
          courseCorrectionId: 'cc-1',
          rationale: 'Behind plan',
          caseRef: null,
          decidedBy: 'Board',
          occurredAt: '2025-02-10T00:00:00Z',
          changeCount: 4,
        },
        cc('cc-1'),
      ),
      event(
        'GoalRevised',
        {
          goalId: 'g-1',
          before: { statement: '200 businesses complete the course', resultLevel: 'output' },
          after: { statement: '150 businesses complete the course', resultLevel: 'userEffect' },
          reason: 'Behind plan',
        },
        cc('cc-1'),
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
            { value: 80, at: '2025-12-31' },
            { value: 150, at: '2026-12-31' },
          ],
          reason: 'Behind plan',
        },
        cc('cc-1'),
      ),
      event(
        'MilestoneRescheduled',
        { milestoneId: 'm-1', previousDueAt: '2025-06-30', dueAt: '2025-09-30', reason: 'Behind plan' },
        cc('cc-1'),
      ),
      event(
        'MilestonePlanned',
        { milestoneId: 'm-4', title: 'Extra check', dueAt: '2025-10-31', description: null },
        cc('cc-1'),
      ),
    ],
  },
  {
    at: '2025-02-20T00:00:00.000Z',
    events: [
      goalDefined('g-2', 'Businesses use what they learnt', 'userEffect'),
      indicatorDefined('ind-2', 'g-2', { name: 'Businesses using it', unit: 'count' }),
      milestoneAchieved('m-2', '2025-02-19'),
      milestoneMissed('m-3'),
      milestoneCancelled('m-4'),
    ],
  },
  {
    at: '2025-02-25T00:00:00.000Z',
    events: [
      event('GoalRevised', {
        goalId: 'g-2',
        before: { statement: 'Businesses use what they learnt', resultLevel: 'userEffect' },
        after: { statement: 'Temporary wording', resultLevel: 'userEffect' },
        reason: 'Typo',
      }),
      event('GoalRevised', {
        goalId: 'g-2',
        before: { statement: 'Temporary wording', resultLevel: 'userEffect' },
        after: { statement: 'Businesses use what they learnt', resultLevel: 'userEffect' },
        reason: 'Undo',
      }),
    ],
  },
]);

const since = (raw: string): SinceRef => {
  const parsed = parseSince(raw);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.since;
};
const report = (raw: string) => {
  const result = deviationsSince(events, since(raw));
  if (!result.ok) throw new Error(result.problem);
  return result.deviations;
};

describe('parseSince', () => {
  it('reads times (dates, date-times with offset) and decision ids', () => {
    expect(parseSince('2025-02-01')).toEqual({
      ok: true,
      since: { kind: 'time', input: '2025-02-01', at: '2025-02-01T00:00:00.000Z' },
    });
    expect(parseSince('2025-02-01T12:00:00+02:00')).toMatchObject({
      ok: true,
      since: { kind: 'time', at: '2025-02-01T10:00:00.000Z' },
    });
    expect(parseSince('0197a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b')).toMatchObject({ ok: true, since: { kind: 'decision' } });
    expect(parseSince('d-1')).toMatchObject({ ok: true, since: { kind: 'decision', decisionId: 'd-1' } });
  });

  it('refuses malformed times and values that are neither', () => {
    expect(parseSince('2025-13-01T00:00:00Z').ok).toBe(false);
    expect(parseSince('2025-02-01T12:00:00').ok).toBe(false); // no offset
    expect(parseSince('yesterday at noon').ok).toBe(false);
    expect(parseSince('').ok).toBe(false);
  });
});

describe('cutStream', () => {
  const cutAt = (ref: string) => {
    const cut = cutStream(events, since(ref));
    return cut && { ...cut, cut: cut.before.length, laterCount: cut.later.length };
  };

  it('cuts a time (business time) after every event that occurred at or before it', () => {
    expect(cutAt('2025-02-01T00:00:00Z')).toMatchObject({ cut: 8, decision: null });
    expect(cutAt('2025-01-01')).toMatchObject({ cut: 0 });
    expect(cutAt('2030-01-01')).toMatchObject({ cut: events.length, laterCount: 0 });
  });

  it('cuts a decision just after the commit that recorded it', () => {
    // cc-1's commit is events 9..13: the cut keeps all of them.
    expect(cutAt('cc-1')).toMatchObject({
      cut: 13,
      at: '2025-02-10T00:00:00.000Z',
      decision: { id: 'cc-1', kind: 'courseCorrection', decidedBy: 'Board' },
    });
    expect(cutAt('d-1')).toMatchObject({
      cut: 8,
      decision: { id: 'd-1', kind: 'adjust', caseRef: '2025/17' },
    });
    expect(cutAt('d-unknown')).toBeNull();
  });
});

describe('deviationsSince', () => {
  it('lists goal revisions, target changes, reschedules and new milestones of a course correction (since d-1)', () => {
    const d = report('d-1');
    expect(d.since).toMatchObject({ input: 'd-1', kind: 'decision', at: '2025-02-01T00:00:00.000Z', version: 8 });
    expect(d.current).toEqual({ version: 20, updatedAt: '2025-02-25T00:00:00.000Z' });
    expect(d.existedAtSince).toBe(true);

    expect(d.goals.revised).toEqual([
      {
        goalId: 'g-1',
        before: { statement: '200 businesses complete the course', resultLevel: 'output' },
        after: { statement: '150 businesses complete the course', resultLevel: 'userEffect' },
        revisions: 1,
        cause: expect.objectContaining({ eventType: 'GoalRevised', decisionId: 'cc-1', reason: 'Behind plan' }),
      },
    ]);
    expect(d.indicators.targetsChanged).toEqual([
      expect.objectContaining({
        indicatorId: 'ind-1',
        before: [
          { value: 100, at: '2025-12-31' },
          { value: 200, at: '2026-12-31' },
        ],
        after: [
          { value: 80, at: '2025-12-31' },
          { value: 150, at: '2026-12-31' },
        ],
        cause: expect.objectContaining({ decisionId: 'cc-1' }),
      }),
    ]);
    expect(d.milestones.rescheduled).toEqual([
      expect.objectContaining({
        milestoneId: 'm-1',
        before: { dueAt: '2025-06-30', status: 'planned' },
        after: { dueAt: '2025-09-30', status: 'planned' },
      }),
    ]);
    // m-4 was planned by cc-1 and cancelled later: it is new, and its cancellation is listed too.
    expect(d.milestones.added).toEqual([
      expect.objectContaining({ milestoneId: 'm-4', status: 'cancelled', dueAt: '2025-10-31' }),
    ]);
    expect(d.milestones.achieved).toEqual([
      expect.objectContaining({ milestoneId: 'm-2', achievedAt: '2025-02-19', evaluation: 'Delivered on time' }),
    ]);
    expect(d.milestones.missed).toEqual([expect.objectContaining({ milestoneId: 'm-3', reason: 'Supplier late' })]);
    expect(d.milestones.cancelled).toEqual([
      expect.objectContaining({ milestoneId: 'm-4', reason: 'No longer needed' }),
    ]);
    expect(d.goals.added).toEqual([
      expect.objectContaining({
        goalId: 'g-2',
        statement: 'Businesses use what they learnt',
        resultLevel: 'userEffect',
      }),
    ]);
    expect(d.indicators.added).toEqual([
      expect.objectContaining({ indicatorId: 'ind-2', goalId: 'g-2', unit: 'count' }),
    ]);
    expect(d.decisions.map((x) => x.id)).toEqual(['cc-1']);
    // 1 goal revised + 1 goal added + 1 targets changed + 1 indicator added + 1 rescheduled + 1 added + 1 achieved + 1 missed + 1 cancelled
    expect(d.changeCount).toBe(9);
  });

  it('since the course correction itself leaves its own changes out', () => {
    const d = report('cc-1');
    expect(d.goals.revised).toEqual([]);
    expect(d.indicators.targetsChanged).toEqual([]);
    expect(d.milestones.rescheduled).toEqual([]);
    expect(d.milestones.added).toEqual([]);
    expect(d.milestones.cancelled.map((m) => m.milestoneId)).toEqual(['m-4']);
    expect(d.decisions).toEqual([]);
  });

  it('reports net changes only: a goal revised and revised back is not listed', () => {
    const d = report('2025-02-21T00:00:00Z');
    expect(d.goals).toEqual({ added: [], revised: [] });
    expect(d.changeCount).toBe(0);
  });

  it('counts everything as added when the initiative did not exist yet', () => {
    const d = report('2025-01-01');
    expect(d.existedAtSince).toBe(false);
    expect(d.since.version).toBe(0);
    expect(d.goals.added.map((g) => g.goalId)).toEqual(['g-1', 'g-2']);
    expect(d.milestones.added.map((m) => m.milestoneId)).toEqual(['m-1', 'm-2', 'm-3', 'm-4']);
  });

  it('knows an unknown decision and an empty stream', () => {
    expect(deviationsSince(events, since('nope'))).toEqual({ ok: false, problem: 'unknownDecision' });
    expect(deviationsSince([], since('2025-01-01'))).toEqual({ ok: false, problem: 'noStream' });
  });
});
