import { randomUUID } from 'node:crypto';
import type { InitiativeEvent } from '@followup/domain';
import {
  activated,
  deepFreeze,
  event,
  goalDefined,
  ID,
  indicatorDefined,
  milestonePlanned,
  registered,
} from '@followup/domain/testing';
import { SqliteEventStore, type NewEvent, type StoredEvent } from '@followup/event-store';
import { SqliteReadModelStore } from '../sqlite/sqlite-read-model-store';
import { InitiativeProjection } from './initiative-projection';
import { evolveInitiativeView, foldInitiativeView } from './initiative-view.projection';

function envelope(domainEvent: InitiativeEvent): NewEvent {
  return {
    eventId: randomUUID(),
    type: domainEvent.type,
    schemaVersion: 1,
    data: domainEvent.data,
    occurredAt: '2025-03-01T10:00:00.000Z',
    actor: { sub: 'u-1', name: 'Kari Nordmann', roles: ['caseworker'] },
    correlationId: randomUUID(),
    causationId: null,
    decisionId: null,
    caseRef: null,
    reason: null,
  };
}

const history: InitiativeEvent[] = [
  registered(),
  activated(),
  goalDefined('g-1'),
  indicatorDefined('ind-1', 'g-1'),
  event('MeasurementRecorded', {
    indicatorId: 'ind-1',
    measurementId: 'me-1',
    value: 40,
    at: '2025-02-01',
    source: null,
    note: null,
  }),
  event('MeasurementRecorded', {
    indicatorId: 'ind-1',
    measurementId: 'me-2',
    value: 55,
    at: '2025-02-20',
    source: 'survey',
    note: null,
  }),
  milestonePlanned('m-1', '2025-06-30'),
  event('MilestoneRescheduled', {
    milestoneId: 'm-1',
    previousDueAt: '2025-06-30',
    dueAt: '2025-09-30',
    reason: 'Supplier late',
  }),
];

describe('evolving a view', () => {
  it('leaves the view it started from as it was, also when it is frozen and a measurement is corrected or withdrawn', async () => {
    const events = new SqliteEventStore({ filename: ':memory:' });
    const correctionsAndWithdrawals: InitiativeEvent[] = [
      event('MeasurementCorrected', {
        indicatorId: 'ind-1',
        measurementId: 'me-2',
        before: { value: 55 },
        after: { value: 57 },
        reason: 'Typo',
      }),
      event('MeasurementWithdrawn', { indicatorId: 'ind-1', measurementId: 'me-1', value: 40, reason: 'Wrong survey' }),
    ];
    try {
      let version = 0;
      for (const domainEvent of [...history, ...correctionsAndWithdrawals]) {
        await events.append(ID, [envelope(domainEvent)], { expectedVersion: version++, commitId: randomUUID() });
      }
      const stored = await events.readStream(ID);
      let view = null as ReturnType<typeof foldInitiativeView>;
      for (const [i, e] of stored.entries()) {
        const before = view ? JSON.stringify(view) : null;
        // A frozen start (as readers share stored views) throws on any change made in place.
        view = evolveInitiativeView(view ? deepFreeze(view) : null, e);
        if (before) expect(JSON.stringify(foldInitiativeView(stored.slice(0, i)))).toBe(before);
        expect(view).toEqual(foldInitiativeView(stored.slice(0, i + 1)));
      }
      const indicator = view!.goals[0]!.indicators[0]!;
      expect(indicator.measurements).toEqual([expect.objectContaining({ id: 'me-2', value: 57 })]);
      expect(indicator).toMatchObject({ measurementCount: 1, latest: { id: 'me-2', value: 57 } });
    } finally {
      await events.close();
    }
  });
});

describe('InitiativeProjection', () => {
  let events: SqliteEventStore;
  let views: SqliteReadModelStore;
  let projection: InitiativeProjection;
  let stored: StoredEvent[];

  beforeEach(async () => {
    events = new SqliteEventStore({ filename: ':memory:' });
    views = new SqliteReadModelStore(':memory:');
    projection = new InitiativeProjection(views, events);
    let version = 0;
    for (const domainEvent of history) {
      await events.append(ID, [envelope(domainEvent)], { expectedVersion: version++, commitId: randomUUID() });
    }
    stored = await events.readStream(ID);
  });
  afterEach(async () => {
    await views.close();
    await events.close();
  });

  it('builds the view every event describes', async () => {
    for (const e of stored) await projection.handle(e);
    const view = await views.getInitiative(ID);
    expect(view).toMatchObject({ id: ID, status: 'active', version: history.length });
    expect(view!.goals[0]!.indicators[0]).toMatchObject({
      measurementCount: 2,
      latest: { value: 55, at: '2025-02-20' },
    });
    expect(view!.milestones[0]).toMatchObject({ dueAt: '2025-09-30', rescheduleCount: 1, reason: 'Supplier late' });
  });

  it('has no double effect when every event is delivered twice', async () => {
    for (const e of stored) {
      await projection.handle(e);
      await projection.handle(e);
    }
    // ... and once more, all of them, after the fact.
    for (const e of stored) await projection.handle(e);
    const view = await views.getInitiative(ID);
    expect(view).toEqual(foldInitiativeView(stored));
    expect(view!.goals[0]!.indicators[0]!.measurementCount).toBe(2);
    expect(view!.milestones).toHaveLength(1);
  });

  it('fills a gap from the event store instead of skipping it', async () => {
    await projection.handle(stored[0]!);
    // Versions 2..5 never arrive; version 6 does.
    await projection.handle(stored[5]!);
    expect((await views.getInitiative(ID))!.version).toBe(6);
    expect((await views.getInitiative(ID))!.goals[0]!.indicators[0]!.measurementCount).toBe(2);
    // The late deliveries of 2..5 are duplicates now.
    for (const e of stored.slice(1)) await projection.handle(e);
    expect(await views.getInitiative(ID)).toEqual(foldInitiativeView(stored));
  });

  it('reads the view again when another instance moved it on since this one saved it', async () => {
    const other = new InitiativeProjection(views, events);
    for (const e of stored.slice(0, 4)) await projection.handle(e);
    // The other instance applies 5 and 6 (the first instance still remembers version 4) ...
    for (const e of stored.slice(4, 6)) await other.handle(e);
    // ... so the first one's 5 is a duplicate and its 7 and 8 build on the stored 6.
    for (const e of stored.slice(4)) await projection.handle(e);
    expect(await views.getInitiative(ID)).toEqual(foldInitiativeView(stored));
    // After a rebuild emptied the store, a remembered view is not taken for the stored one.
    await views.clear();
    await projection.handle(stored[stored.length - 1]!);
    expect(await views.getInitiative(ID)).toEqual(foldInitiativeView(stored));
  });

  it('builds batches on the views it saved, and reads a view again that another instance moved on', async () => {
    const other = new InitiativeProjection(views, events);
    await projection.handleBatch(stored.slice(0, 4));
    await other.handleBatch(stored.slice(4, 6));
    // The first instance still remembers version 4: its 5..8 must not be folded onto it.
    const reached = await projection.handleBatch(stored.slice(4));
    expect(reached.get(ID)).toBe(stored.length);
    expect(await views.getInitiative(ID)).toEqual(foldInitiativeView(stored));
  });

  it('applies the newest event of a batch whose records repeat or arrive out of order', async () => {
    await projection.handleBatch(stored.slice(0, 4));
    // A relay that published again after an outage: 5, 6, then 5 once more, all in one run.
    const reached = await projection.handleBatch([stored[4]!, stored[5]!, stored[4]!]);
    expect(reached.get(ID)).toBe(6);
    expect((await views.getInitiative(ID))!.version).toBe(6);
    // Two relays racing: 8 published before 7.
    await projection.handleBatch([stored[7]!, stored[6]!]);
    expect(await views.getInitiative(ID)).toEqual(foldInitiativeView(stored));
  });

  it('takes the newest event of a repeated run the careful way when another instance moved the view on', async () => {
    const other = new InitiativeProjection(views, events);
    await projection.handleBatch(stored.slice(0, 4));
    await other.handleBatch([stored[4]!]);
    // This instance remembers version 4; its save of 6 is refused, and 6 (not the repeated 5) is retried.
    const reached = await projection.handleBatch([stored[4]!, stored[5]!, stored[4]!]);
    expect(reached.get(ID)).toBe(6);
    expect((await views.getInitiative(ID))!.version).toBe(6);
  });

  it('lets every save of a failed batch settle before reporting the failure, so none races the retry', async () => {
    const second = 'ini-second';
    const registration = registered();
    await events.append(second, [envelope({ ...registration, data: { ...registration.data, initiativeId: second } })], {
      expectedVersion: 0,
      commitId: randomUUID(),
    });
    const [secondRegistered] = await events.readStream(second);
    // A store that saves one view at a time (as the MongoDB store does): the first save fails at
    // once, the second is still on its way when it does.
    let secondSettled = false;
    const oneByOne = Object.assign(Object.create(views) as SqliteReadModelStore, {
      saveInitiatives: undefined,
      saveInitiative: async (view: { id: string }, previousVersion: number) => {
        if (view.id === ID) throw new Error('connection closed');
        await new Promise((resolve) => setTimeout(resolve, 50));
        secondSettled = true;
        return views.saveInitiative(view as never, previousVersion);
      },
    });
    const failing = new InitiativeProjection(oneByOne, events);
    await expect(failing.handleBatch([stored[0]!, secondRegistered!])).rejects.toThrow('connection closed');
    expect(secondSettled).toBe(true);
  });

  it('catches up from its checkpoint and resumes there after a restart', async () => {
    expect(await projection.catchUp()).toBe(history.length);
    expect(await views.getCheckpoint(InitiativeProjection.checkpointName)).toBe(stored[stored.length - 1]!.position);
    await events.append(ID, [envelope(milestonePlanned('m-2', '2025-12-01'))], {
      expectedVersion: history.length,
      commitId: randomUUID(),
    });
    const restarted = new InitiativeProjection(views, events);
    const progress: number[] = [];
    expect(await restarted.catchUp((p) => progress.push(p.applied))).toBe(1);
    expect(progress).toEqual([1]);
    expect((await views.getInitiative(ID))!.milestones.map((m) => m.id)).toEqual(['m-1', 'm-2']);
  });
});
