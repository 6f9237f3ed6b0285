import { randomUUID } from 'node:crypto';
import type { InitiativeEvent } from '@followup/domain';
import { activated, event, goalDefined, ID, indicatorDefined, registered } from '@followup/domain/testing';
import { SqliteEventStore, type NewEvent } from '@followup/event-store';
import { foldBusinessTimeSlice } from '../initiative/initiative-view.projection';
import { AsOfSnapshots } from './as-of-snapshots';
import { eventsInSlice } from './time-slice';

const START = Date.parse('2025-01-01T00:00:00.000Z');
const at = (second: number) => new Date(START + second * 1000).toISOString();

function envelope(domainEvent: InitiativeEvent): NewEvent {
  return {
    eventId: randomUUID(),
    type: domainEvent.type,
    schemaVersion: 1,
    data: domainEvent.data,
    occurredAt: at(0),
    actor: { sub: 'u-1', name: 'Kari Nordmann', roles: ['caseworker'] },
    correlationId: randomUUID(),
    causationId: null,
    decisionId: null,
    caseRef: null,
    reason: null,
  };
}

const measurement = (n: number) =>
  event('MeasurementRecorded', {
    indicatorId: 'ind-1',
    measurementId: `me-${n}`,
    value: n,
    at: '2025-02-01',
    source: null,
    note: null,
  });

describe('AsOfSnapshots', () => {
  let store: SqliteEventStore;
  let second: number;

  beforeEach(async () => {
    second = 10;
    // One commit per second, so every version has a recording time of its own.
    store = new SqliteEventStore({ filename: ':memory:', now: () => new Date(START + second++ * 1000) });
    const history: InitiativeEvent[] = [
      registered(),
      activated(),
      goalDefined('g-1'),
      indicatorDefined('ind-1', 'g-1'),
    ];
    for (let n = 0; n < 40; n++) history.push(measurement(n));
    for (const [i, e] of history.entries()) {
      await store.append(ID, [envelope(e)], { expectedVersion: i, commitId: randomUUID() });
    }
  });
  afterEach(() => store.close());

  const replayed = async (asOf: string) =>
    foldBusinessTimeSlice(eventsInSlice(await store.readStream(ID), { asOf, validAt: null }));

  it('answers every moment as the replay of the whole stream does, from snapshots once they exist', async () => {
    const snapshots = new AsOfSnapshots(store, { every: 7 });
    const moments = [at(60), at(25), at(10), at(33), at(49), at(60), at(17), at(11), at(30)];
    for (const asOf of moments) {
      expect(await snapshots.read(ID, asOf)).toEqual({ kind: 'view', view: await replayed(asOf) });
    }
    // Once snapshots exist, a read starts after the latest one recorded by then (version 21, at second 30).
    const reads = jest.spyOn(store, 'readStreamRecordedBy');
    await snapshots.read(ID, at(30));
    expect(reads).toHaveBeenLastCalledWith(ID, 22, at(30));
  });

  it('tells a stream not recorded yet from one that does not exist', async () => {
    const snapshots = new AsOfSnapshots(store, { every: 7 });
    expect(await snapshots.read(ID, at(5))).toEqual({ kind: 'notYetRecorded' });
    expect(await snapshots.read('ini-unknown', at(60))).toEqual({ kind: 'notFound' });
  });

  it('drops snapshots whose next stored event no longer links to them', async () => {
    const snapshots = new AsOfSnapshots(store, { every: 7 });
    await snapshots.read(ID, at(60));
    // The event after the first snapshot is changed in the file: its link no longer holds.
    store.database.prepare("UPDATE events SET prev_hash = 'x' WHERE stream_id = ? AND stream_version = 8").run(ID);
    expect(await snapshots.read(ID, at(30))).toEqual({ kind: 'view', view: await replayed(at(30)) });
  });
});
