import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import type { InitiativeEvent } from '@followup/domain';
import {
  activated,
  event,
  goalDefined,
  indicatorDefined,
  milestonePlanned,
  registered,
} from '@followup/domain/testing';
import { SqliteEventStore, type NewEvent, type StoredEvent } from '@followup/event-store';
import { InProcessMessageBus } from '@followup/messaging';
import { waitFor } from '@followup/messaging/testing/wait-for';
import { loadConfig } from '@followup/platform';
import { foldInitiativeView, InitiativeProjection, SqliteReadModelStore } from '@followup/read-model';
import { embeddedPipeline, kafkaPipeline, type PipelineStrategy } from '../pipeline/pipeline-strategy';
import { ProjectionRunner } from './projection-runner';

const measured = (measurementId: string, value: number) =>
  event('MeasurementRecorded', {
    indicatorId: 'ind-1',
    measurementId,
    value,
    at: '2025-02-01',
    source: null,
    note: null,
  });

/** Two streams: a project with a goal, an indicator, two measurements and a milestone, and a second project. */
const HISTORY: Array<[string, InitiativeEvent]> = [
  ['ini-1', registered()],
  ['ini-1', activated()],
  ['ini-2', registered({ initiativeId: 'ini-2', title: 'Second project' })],
  ['ini-1', goalDefined('g-1')],
  ['ini-1', indicatorDefined('ind-1', 'g-1')],
  ['ini-1', measured('me-1', 40)],
  ['ini-2', event('InitiativeActivated', { initiativeId: 'ini-2' })],
  ['ini-1', measured('me-2', 55)],
  ['ini-1', milestonePlanned('m-1', '2025-06-30')],
];

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

describe('ProjectionRunner (SQLite stores, in-process bus)', () => {
  let dir: string;
  let events: SqliteEventStore;
  let views: SqliteReadModelStore;
  let bus: InProcessMessageBus;
  const runners: ProjectionRunner[] = [];

  async function startRunner(pipeline: PipelineStrategy): Promise<ProjectionRunner> {
    const runner = new ProjectionRunner(events, views, bus, loadConfig({ DATA_DIR: dir }), pipeline);
    runners.push(runner);
    await runner.onApplicationBootstrap();
    return runner;
  }

  /** Stores the history (each event its own commit) and returns what the store recorded. */
  async function store(history = HISTORY): Promise<StoredEvent[]> {
    const stored: StoredEvent[] = [];
    for (const [streamId, domainEvent] of history) {
      const expectedVersion = await events.streamVersion(streamId);
      const result = await events.append(streamId, [envelope(domainEvent)], {
        expectedVersion,
        commitId: randomUUID(),
      });
      stored.push(...result.events);
    }
    return stored;
  }

  const streamOf = (stored: StoredEvent[], id: string) => stored.filter((e) => e.streamId === id);

  async function expectViewsOf(stored: StoredEvent[]): Promise<void> {
    for (const id of ['ini-1', 'ini-2']) {
      expect(await views.getInitiative(id)).toEqual(foldInitiativeView(streamOf(stored, id)));
    }
  }

  const viewsAt = async (versions: Record<string, number>): Promise<boolean> => {
    for (const [id, version] of Object.entries(versions)) {
      if (((await views.getInitiative(id))?.version ?? 0) < version) return false;
    }
    return true;
  };

  beforeAll(() => Logger.overrideLogger(false));

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'followup-runner-'));
    events = new SqliteEventStore({ filename: join(dir, 'events.db') });
    views = new SqliteReadModelStore(join(dir, 'read-models.db'));
    bus = new InProcessMessageBus({ retryDelayMs: 5 });
  });

  afterEach(async () => {
    for (const runner of runners.splice(0)) await runner.onApplicationShutdown();
    await bus.close();
    await views.close();
    await events.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('applies each published event once, even when the bus delivers it again', async () => {
    const runner = await startRunner(embeddedPipeline);
    const stored = await store();
    for (const e of stored) await bus.publish([e]);
    await bus.publish(stored);
    await waitFor(() => viewsAt({ 'ini-1': 7, 'ini-2': 2 }), { what: 'the views' });
    await bus.publish(stored.slice(0, 4));
    await waitFor(() => runner.handledCount === 2 * stored.length + 4, { what: 'the late duplicates' });
    await expectViewsOf(stored);
    expect((await views.getInitiative('ini-1'))!.goals[0]!.indicators[0]!.measurementCount).toBe(2);
  });

  it('fills a gap from the event store when a later event arrives first', async () => {
    await startRunner(embeddedPipeline);
    const stored = await store();
    const ini1 = streamOf(stored, 'ini-1');
    await bus.publish([ini1[0]!, ini1[ini1.length - 1]!]);
    await waitFor(() => viewsAt({ 'ini-1': ini1.length }), { what: 'the view of ini-1' });
    expect(await views.getInitiative('ini-1')).toEqual(foldInitiativeView(ini1));
  });

  it('retries an event whose projection failed, and skips nothing', async () => {
    await startRunner(embeddedPipeline);
    const stored = await store();
    const save = views.saveInitiative.bind(views);
    let failures = 1;
    views.saveInitiative = async (view, previous) => {
      if (failures-- > 0) throw new Error('disk full');
      return save(view, previous);
    };
    await bus.publish(stored);
    await waitFor(() => viewsAt({ 'ini-1': 7, 'ini-2': 2 }), { what: 'the views' });
    await expectViewsOf(stored);
  });

  it('on the embedded pipeline catches up at start with what was stored while it was down, from its checkpoint', async () => {
    const early = await store(HISTORY.slice(0, 5));
    const first = await startRunner(embeddedPipeline);
    expect(await viewsAt({ 'ini-1': 4, 'ini-2': 1 })).toBe(true);
    expect(await views.getCheckpoint(InitiativeProjection.checkpointName)).toBe(early[early.length - 1]!.position);
    await first.onApplicationShutdown();

    const later = await store(HISTORY.slice(5));
    const second = await startRunner(embeddedPipeline);
    await expectViewsOf([...early, ...later]);
    expect(second.handledCount).toBe(0);
  });

  it('on the Kafka pipeline leaves progress to the bus: no catch-up from the store, no checkpoint of its own', async () => {
    const stored = await store();
    await startRunner(kafkaPipeline);
    expect(await views.getInitiative('ini-1')).toBeNull();
    await bus.publish(stored);
    await waitFor(() => viewsAt({ 'ini-1': 7, 'ini-2': 2 }), { what: 'the views' });
    await expectViewsOf(stored);
    expect(await views.getCheckpoint(InitiativeProjection.checkpointName)).toBe(0);
  });
});
