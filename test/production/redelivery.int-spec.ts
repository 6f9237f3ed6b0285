import { Partitioners } from 'kafkajs';
import { MongoEventStore } from '@followup/event-store';
import { KafkaMessageBus, toKafkaMessage } from '@followup/messaging';
import { waitFor } from '@followup/messaging/testing/wait-for';
import { projectorGroup } from '@followup/runtime';
import { ensureBuilt, stopAll } from './support/processes';
import { diagnosed, ProductionStack } from './support/stack';
import { driveInitiativeLife, WriteLog, type InitiativeLife } from './support/life';
import { canonical, differences, freshRebuild } from './support/rebuild';
import type { HttpClient } from './support/http-client';

/**
 * At-least-once delivery: every stored event of a stream is published to the topic again (the
 * project's KafkaMessageBus, as the outbox relay does after a lost acknowledgement, and a raw
 * kafkajs producer), so the projector process receives each event twice. The read model must not
 * change: the projector is idempotent by stream + version.
 */
jest.setTimeout(120_000);

describe('production processes: every event delivered twice', () => {
  let stack: ProductionStack;
  let client: HttpClient;
  let log: WriteLog;
  let life: InitiativeLife;

  beforeAll(async () => {
    ensureBuilt();
    stack = new ProductionStack({ label: 'redelivery' });
    client = await stack.startApiAndProjector();
    log = new WriteLog(client, stack.runId);
  }, 120_000);

  afterAll(async () => {
    await stack?.dispose();
    await stopAll();
  });

  /** Waits until the projector's group has committed every record on the topic (it handled them all). */
  const projectorCaughtUp = () =>
    waitFor(
      async () => {
        const { committed, end } = await stack.groupLag(projectorGroup(stack.topicPrefix));
        return end > 0 && committed === end ? { committed, end } : null;
      },
      { timeoutMs: 60_000, intervalMs: 100, what: 'the projector group to commit every record of the topic' },
    );

  it(
    'leaves the read models unchanged when every stored event of each stream arrives a second time',
    diagnosed(
      () => [stack],
      async () => {
        life = await driveInitiativeLife(log, 'Redelivery');
        const streams = [life.focusAreaId, life.programmeId, life.projectId];
        for (const id of streams) await client.statusAt(id, log.version(id));
        const eventCount = streams.reduce((sum, id) => sum + log.version(id), 0);
        expect(eventCount).toBe(14);
        const first = await projectorCaughtUp();
        expect(first.end).toBe(eventCount); // each event on the topic once so far

        const storedBefore = await stack.storedViews();
        const answersBefore = await Promise.all(
          streams.map(async (id) => canonical(await client.statusAt(id, log.version(id)))),
        );

        // Publish every stored event again: the project's adapter for two streams, a raw producer
        // (the same record format, `toKafkaMessage`) for the project, whose events are the most varied.
        const events = new MongoEventStore({ db: stack.db() });
        const bus = new KafkaMessageBus({
          brokers: stack.brokers.split(','),
          clientId: `redeliver-${stack.runId}`,
          topicPrefix: stack.topicPrefix,
        });
        const producer = stack.kafkaClient.producer({
          idempotent: true,
          maxInFlightRequests: 1,
          createPartitioner: Partitioners.DefaultPartitioner,
        });
        try {
          for (const id of [life.focusAreaId, life.programmeId]) await bus.publish(await events.readStream(id));
          await producer.connect();
          await producer.send({
            topic: stack.topic,
            acks: -1,
            messages: (await events.readStream(life.projectId)).map((e) => toKafkaMessage(e)),
          });
        } finally {
          await bus.close();
          await producer.disconnect();
        }

        const second = await projectorCaughtUp();
        expect(second.end).toBe(2 * eventCount); // every event twice

        // Nothing moved: the stored documents (version, position, updatedAt, counts) and the answers.
        expect(await stack.storedViews()).toEqual(storedBefore);
        const answersAfter = await Promise.all(
          streams.map(async (id) => canonical(await client.statusAt(id, log.version(id)))),
        );
        expect(answersAfter).toEqual(answersBefore);
        const project = await client.statusAt(life.projectId, log.version(life.projectId));
        expect(project.version).toBe(11);
        expect(project.goals[0].indicators[0].measurementCount).toBe(2);
        expect(project.milestones).toHaveLength(1);
        expect(project.benefits[0].realisations).toHaveLength(1);
        expect(stack.projector!.output().join('\n')).not.toMatch(/projection failed/);
      },
    ),
  );

  it(
    'leaves the read model unchanged when a run from the middle of a stream arrives again (a publish whose acknowledgement was lost)',
    diagnosed(
      () => [stack],
      async () => {
        expect(life).toBeDefined();
        const before = await projectorCaughtUp();
        const storedBefore = await stack.storedViews();

        // The relay republishes from the oldest commit not yet published: here v5 (the first
        // measurement) to the end, without the registration in front.
        const events = new MongoEventStore({ db: stack.db() });
        const tail = await events.readStream(life.projectId, 5);
        expect(tail.map((e) => e.type)).toEqual([
          'MeasurementRecorded',
          'MeasurementRecorded',
          'MilestonePlanned',
          'MilestoneAchieved',
          'FollowUpDecisionRecorded',
          'BenefitRegistered',
          'BenefitRealisationRecorded',
        ]);
        const bus = new KafkaMessageBus({
          brokers: stack.brokers.split(','),
          clientId: `redeliver-${stack.runId}`,
          topicPrefix: stack.topicPrefix,
        });
        try {
          await bus.publish(tail);
        } finally {
          await bus.close();
        }
        const after = await projectorCaughtUp();
        expect(after.end).toBe(before.end + tail.length);

        expect(await stack.storedViews()).toEqual(storedBefore);
        const project = await client.statusAt(life.projectId, 11);
        expect(project.goals[0].indicators[0].measurementCount).toBe(2);
        expect(project.milestones).toHaveLength(1);
        expect(project.benefits).toHaveLength(1);
        expect(project.benefits[0].realisations).toHaveLength(1);
      },
    ),
  );

  it(
    'keeps projecting new writes once each after the duplicates, equal to a fresh rebuild',
    diagnosed(
      () => [stack],
      async () => {
        expect(life).toBeDefined();
        await log.write((h) =>
          client.recordMeasurement(life.projectId, life.indicatorId, { value: 30, at: '2025-03-05T00:00:00Z' }, h),
        );
        const milestone = await log.write((h) =>
          client.planMilestone(life.projectId, { title: 'After the duplicates' }, h),
        );
        const latest = await client.statusAt(life.projectId, milestone.version);
        expect(latest.version).toBe(13);
        expect(latest.goals[0].indicators[0].measurementCount).toBe(3);
        expect(latest.milestones.map((m: { title: string }) => m.title)).toEqual([
          'Pilot done',
          'After the duplicates',
        ]);

        await projectorCaughtUp();
        const live = await stack.storedViews();
        const rebuilt = await freshRebuild(stack);
        expect(differences(live, rebuilt)).toEqual([]);
        expect(live).toEqual(rebuilt);
        expect(stack.projector!.output().join('\n')).not.toMatch(/projection failed/);
      },
    ),
  );
});
