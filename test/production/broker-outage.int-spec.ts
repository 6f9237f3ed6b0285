import type { Consumer } from 'kafkajs';
import { waitFor } from '@followup/messaging/testing/wait-for';
import { ensureBuilt, stopAll } from './support/processes';
import { diagnosed, ProductionStack } from './support/stack';
import { DedicatedKafka } from './support/kafka-broker';
import { driveInitiativeLife, WriteLog, type InitiativeLife } from './support/life';
import { differences, freshRebuild } from './support/rebuild';
import type { HttpClient } from './support/http-client';

/**
 * Fault: the Kafka broker stops while the API keeps taking writes, and comes back. Runs on a
 * broker of its own (scripts/services/up.sh with a private state dir and ports), so the shared
 * broker is never touched.
 */
jest.setTimeout(240_000);

describe('production processes: Kafka broker stopped mid-stream and restarted', () => {
  const kafka = new DedicatedKafka();
  let stack: ProductionStack;
  let client: HttpClient;
  let log: WriteLog;
  let life: InitiativeLife;
  const sources = () => [stack, kafka];

  beforeAll(async () => {
    ensureBuilt();
    try {
      await kafka.up();
      stack = new ProductionStack({ label: 'outage', brokers: kafka.brokers, env: { READ_MODEL_WAIT_MS: '1500' } });
      client = await stack.startApiAndProjector();
      log = new WriteLog(client, stack.runId);
    } catch (error) {
      throw new Error(`${(error as Error).message}\n${kafka.diagnostics()}`);
    }
  }, 240_000);

  afterAll(async () => {
    await stack?.dispose();
    await stopAll();
    await kafka.dispose();
  }, 180_000);

  it(
    'acknowledges writes while the broker is down and projects every one exactly once after it is back',
    diagnosed(sources, async () => {
      // Before the outage: the pipeline runs.
      life = await driveInitiativeLife(log, 'Outage');
      const { projectId, indicatorId, benefitId, focusAreaId } = life;
      await client.statusAt(projectId, log.version(projectId));
      const commits = stack.db().collection('commits');
      await waitFor(async () => (await stack.pendingCommits()).length === 0, {
        timeoutMs: 20_000,
        what: 'the outbox to drain',
      });
      const before = log.version(projectId);

      // The broker goes away (controlled shutdown); its data stays on disk.
      await kafka.down();
      const downAt = Date.now();
      expect(kafka.partitionDirs(stack.topic).length).toBeGreaterThan(0);

      // Writes are still acknowledged: the commit is in MongoDB, the outbox keeps it.
      const outageWrites: Array<() => Promise<unknown>> = [
        () =>
          log.write((h) =>
            client.recordMeasurement(projectId, indicatorId, { value: 24, at: '2025-03-01T00:00:00Z' }, h),
          ),
        () =>
          log.write((h) =>
            client.planMilestone(projectId, { title: 'Rollout to every school', dueAt: '2025-10-01T00:00:00Z' }, h),
          ),
        () =>
          log.write((h) =>
            client.recordMeasurement(projectId, indicatorId, { value: 26, at: '2025-03-02T00:00:00Z' }, h),
          ),
        () =>
          log.write((h) =>
            client.decide(projectId, { kind: 'adjust', summary: 'More teacher training', rationale: 'Slow uptake' }, h),
          ),
        () =>
          log.write((h) => client.recordRealisation(projectId, benefitId, { value: 4, at: '2025-03-01T00:00:00Z' }, h)),
        () =>
          log.write((h) => client.planMilestone(projectId, { title: 'Evaluation', dueAt: '2025-12-01T00:00:00Z' }, h)),
        () =>
          log.write((h) =>
            client.recordMeasurement(projectId, indicatorId, { value: 27, at: '2025-03-03T00:00:00Z' }, h),
          ),
        () => log.write((h) => client.activate(life.programmeId, h)),
      ];
      const slowest = { ms: 0 };
      for (const write of outageWrites) {
        const started = Date.now();
        await write();
        slowest.ms = Math.max(slowest.ms, Date.now() - started);
      }
      // The write path does not wait for the broker.
      expect(slowest.ms).toBeLessThan(5_000);
      const final = log.version(projectId);
      expect(final).toBe(before + 7);
      // One commit per acknowledged write, all of them still pending in the outbox.
      expect(await commits.countDocuments({})).toBe(log.writes);
      const pending = await stack.pendingCommits();
      expect(pending).toHaveLength(outageWrites.length);
      expect(pending.filter((commit) => commit.streamId === projectId)).toHaveLength(7);

      // The read model cannot move: read-your-writes answers 503 with Retry-After, plain reads the old state.
      const behind = await client.get(`/initiatives/${projectId}?minVersion=${final}`);
      expect(behind.status).toBe(503);
      expect(behind.headers.get('retry-after')).toBe('1');
      expect(behind.body).toMatchObject({ statusCode: 503, currentVersion: before });
      expect((await client.get(`/initiatives/${projectId}`)).body.version).toBe(before);
      // Readiness reports the broker.
      const health = await fetch(`${stack.baseUrl}/health`);
      expect(health.status).toBe(503);

      // Keep the broker away until both clients have given up their own retries: the relay's
      // publish has failed (the commits stay pending) and the projector's consumer has crashed
      // and is restarting, so what follows exercises the resume paths, not just a kafkajs retry.
      await stack.api!.waitForLine(/outbox relay could not publish/, 60_000);
      await stack.projector!.waitForLine(/consumer crashed; starting a new one/, 60_000);
      // ...and for longer than the consumer's watchdog tolerates silence (15 s): the outage outlasts
      // kafkajs's own restarts, and the group the broker reloads still holds the former member.
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, downAt + 16_000 - Date.now())));

      // The broker comes back on the same data: everything acknowledged reaches the read model.
      await kafka.up();
      await waitFor(async () => (await client.get(`/initiatives/${projectId}?minVersion=${final}`)).status === 200, {
        timeoutMs: 120_000,
        intervalMs: 250,
        what: `the read model of the project to reach v${final} after the broker restart`,
      });
      await stack.waitForView(life.programmeId, log.version(life.programmeId), 30_000);
      await waitFor(async () => (await stack.pendingCommits()).length === 0, {
        timeoutMs: 30_000,
        what: 'the outbox to drain',
      });

      // Exactly once: each acknowledged event applied once, nothing twice.
      const project = await client.statusAt(projectId, final);
      expect(project.version).toBe(final);
      const indicator = project.goals[0].indicators[0];
      expect(indicator.measurementCount).toBe(5);
      expect(indicator.latest).toMatchObject({ value: 27, at: '2025-03-03T00:00:00Z' });
      const milestoneIds = project.milestones.map((m: { id: string }) => m.id);
      expect(milestoneIds).toHaveLength(3);
      expect(new Set(milestoneIds).size).toBe(3);
      expect(project.milestones.map((m: { title: string }) => m.title)).toEqual([
        'Pilot done',
        'Rollout to every school',
        'Evaluation',
      ]);
      const realisations = project.benefits[0].realisations.map((r: { id: string }) => r.id);
      expect(realisations).toHaveLength(2);
      expect(new Set(realisations).size).toBe(2);
      expect(project.lastDecision).toMatchObject({ kind: 'adjust' });
      expect(await client.statusAt(life.programmeId, log.version(life.programmeId))).toMatchObject({
        status: 'active',
        version: 2,
      });
      expect((await client.statusAt(focusAreaId, 2)).version).toBe(2);

      // ...and the read models equal a fresh rebuild from the store.
      const live = await stack.storedViews();
      const rebuilt = await freshRebuild(stack);
      expect(differences(live, rebuilt)).toEqual([]);
      expect(live).toEqual(rebuilt);

      // The pipeline is live again: a new write is read back at once.
      const after = await log.write((h) =>
        client.recordMeasurement(projectId, indicatorId, { value: 28, at: '2025-03-04T00:00:00Z' }, h),
      );
      expect((await client.statusAt(projectId, after.version)).goals[0].indicators[0].measurementCount).toBe(6);
    }),
  );

  it(
    'has every acknowledged event on the topic (at least once, in stream order per key)',
    diagnosed(sources, async () => {
      expect(life).toBeDefined();
      const seen = new Map<string, number[]>();
      const consumer: Consumer = stack.kafkaClient.consumer({
        groupId: `plain-reader-${stack.runId}`,
        maxWaitTimeInMs: 200,
      });
      try {
        await consumer.connect();
        await consumer.subscribe({ topics: [stack.topic], fromBeginning: true });
        await consumer.run({
          eachMessage: async ({ message }) => {
            const key = message.key!.toString('utf8');
            seen.set(key, [...(seen.get(key) ?? []), Number(message.headers!['ce_streamversion']!.toString())]);
          },
        });
        const streams = [...log.versions.keys()];
        await waitFor(() => streams.every((id) => new Set(seen.get(id) ?? []).size === log.version(id)), {
          timeoutMs: 30_000,
          what: 'every stored event on the topic',
        });
        for (const id of streams) {
          const versions = seen.get(id)!;
          // A republished commit repeats a run of versions; the first delivery of each version is in order.
          const firsts = versions.filter((v, i) => versions.indexOf(v) === i);
          expect(firsts).toEqual(Array.from({ length: log.version(id) }, (_, i) => i + 1));
        }
      } finally {
        await consumer.disconnect();
      }
    }),
  );
});
