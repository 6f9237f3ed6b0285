import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { issueToken } from '@followup/platform';
import { projectorGroup } from '@followup/runtime';
import { waitFor } from '@followup/messaging/testing/wait-for';
import { ensureBuilt, REPO_ROOT, stopAll, writeProcessLogs } from '../production/support/processes';
import { diagnosed, ProductionStack } from '../production/support/stack';
import { DedicatedKafka } from '../production/support/kafka-broker';
import { differences, freshRebuild } from '../production/support/rebuild';
import { DedicatedFerretDb } from './support/ferretdb';
import { FaultStack, type ApiSlot } from './support/fault-stack';
import { WebhookReceiver } from './support/alert-deliveries';
import {
  LoadGate,
  OutageLog,
  pool,
  registerLoadInitiative,
  RetryingClient,
  steadyCommand,
  type Initiative,
} from './support/load';
import { reconcile, checkAnswersDuringOutages, type Reconciliation } from './support/reconcile';

/**
 * Load under faults on the production topology: two API processes on one FerretDB (PostgreSQL)
 * and one Kafka broker, a projector and a notifier. While a generator sends FAULTS_COMMANDS
 * commands (default 10,000) over 200 initiatives, an API process, the projector and the notifier
 * are SIGKILLed and restarted, the broker is stopped and restarted, and the database server is
 * killed and restarted. Afterwards every acknowledged command must be stored exactly once and
 * projected exactly once, and every alert raised once and delivered once to a webhook subscriber.
 */
const TOTAL = Number(process.env.FAULTS_COMMANDS || 10_000);
const INITIATIVES = Number(process.env.FAULTS_INITIATIVES || 200);
const CONCURRENCY = Number(process.env.FAULTS_CONCURRENCY || 48);
const SKIP = (process.env.FAULTS_SKIP ?? '').split(',');
/** Fault k starts when this share of the steady load is done (the load waits for it there). */
const FAULT_SHARES = [0.1, 0.25, 0.4, 0.6, 0.75];
/** One initiative in this many has a webhook subscription (its alerts go to the test's receiver). */
const SUBSCRIBED_EVERY = 10;
jest.setTimeout(15 * 60_000);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('load under faults: two APIs, projector, notifier, broker and database killed and restarted', () => {
  const kafka = new DedicatedKafka();
  const ferret = new DedicatedFerretDb();
  const receiver = new WebhookReceiver();
  let stack: ProductionStack;
  let faults: FaultStack;
  let client: RetryingClient;
  const outages = new OutageLog();
  const readiness: Array<{ at: number; status: number; body: any }> = [];
  let projectorResumeMs = -1;
  const sources = () => [stack, kafka, ferret];

  beforeAll(async () => {
    ensureBuilt();
    try {
      await Promise.all([kafka.up(), ferret.create(), receiver.start()]);
      stack = new ProductionStack({
        label: 'faults',
        brokers: kafka.brokers,
        mongoUrl: ferret.url,
        // Alert notifications go out within seconds and are retried quickly, so they are all
        // delivered by the time the load is reconciled.
        env: {
          ALERT_GROUP_WAIT_MS: '2000',
          ALERT_RETRY_BASE_MS: '500',
          ALERT_RETRY_MAX_MS: '5000',
          ALERT_LEASE_GRACE_MS: '3000',
          ALERT_MAX_ATTEMPTS: '30',
        },
      });
      faults = new FaultStack(stack);
      await Promise.all([faults.addApi(), faults.addApi(), faults.startProjector(), faults.startNotifier()]);
      const token = await issueToken(stack.secret, {
        sub: 'load',
        roles: ['caseworker'],
        name: 'Load',
        expiresIn: '2h',
      });
      client = new RetryingClient(() => faults.liveUrls(), token);
    } catch (error) {
      throw new Error(
        `${(error as Error).message}\n${kafka.diagnostics()}\n${ferret.diagnostics()}\n${stack?.diagnostics()}`,
      );
    }
  }, 300_000);

  afterAll(async () => {
    if (stack) writeProcessLogs('load-under-faults', [...stack.processes, ...ferret.runs]);
    await stack?.dispose();
    await stopAll();
    await kafka.dispose();
    await ferret.dispose();
    await receiver.stop();
  }, 180_000);

  const killAndRestartApi = (slot: ApiSlot) =>
    outages.during(`api:${slot.name}`, async () => {
      await slot.process!.stop('SIGKILL');
      await sleep(1_000);
      await faults.startApi(slot);
    });

  /** Polls /health/ready of the first API every 500 ms while `body` runs. */
  const probingReadiness = async <T>(body: () => Promise<T>): Promise<T> => {
    let probing = true;
    const probe = (async () => {
      while (probing) {
        const at = Date.now();
        try {
          const r = await fetch(`${faults.apis[0]!.url}/health/ready`, { signal: AbortSignal.timeout(8_000) });
          readiness.push({ at, status: r.status, body: await r.json() });
        } catch {
          // the API itself is being restarted
        }
        await sleep(500);
      }
    })();
    try {
      return await body();
    } finally {
      probing = false;
      await probe;
    }
  };

  /** The faults, each begun when the steady load has reached its share (FAULT_SHARES). */
  async function chaos(progress: () => number, steadyTotal: number, gate: LoadGate) {
    const at = async (k: number) => {
      await waitFor(() => progress() >= FAULT_SHARES[k]! * steadyTotal, {
        timeoutMs: 600_000,
        intervalMs: 100,
        what: `${FAULT_SHARES[k]} of the load`,
      });
      // The load goes on while the fault lasts.
      setTimeout(() => gate.begin(k), 200);
    };
    await at(0);
    await killAndRestartApi(faults.apis[0]!);
    await at(1);
    await outages.during('process:projector+notifier', async () => {
      await Promise.all([faults.projector!.stop('SIGKILL'), faults.notifier!.stop('SIGKILL')]);
      await sleep(1_000);
      await Promise.all([faults.startProjector(), faults.startNotifier()]);
    });
    await at(2);
    // FAULTS_SKIP=broker leaves the broker outage out (to reconcile the other faults alone).
    if (!SKIP.includes('broker')) await brokerOutage();
    await at(3);
    await probingReadiness(() =>
      outages.during('dependency:database', async () => {
        await ferret.kill();
        await sleep(8_000);
        await ferret.start();
      }),
    );
    await at(4);
    await killAndRestartApi(faults.apis[1]!);
  }

  async function brokerOutage() {
    await probingReadiness(() =>
      outages.during('dependency:broker', async () => {
        await kafka.down();
        await sleep(12_000);
        await kafka.up();
      }),
    );
    projectorResumeMs = await timeToProject();
  }

  /**
   * After the broker is back: how long until the projector consumes again (its group's committed
   * offsets move). A new write would measure the backlog the outage left in front of it instead.
   */
  async function timeToProject(): Promise<number> {
    const back = Date.now();
    const group = projectorGroup(stack.topicPrefix);
    const before = await waitFor(() => stack.groupLag(group).catch(() => null), {
      timeoutMs: 30_000,
      intervalMs: 200,
      what: 'the projector group offsets',
    });
    await waitFor(async () => (await stack.groupLag(group).catch(() => before)).committed > before.committed, {
      timeoutMs: 120_000,
      intervalMs: 200,
      what: 'the projector to consume again after the broker outage',
    });
    return Date.now() - back;
  }

  async function setUp(): Promise<Initiative[]> {
    const initiatives: Initiative[] = [];
    await pool(INITIATIVES, CONCURRENCY, async (i) => {
      initiatives.push(await registerLoadInitiative(client, `Load ${i}`));
    });
    // A leader subscribes a webhook to some initiatives: their alerts are delivered during the faults.
    const leader = await issueToken(stack.secret, {
      sub: 'leader',
      roles: ['leader'],
      name: 'Leader',
      expiresIn: '2h',
    });
    const subscriber = new RetryingClient(() => faults.liveUrls(), leader);
    for (const initiative of initiatives.filter((_, i) => i % SUBSCRIBED_EVERY === 0)) {
      const subscribed = await subscriber.send('subscribe', initiative.id, 'POST', '/alert-subscriptions', {
        initiativeId: initiative.id,
        webhookUrl: receiver.url,
        secret: 'webhook-secret-of-the-load-test',
      });
      if (subscribed.status !== 201) throw new Error(`subscription refused: ${JSON.stringify(subscribed.response)}`);
    }
    return initiatives;
  }

  let result: Reconciliation;

  it(
    'acknowledged commands are stored exactly once and projected exactly once',
    diagnosed(sources, async () => {
      const started = Date.now();
      const initiatives = await setUp();
      const steadyTotal = TOTAL - client.commands.length;
      let done = 0;
      const gate = new LoadGate(FAULT_SHARES, steadyTotal);
      const chaosRun = chaos(() => done, steadyTotal, gate);
      // A fault that fails lets the load through (it would wait for the faults after it forever)
      // and fails the test at once.
      chaosRun.catch(() => FAULT_SHARES.forEach((_, k) => gate.begin(k)));
      await Promise.all([
        pool(steadyTotal, CONCURRENCY, async (i) => {
          await gate.pass(i);
          const initiative = initiatives[Math.floor(Math.random() * initiatives.length)]!;
          await steadyCommand(client, initiative, Math.random());
          done++;
        }),
        chaosRun,
      ]);
      const loadMs = Date.now() - started;

      result = await reconcile(stack, client, receiver);
      const dependencies = SKIP.includes('broker') ? ['database'] : ['broker', 'database'];
      const answers = checkAnswersDuringOutages(client.attempts, outages, dependencies);
      const summary = {
        loadMs,
        projectorResumeMs,
        ...result.counts,
        answersDuringOutages: answers.counts,
        outages: outages.windows.map((w) => ({ what: w.what, ms: w.to - w.from })),
      };
      console.log(`[faults] reconciliation ${JSON.stringify(summary, null, 2)}`);
      mkdirSync(join(REPO_ROOT, '.test-results'), { recursive: true });
      writeFileSync(
        join(REPO_ROOT, '.test-results', 'faults-reconciliation.json'),
        `${JSON.stringify(summary, null, 2)}\n`,
      );

      expect(result.counts.sent).toBeGreaterThanOrEqual(TOTAL);
      expect(result.counts.lost).toBe(0);
      expect(result.counts.duplicated).toBe(0);
      expect(result.counts.alerts.duplicated).toBe(0);
      expect(result.problems).toEqual([]);
      expect(answers.violations.slice(0, 20)).toEqual([]);

      // Readiness named the dependency that was down: the broker alone keeps it ready (degraded).
      const during = (what: string) => readiness.filter((r) => outages.covering(r.at, (w) => w === what));
      if (!SKIP.includes('broker'))
        expect(during('dependency:broker').some((r) => r.status === 200 && r.body.checks.bus === 'down')).toBe(true);
      expect(during('dependency:database').some((r) => r.status === 503 && r.body.checks.eventStore === 'down')).toBe(
        true,
      );

      // Every view equals a fresh rebuild from the store.
      const live = await stack.storedViews();
      const rebuilt = await freshRebuild(stack);
      expect(differences(live, rebuilt)).toEqual([]);

      // The ledger verifies.
      const auditor = await issueToken(stack.secret, {
        sub: 'audit',
        roles: ['auditor'],
        name: 'Audit',
        expiresIn: '1h',
      });
      const verify = await fetch(`${faults.apis[0]!.url}/audit/verify`, {
        headers: { authorization: `Bearer ${auditor}` },
      });
      expect(verify.status).toBe(200);
      expect(await verify.json()).toMatchObject({ ok: true, brokenEvents: 0 });
    }),
  );

  it(
    'two API processes writing one initiative at once: optimistic concurrency holds, no update lost',
    diagnosed(sources, async () => {
      const token = await issueToken(stack.secret, {
        sub: 'load',
        roles: ['caseworker'],
        name: 'Load',
        expiresIn: '1h',
      });
      const [first, second] = faults.apis.map((api) => new RetryingClient(() => [api.url], token));
      const reg = await first!.send('register', null, 'POST', '/initiatives', {
        kind: 'focusArea',
        title: 'Contended',
        ownerUnit: 'Regional development',
        responsible: 'Kari Nordmann',
      });
      const id = reg.response.id as string;
      const initiative = () => ({
        id,
        indicatorId: '',
        measurements: 0,
        milestones: 0,
        decisions: 0,
      });
      const perProcess = 60;
      await Promise.all(
        [first!, second!].map((c, p) => {
          const target = initiative();
          target.milestones = p * 1000;
          return pool(perProcess, 8, () => steadyCommand(c, target, 0.7));
        }),
      );
      const acked = [first!, second!].flatMap((c) => c.commands).filter((c) => c.status >= 200 && c.status < 300);
      const failed = [first!, second!].flatMap((c) => c.commands).filter((c) => c.status < 200 || c.status >= 300);
      expect(failed.map((c) => `${c.status} after ${c.attempts} attempts: ${JSON.stringify(c.response)}`)).toEqual([]);
      expect(acked).toHaveLength(2 * perProcess + 1);
      const versions = acked.map((c) => c.response.version as number).sort((a, b) => a - b);
      // Every acknowledged write got a version of its own, and together they are 1..n without a gap.
      expect(versions).toEqual(Array.from({ length: versions.length }, (_, i) => i + 1));
      const view = await waitFor(
        async () => {
          const v = await stack.storedView(id);
          return v && v.version === versions.length ? v : null;
        },
        { timeoutMs: 60_000, what: 'the contended initiative to be projected' },
      );
      expect(view.milestones).toHaveLength(2 * perProcess);
      const contention = [first!, second!].flatMap((c) => c.attempts).filter((a) => a.status === 409).length;
      console.log(`[faults] contended initiative: ${versions.length} versions, ${contention} answers 409 retried`);
    }),
  );
});
