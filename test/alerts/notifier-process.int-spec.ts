import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Consumer, KafkaMessage } from 'kafkajs';
import { alertsTopicName } from '@followup/messaging';
import { waitFor } from '@followup/messaging/testing/wait-for';
import { eventIdsIn, hasValidSignature } from '@followup/alerting/testing/engine-fixtures';
import { startReceiver, type TestReceiver } from '@followup/alerting/testing/receiver';
import { ensureBuilt, ManagedProcess, REPO_ROOT, stopAll } from '../production/support/processes';
import { diagnosed, ProductionStack } from '../production/support/stack';
import type { HttpClient } from '../production/support/http-client';

/*
 * The production topology with the notifier as its own process, twice: the built API, the
 * projector and two notifiers (`node dist/apps/notifier/main.js`) on Kafka and the
 * MongoDB-compatible server. The clock is real here: a milestone planned with yesterday's due
 * date is overdue at once. Each alert is raised, delivered to the webhook and published on the
 * alerts topic exactly once although two notifiers run.
 */
jest.setTimeout(180_000);

const NOTIFIER_BUNDLE = join(REPO_ROOT, 'dist', 'apps', 'notifier', 'main.js');
const SECRET = 'notifier-process-secret-0123';

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules' && entry.name !== 'testing') newest = Math.max(newest, newestSource(path));
    } else if (entry.name.endsWith('.ts') && !/\.(spec|int-spec|e2e-spec)\.ts$/.test(entry.name)) {
      newest = Math.max(newest, statSync(path).mtimeMs);
    }
  }
  return newest;
}

/** Builds the notifier bundle when missing or older than a source of apps/ or libs/ (as ensureBuilt does for the others). */
function ensureNotifierBuilt(): void {
  const mode = process.env.PRODUCTION_TEST_BUILD ?? 'auto';
  if (mode === 'never') {
    if (!existsSync(NOTIFIER_BUNDLE))
      throw new Error('dist/apps/notifier/main.js is missing: run npx nest build notifier');
    return;
  }
  const sources = Math.max(newestSource(join(REPO_ROOT, 'apps')), newestSource(join(REPO_ROOT, 'libs')));
  if (mode !== 'always' && existsSync(NOTIFIER_BUNDLE) && statSync(NOTIFIER_BUNDLE).mtimeMs >= sources) return;
  const result = spawnSync(join(REPO_ROOT, 'node_modules', '.bin', 'nest'), ['build', 'notifier'], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    timeout: 240_000,
  });
  if (result.status !== 0) throw new Error(`nest build notifier failed:\n${result.stdout}\n${result.stderr}`);
}

const DAY = 24 * 60 * 60 * 1000;

describe('notifier processes (Kafka + MongoDB): events -> alerts -> webhook and Kafka alerts topic', () => {
  let stack: ProductionStack;
  let receiver: TestReceiver;
  let consumer: Consumer | null = null;
  const notifiers: ManagedProcess[] = [];
  const records: KafkaMessage[] = [];
  let caseworker: HttpClient;
  let leader: HttpClient;

  beforeAll(async () => {
    ensureBuilt();
    ensureNotifierBuilt();
    receiver = await startReceiver();
    stack = new ProductionStack({
      label: 'alerts',
      env: { ALERT_GROUP_WAIT_MS: '300', ALERT_DISPATCH_MS: '100', ALERT_TICK_MS: '2000', ALERT_RETRY_BASE_MS: '200' },
    });
    try {
      await Promise.all([stack.startApi(), stack.startProjector()]);
      const topic = alertsTopicName(stack.topicPrefix);
      const admin = await stack.admin();
      await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: 3, replicationFactor: 1 }] });
      consumer = stack.kafkaClient.consumer({ groupId: `alerts-reader-${stack.runId}`, maxWaitTimeInMs: 200 });
      await consumer.connect();
      await consumer.subscribe({ topics: [topic], fromBeginning: true });
      await consumer.run({ eachMessage: async ({ message }) => void records.push(message) });
      for (const n of [1, 2]) {
        const notifier = ManagedProcess.start(`notifier#${n}`, process.execPath, [NOTIFIER_BUNDLE], stack.env());
        stack.processes.push(notifier);
        notifiers.push(notifier);
      }
      await Promise.all(notifiers.map((p) => p.waitForLine(/evaluating alerts from/, 60_000)));
      caseworker = await stack.client(['caseworker']);
      leader = await stack.client(['leader'], 'lena', 'Lena Leader');
    } catch (error) {
      throw new Error(`${(error as Error).message}\n${stack.diagnostics()}`);
    }
  });

  afterAll(async () => {
    await consumer?.disconnect().catch(() => undefined);
    await receiver?.close();
    await stack?.dispose();
    await stopAll();
  });

  const recordsOf = (alertId: string) =>
    records
      .map((m) => ({ key: m.key?.toString('utf8'), value: JSON.parse(m.value!.toString('utf8')) }))
      .filter((r) => r.value.alert.id === alertId);

  it(
    'raises, delivers, publishes and resolves an overdue milestone alert once, with two notifiers running',
    diagnosed(
      () => [stack],
      async () => {
        const fa = (await caseworker.register({ kind: 'focusArea', title: 'Coastal transport' })).id;
        await caseworker.activate(fa);
        const subscribed = await leader.request('POST', '/alert-subscriptions', {
          initiativeId: fa,
          webhookUrl: receiver.url,
          secret: SECRET,
        });
        expect(subscribed.status).toBe(201);
        const proj = (await caseworker.register({ kind: 'project', title: 'Quay upgrade', parentId: fa })).id;
        await caseworker.activate(proj);
        const dueAt = new Date(Date.now() - DAY).toISOString();
        const milestone = await caseworker.planMilestone(proj, { title: 'Quay rebuilt', dueAt });

        // The notifier consumed the event, waited for the projector's view and raised the alert.
        const alert = await waitFor(
          async () => {
            const result = await leader.get(`/alerts?status=open&initiativeId=${fa}`);
            return result.status === 200 && result.body.items.length > 0 ? result.body.items[0] : null;
          },
          { timeoutMs: 60_000, what: 'the overdue alert listed by the API' },
        );
        expect(alert).toMatchObject({
          rule: 'milestone.overdue',
          severity: 'critical',
          initiativeId: proj,
          subjectId: milestone.id,
          status: 'open',
        });

        await waitFor(() => eventIdsIn(receiver.requests).includes(`${alert.id}:raised`), {
          timeoutMs: 30_000,
          what: 'the webhook',
        });
        await waitFor(() => recordsOf(alert.id).length >= 1, { timeoutMs: 30_000, what: 'the Kafka alert record' });
        expect(recordsOf(alert.id)[0]).toMatchObject({
          key: proj,
          value: { event: 'raised', alert: { id: alert.id, status: 'open' } },
        });

        await caseworker.achieveMilestone(proj, milestone.id, {
          achievedAt: new Date(Date.now() - 60_000).toISOString(),
          evaluation: 'Done',
        });
        await waitFor(() => eventIdsIn(receiver.requests).includes(`${alert.id}:resolved`), {
          timeoutMs: 60_000,
          what: 'the resolution webhook',
        });
        await waitFor(() => recordsOf(alert.id).length >= 2, { timeoutMs: 30_000, what: 'the resolution on Kafka' });
        const resolved = await leader.get(`/alerts/${alert.id}`);
        expect(resolved.body.status).toBe('resolved');
        await waitFor(
          async () => {
            const deliveries = (await leader.get(`/alerts/${alert.id}/deliveries`)).body.items as Array<{
              channel: string;
              status: string;
            }>;
            const summary = deliveries.map((d) => `${d.channel}:${d.status}`).sort();
            return (
              JSON.stringify(summary) ===
              JSON.stringify(['kafka:delivered', 'kafka:delivered', 'webhook:delivered', 'webhook:delivered'])
            );
          },
          { timeoutMs: 30_000, what: 'the delivery log: raised and resolved, by webhook and on Kafka' },
        );

        // Let both notifiers run several more ticks and dispatch passes: nothing arrives twice.
        const ticks = await waitFor(
          async () => {
            const all = await leader.get(`/alerts?initiativeId=${fa}`);
            return all.body.items.length >= 2 ? all.body.items : null; // the overdue alert and the "achieved" notice
          },
          { timeoutMs: 30_000, what: 'the achieved notice' },
        );
        const notice = ticks.find((a: { rule: string }) => a.rule === 'milestone.achieved');
        await waitFor(() => eventIdsIn(receiver.requests).includes(`${notice.id}:raised`), {
          timeoutMs: 30_000,
          what: 'the notice webhook',
        });
        await waitFor(() => records.length >= 3, { timeoutMs: 30_000, what: 'three Kafka records' });
        const ids = eventIdsIn(receiver.requests);
        expect(ids.filter((id) => id.startsWith(alert.id)).sort()).toEqual([
          `${alert.id}:raised`,
          `${alert.id}:resolved`,
        ]);
        expect(new Set(ids).size).toBe(ids.length);
        expect(receiver.requests.every((r) => hasValidSignature(r, SECRET))).toBe(true);
        expect(recordsOf(alert.id).map((r) => r.value.event)).toEqual(['raised', 'resolved']);
        const listed = await leader.get(`/alerts?initiativeId=${fa}`);
        expect(listed.body.items).toHaveLength(2);
      },
    ),
  );
});
