import { randomUUID } from 'node:crypto';
import { SqliteEventStore, type NewEvent } from '@followup/event-store';

/** Business and recording time of the filled ledger start here and move one second per commit. */
const START = Date.parse('2025-01-01T00:00:00.000Z');
const ACTOR = { sub: 'u-caseworker', name: 'Kari Nordmann', roles: ['caseworker'] };
/** Events per ordinary initiative, and per commit. */
const STREAM_LENGTH = 100;
const COMMIT_SIZE = 10;
/** Initiatives filled side by side: one group commit takes one commit of each. */
const WINDOW = 1_000;

export interface FilledLedger {
  readonly events: number;
  readonly streams: number;
  /** The long initiative, and the recording times of its first and last event. */
  readonly longStream: { readonly id: string; readonly length: number; readonly from: string; readonly to: string };
}

/**
 * A clock for the store that moves one second per commit, and the time the next commit will get:
 * events are dated when their commit is queued, in the same order the store asks the clock.
 */
class SteppingClock {
  private stamped = 0;
  private queued = 0;
  readonly now = (): Date => new Date(START + this.stamped++ * 1000);
  nextCommitTime(): string {
    return new Date(START + this.queued++ * 1000).toISOString();
  }
}

/**
 * The history of one initiative, as the service records it: registered, activated, a goal with
 * an indicator and a milestone, then measurements, with a follow-up decision (case number,
 * decision id) every 20 versions and a new milestone every 50.
 */
function* initiativeEvents(id: string, length: number): Generator<PlannedEvent> {
  yield* openingEvents(id);
  for (let v = 5; v <= length; v++) yield laterEvent(id, v);
}

type PlannedEvent = { type: string; data: object; decision?: string };

/** Versions 1-4: registered, activated, a goal and its indicator. */
function openingEvents(id: string): PlannedEvent[] {
  return [
    {
      type: 'InitiativeRegistered',
      data: {
        initiativeId: id,
        kind: 'project',
        title: `Digital skills for small businesses ${id}`,
        parentId: null,
        description: 'Courses for small businesses in the region',
        ownerUnit: 'Regional development',
        responsible: 'Ola Nordmann',
        partners: [],
        startsAt: '2025-01-01',
        endsAt: '2027-12-31',
      },
    },
    { type: 'InitiativeActivated', data: { initiativeId: id } },
    {
      type: 'GoalDefined',
      data: { initiativeId: id, goalId: 'g-1', statement: '200 businesses complete the course', resultLevel: 'output' },
    },
    {
      type: 'IndicatorDefined',
      data: {
        initiativeId: id,
        goalId: 'g-1',
        indicatorId: 'ind-1',
        name: 'Businesses completing the course',
        unit: 'count',
        direction: 'increase',
        baseline: { value: 0, at: '2025-01-01' },
        targets: [{ value: 200, at: '2027-12-31' }],
        aggregation: 'sum',
      },
    },
  ];
}

/** Version 5 and on: a milestone every 50 versions, a decision every 20, measurements between. */
function laterEvent(id: string, v: number): PlannedEvent {
  if (v % 50 === 5) {
    return {
      type: 'MilestonePlanned',
      data: {
        initiativeId: id,
        milestoneId: `m-${v}`,
        title: `Course round ${v}`,
        dueAt: '2026-06-30',
        description: null,
      },
    };
  }
  if (v % 20 === 0) {
    const decisionId = `d-${id}-${v}`;
    return {
      type: 'FollowUpDecisionRecorded',
      decision: decisionId,
      data: {
        initiativeId: id,
        decisionId,
        kind: 'continue',
        summary: `Continue after review ${v}`,
        rationale: 'Progress as planned',
        caseRef: `2025/${v}`,
        decidedBy: 'Steering group',
        occurredAt: '',
        followUpBy: null,
        affects: ['g-1'],
      },
    };
  }
  return {
    type: 'MeasurementRecorded',
    data: {
      initiativeId: id,
      indicatorId: 'ind-1',
      measurementId: `me-${v}`,
      value: v,
      at: '',
      source: 'Course register',
      note: null,
    },
  };
}

/** The commits of one initiative: up to COMMIT_SIZE events each, a decision always alone. */
function* initiativeCommits(id: string, length: number, clock: SteppingClock): Generator<() => NewEvent[]> {
  let pending: PlannedEvent[] = [];
  const toCommit = (items: typeof pending) => () => {
    const at = clock.nextCommitTime();
    return items.map(({ type, data, decision }) => newEvent(type, data, at, decision));
  };
  for (const item of initiativeEvents(id, length)) {
    if (item.decision) {
      if (pending.length) yield toCommit(pending);
      pending = [];
      yield toCommit([item]);
      continue;
    }
    pending.push(item);
    if (pending.length === COMMIT_SIZE) {
      yield toCommit(pending);
      pending = [];
    }
  }
  if (pending.length) yield toCommit(pending);
}

function newEvent(type: string, data: object, at: string, decisionId?: string): NewEvent {
  // Dates inside the data follow the commit's time, as a caseworker's entries would.
  const dated =
    'at' in data ? { ...data, at: at.slice(0, 10) } : 'occurredAt' in data ? { ...data, occurredAt: at } : data;
  return {
    eventId: randomUUID(),
    type,
    schemaVersion: 1,
    data: dated,
    occurredAt: at,
    actor: ACTOR,
    correlationId: randomUUID(),
    causationId: null,
    decisionId: decisionId ?? null,
    caseRef: decisionId ? ((data as { caseRef?: string }).caseRef ?? null) : null,
    reason: decisionId ? 'Progress as planned' : null,
  };
}

/**
 * Fills `events.db` in `dataDir` with about `total` events through the event store port: one long
 * initiative of `longLength` events and ordinary initiatives of STREAM_LENGTH events, WINDOW of
 * them side by side so that each group commit holds many commits. Every commit is marked published,
 * as the relay would have done.
 */
export async function fillLedger(dataDir: string, total: number, longLength = 5_000): Promise<FilledLedger> {
  const clock = new SteppingClock();
  const store = new SqliteEventStore({ filename: `${dataDir}/events.db`, now: clock.now });
  const longId = 'ini-long';
  const ordinary = Math.max(0, Math.floor((total - longLength) / STREAM_LENGTH));
  const queues = new Map<string, { commits: Generator<() => NewEvent[]>; version: number }>();
  let next = 0;
  const refill = () => {
    while (queues.size < WINDOW + 1 && next < ordinary) {
      const id = `ini-${String(next++).padStart(6, '0')}`;
      queues.set(id, { commits: initiativeCommits(id, STREAM_LENGTH, clock), version: 0 });
    }
  };
  queues.set(longId, { commits: initiativeCommits(longId, longLength, clock), version: 0 });
  let written = 0;
  try {
    for (refill(); queues.size > 0; refill()) {
      const round = [...queues].flatMap(([id, queue]) => {
        const commit = queue.commits.next();
        if (commit.done) {
          queues.delete(id);
          return [];
        }
        const events = commit.value();
        const expectedVersion = queue.version;
        queue.version += events.length;
        return [{ id, events, expectedVersion }];
      });
      const results = await Promise.all(
        round.map(({ id, events, expectedVersion }) =>
          store.append(id, events, { expectedVersion, commitId: randomUUID() }),
        ),
      );
      await store.markPublished(results.map((result) => result.commitId));
      written += round.reduce((sum, commit) => sum + commit.events.length, 0);
    }
    const long = await store.readStream(longId);
    return {
      events: written,
      streams: ordinary + 1,
      longStream: { id: longId, length: long.length, from: long[0]!.recordedAt, to: long[long.length - 1]!.recordedAt },
    };
  } finally {
    await store.close();
  }
}
