import type { Consumer, KafkaMessage } from 'kafkajs';
import { MongoEventStore, type StoredEvent } from '@followup/event-store';
import { waitFor } from '@followup/messaging/testing/wait-for';
import { ensureBuilt, stopAll } from './support/processes';
import { diagnosed, ProductionStack } from './support/stack';
import { driveInitiativeLife, WriteLog, type InitiativeLife } from './support/life';
import type { HttpClient } from './support/http-client';

/**
 * HTTP -> MongoDB -> Kafka -> projector -> query, across separate OS processes: the built API
 * (`node dist/apps/api/main.js`) and projector (`node dist/apps/projector/main.js`) on the shared
 * Kafka broker and MongoDB-compatible server (`bash scripts/services/up.sh`).
 */
jest.setTimeout(120_000);

interface Received {
  readonly partition: number;
  readonly offset: string;
  readonly message: KafkaMessage;
}

const header = (message: KafkaMessage, name: string): string | undefined => {
  const value = message.headers?.[name];
  if (value === undefined) return undefined;
  if (Array.isArray(value)) throw new Error(`header ${name} is repeated`);
  return Buffer.isBuffer(value) ? value.toString('utf8') : String(value);
};

describe('production processes: HTTP -> MongoDB -> Kafka -> projector -> query', () => {
  let stack: ProductionStack;
  let other: ProductionStack | null = null;
  let client: HttpClient;
  let log: WriteLog;
  let life: InitiativeLife;
  let consumer: Consumer | null = null;
  const received = new Map<string, Received[]>();

  beforeAll(async () => {
    ensureBuilt();
    stack = new ProductionStack({ label: 'pipeline' });
    try {
      // Both at once, as a deployment starts them: neither may trip over the other's setup.
      await Promise.all([stack.startApi(), stack.startProjector()]);
      client = await stack.client(['caseworker']);
      log = new WriteLog(client, stack.runId);

      // A plain kafkajs consumer (not the project's adapter), reading the topic from the start.
      consumer = stack.kafkaClient.consumer({ groupId: `plain-reader-${stack.runId}`, maxWaitTimeInMs: 200 });
      await consumer.connect();
      await consumer.subscribe({ topics: [stack.topic], fromBeginning: true });
      await consumer.run({
        eachMessage: async ({ partition, message }) => {
          const key = message.key?.toString('utf8') ?? '<no key>';
          const list = received.get(key) ?? [];
          list.push({ partition, offset: message.offset, message });
          received.set(key, list);
        },
      });
    } catch (error) {
      throw new Error(`${(error as Error).message}\n${stack.diagnostics()}`);
    }
  });

  afterAll(async () => {
    await consumer?.disconnect().catch(() => undefined);
    await other?.dispose();
    await stack?.dispose();
    await stopAll();
  });

  it(
    'answers GET /initiatives/{id}?minVersion=<version of the write> with the projected state',
    diagnosed(
      () => [stack],
      async () => {
        life = await driveInitiativeLife(log);
        const { projectId, focusAreaId, programmeId } = life;

        // Read-your-writes straight after the last write: the API waits for the projector process.
        const project = await client.statusAt(projectId, log.version(projectId));
        expect(project).toMatchObject({
          id: projectId,
          kind: 'project',
          parentId: programmeId,
          status: 'active',
          version: log.version(projectId),
          goals: [
            {
              id: life.goalId,
              resultLevel: 'userEffect',
              indicators: [
                {
                  id: life.indicatorId,
                  measurementCount: 2,
                  latest: { id: life.measurementIds[1], value: 22, at: '2025-02-28T00:00:00Z', source: 'survey' },
                },
              ],
            },
          ],
          milestones: [{ id: life.milestoneId, status: 'achieved' }],
          lastDecision: { id: life.decisionId, kind: 'continue', caseRef: '2025/0042' },
          benefits: [{ id: life.benefitId, realisations: [{ value: 3 }] }],
        });
        expect(project.version).toBe(11);

        expect(await client.statusAt(focusAreaId, log.version(focusAreaId))).toMatchObject({
          id: focusAreaId,
          kind: 'focusArea',
          status: 'active',
          version: 2,
        });
        expect(await client.statusAt(programmeId, log.version(programmeId))).toMatchObject({
          id: programmeId,
          kind: 'programme',
          parentId: focusAreaId,
          status: 'planned',
          version: 1,
        });

        // The API itself did not project (it has no projector in this mode): the view came from the
        // projector process, which wrote it into the shared database.
        expect((await stack.storedView(projectId))?.version).toBe(log.version(projectId));
        expect(stack.api!.output().join('\n')).not.toMatch(/ProjectionRunner/);

        // The record of truth: one commit per write in MongoDB, every one relayed to Kafka.
        const commits = stack.db().collection('commits');
        expect(await commits.countDocuments({})).toBe(log.writes);
        await waitFor(async () => (await stack.pendingCommits()).length === 0, {
          timeoutMs: 20_000,
          what: 'the outbox to be empty',
        });
      },
    ),
  );

  it(
    'puts every event on the topic with key = initiative id, CloudEvents headers and the event as JSON, in stream order',
    diagnosed(
      () => [stack],
      async () => {
        expect(life).toBeDefined();
        const store = new MongoEventStore({ db: stack.db() });
        const streams = [life.focusAreaId, life.programmeId, life.projectId];
        await waitFor(() => streams.every((id) => (received.get(id)?.length ?? 0) >= log.version(id)), {
          timeoutMs: 30_000,
          what: 'the plain consumer to read every event',
        });

        for (const streamId of streams) {
          const stored = await store.readStream(streamId);
          const messages = [...received.get(streamId)!].sort((a, b) => Number(BigInt(a.offset) - BigInt(b.offset)));
          expect(stored).toHaveLength(log.version(streamId));
          // Exactly one record per event, in stream order, all in the partition of the key.
          expect(messages.map((m) => JSON.parse(m.message.value!.toString('utf8')).streamVersion)).toEqual(
            stored.map((e) => e.streamVersion),
          );
          expect(new Set(messages.map((m) => m.partition)).size).toBe(1);

          messages.forEach(({ message }, index) => {
            const event = stored[index]!;
            const value = JSON.parse(message.value!.toString('utf8')) as StoredEvent;
            expect(message.key!.toString('utf8')).toBe(streamId);
            expect(value).toEqual(event);
            expect(header(message, 'ce_specversion')).toBe('1.0');
            expect(header(message, 'ce_id')).toBe(event.eventId);
            expect(header(message, 'ce_source')).toBe('/followup');
            expect(header(message, 'ce_type')).toBe(`no.followup.${event.type}`);
            expect(header(message, 'ce_time')).toBe(event.recordedAt);
            expect(new Date(header(message, 'ce_time')!).toISOString()).toBe(event.recordedAt);
            expect(header(message, 'ce_subject')).toBe(streamId);
            expect(header(message, 'content-type')).toBe('application/json');
            expect(header(message, 'ce_streamversion')).toBe(String(event.streamVersion));
            expect(header(message, 'stream-version')).toBe(String(event.streamVersion));
            expect(header(message, 'ce_position')).toBe(String(event.position));
            // The correlation id the client sent with the write that recorded the event.
            expect(header(message, 'ce_correlationid')).toBe(
              log.correlations.get(`${streamId}#${event.streamVersion}`),
            );
            expect(event.correlationId).toBe(log.correlations.get(`${streamId}#${event.streamVersion}`));
          });
        }

        const types = (id: string) => received.get(id)!.map((m) => header(m.message, 'ce_type'));
        expect(types(life.projectId)).toEqual(
          [
            'InitiativeRegistered',
            'InitiativeActivated',
            'GoalDefined',
            'IndicatorDefined',
            'MeasurementRecorded',
            'MeasurementRecorded',
            'MilestonePlanned',
            'MilestoneAchieved',
            'FollowUpDecisionRecorded',
            'BenefitRegistered',
            'BenefitRealisationRecorded',
          ].map((t) => `no.followup.${t}`),
        );
      },
    ),
  );

  it(
    'keeps environments that share the broker apart: a projector with another KAFKA_TOPIC_PREFIX takes none of these partitions',
    diagnosed(
      () => [stack, other],
      async () => {
        // Another environment (its own database and topic prefix) on the same broker.
        other = new ProductionStack({ label: 'pipeline-other' });
        await other.startProjector();

        const written: Array<{ id: string; version: number }> = [];
        for (let i = 0; i < 12; i++)
          written.push(await log.write((h) => client.register({ title: `Neighbour check ${i}` }, h)));
        // With a shared consumer group the other projector would be handed partitions of this topic
        // and drop them, so some of these would never be projected.
        for (const { id, version } of written) expect((await client.statusAt(id, version)).version).toBe(version);
        expect(other.projector!.output().join('\n')).not.toMatch(/unsubscribed topics/);
      },
    ),
  );
});
