import { randomBytes } from 'node:crypto';
import { Kafka, logLevel, type Admin } from 'kafkajs';
import { MongoClient, type Db } from 'mongodb';
import { issueToken } from '@followup/platform';
import { eventsTopicName } from '@followup/messaging';
import { waitFor } from '@followup/messaging/testing/wait-for';
import type { InitiativeView } from '@followup/read-model';
import { MongoEventStore, type StoredCommit } from '@followup/event-store';
import { API_BUNDLE, freePort, ManagedProcess, nodeArgs, PROJECTOR_BUNDLE } from './processes';
import { HttpClient } from './http-client';

/** The shared services of `scripts/services/up.sh` (or what KAFKA_BROKERS / MONGO_URL name). */
export const SHARED_BROKERS = process.env.KAFKA_BROKERS?.trim() || '127.0.0.1:9092';
export const MONGO_URL = process.env.MONGO_URL?.trim() || 'mongodb://127.0.0.1:27017';

/** Environment variables of the production processes that the tests set themselves. */
const OWN_VARIABLES = [
  'PORT',
  'HOST',
  'DATA_DIR',
  'MONGO_URL',
  'MONGO_DB',
  'KAFKA_BROKERS',
  'KAFKA_TOPIC_PREFIX',
  'AUTH_JWT_SECRET',
  'AUTH_JWKS_URL',
  'LOG_LEVEL',
  'OUTBOX_SWEEP_MS',
  'READ_MODEL_WAIT_MS',
  'RATE_LIMIT_PER_MINUTE',
  'WEBHOOK_ALLOW',
];

export interface StackOptions {
  /** Short name for the run id (database and topic names). */
  readonly label: string;
  readonly brokers?: string;
  readonly mongoUrl?: string;
  /** Extra environment for both processes (e.g. OUTBOX_SWEEP_MS). */
  readonly env?: Record<string, string>;
}

/**
 * The production topology of one test file, as separate OS processes: `node dist/apps/api/main.js`
 * and `node dist/apps/projector/main.js` on MongoDB and Kafka, with a database and a topic
 * prefix of their own (so runs never see each other's data), plus the test's own MongoDB and
 * Kafka clients to look underneath.
 */
export class ProductionStack {
  readonly runId: string;
  readonly dbName: string;
  readonly topicPrefix: string;
  readonly topic: string;
  readonly brokers: string;
  readonly mongoUrl: string;
  readonly secret = `production-int-${randomBytes(24).toString('hex')}`;
  /** Every process this stack started, in order (old projector runs stay for the diagnostics). */
  readonly processes: ManagedProcess[] = [];
  api: ManagedProcess | null = null;
  projector: ManagedProcess | null = null;
  port = 0;
  private mongoClient: MongoClient | null = null;
  private kafka: Kafka;
  private adminClient: Admin | null = null;
  private readonly extraDbs = new Set<string>();

  constructor(private readonly options: StackOptions) {
    const stamp = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
    this.runId = `${options.label}-${stamp}`;
    this.dbName = `it_${options.label.replace(/[^A-Za-z0-9]/g, '_')}_${stamp}`;
    this.topicPrefix = `it-${this.runId}.`;
    this.topic = eventsTopicName(this.topicPrefix);
    this.brokers = options.brokers ?? SHARED_BROKERS;
    this.mongoUrl = options.mongoUrl ?? MONGO_URL;
    this.kafka = new Kafka({
      clientId: `production-int-${this.runId}`,
      brokers: this.brokers.split(','),
      logLevel: logLevel.NOTHING,
      retry: { retries: 3, initialRetryTime: 200, maxRetryTime: 2_000 },
    });
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** The environment of the production processes: only what this stack sets, nothing inherited from the test shell. */
  env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = { ...process.env };
    for (const name of OWN_VARIABLES) delete env[name];
    return {
      ...env,
      NODE_ENV: 'production',
      MONGO_URL: this.mongoUrl,
      MONGO_DB: this.dbName,
      KAFKA_BROKERS: this.brokers,
      KAFKA_TOPIC_PREFIX: this.topicPrefix,
      AUTH_JWT_SECRET: this.secret,
      LOG_LEVEL: 'log',
      OUTBOX_SWEEP_MS: '200',
      READ_MODEL_WAIT_MS: '5000',
      // Many requests from one test subject; webhook receivers listen on loopback.
      RATE_LIMIT_PER_MINUTE: '0',
      WEBHOOK_ALLOW: '127.0.0.1',
      ...this.options.env,
      ...extra,
    };
  }

  /** Starts the API and waits until `/health` answers 200 (store, read models and broker up). */
  async startApi(timeoutMs = 60_000): Promise<ManagedProcess> {
    if (this.api?.alive) throw new Error('the API already runs');
    this.port ||= await freePort();
    const api = ManagedProcess.start(
      `api#${this.processes.length + 1}`,
      process.execPath,
      nodeArgs(API_BUNDLE),
      this.env({ PORT: String(this.port), HOST: '127.0.0.1' }),
    );
    this.processes.push(api);
    this.api = api;
    await waitFor(
      async () => {
        if (!api.alive) throw new Error(`the API exited while starting\n${api.tail()}`);
        try {
          const response = await fetch(`${this.baseUrl}/health`, { signal: AbortSignal.timeout(5_000) });
          return response.status === 200;
        } catch {
          return false;
        }
      },
      { timeoutMs, intervalMs: 100, what: `GET ${this.baseUrl}/health to answer 200` },
    );
    return api;
  }

  /** Starts a projector and waits until it has joined its consumer group (it logs "projecting" after that). */
  async startProjector(timeoutMs = 75_000): Promise<ManagedProcess> {
    if (this.projector?.alive) throw new Error('a projector already runs');
    const projector = ManagedProcess.start(
      `projector#${this.processes.length + 1}`,
      process.execPath,
      nodeArgs(PROJECTOR_BUNDLE),
      this.env(),
    );
    this.processes.push(projector);
    this.projector = projector;
    await projector.waitForLine(/projecting .*followup\.events\.v1/, timeoutMs);
    return projector;
  }

  /**
   * Starts the API and the projector at the same moment, as a deployment does, and answers a
   * caseworker's client; a failure carries the processes' output.
   */
  async startApiAndProjector(): Promise<HttpClient> {
    try {
      await Promise.all([this.startApi(), this.startProjector()]);
      return await this.client(['caseworker']);
    } catch (error) {
      throw new Error(`${(error as Error).message}\n${this.diagnostics()}`);
    }
  }

  async client(roles: string[] = ['caseworker'], sub = 'kari', name = 'Kari Nordmann'): Promise<HttpClient> {
    return new HttpClient(this.baseUrl, await issueToken(this.secret, { sub, roles, name, expiresIn: '2h' }));
  }

  get mongo(): MongoClient {
    this.mongoClient ??= new MongoClient(this.mongoUrl, { serverSelectionTimeoutMS: 10_000 });
    return this.mongoClient;
  }

  /** The stack's database, or another one of this run (dropped in `dispose`). */
  db(suffix = ''): Db {
    if (suffix) this.extraDbs.add(`${this.dbName}${suffix}`);
    return this.mongo.db(`${this.dbName}${suffix}`);
  }

  async admin(): Promise<Admin> {
    if (!this.adminClient) {
      const admin = this.kafka.admin();
      await admin.connect();
      this.adminClient = admin;
    }
    return this.adminClient;
  }

  /** A kafkajs client on this stack's broker (for the test's own producers and consumers). */
  get kafkaClient(): Kafka {
    return this.kafka;
  }

  /** The stored view as the projector wrote it (no query-time fields). */
  async storedView(id: string, suffix = ''): Promise<InitiativeView | null> {
    const doc = await this.db(suffix)
      .collection<InitiativeView & { _id: string }>('initiative_views')
      .findOne({ _id: id });
    if (!doc) return null;
    const { _id: _ignored, ...view } = doc;
    return view;
  }

  /** The commits the outbox has not handed to Kafka yet (read through the event store, as the relay does). */
  async pendingCommits(): Promise<StoredCommit[]> {
    return new MongoEventStore({ db: this.db() }).readUnpublished(100_000);
  }

  /** Every stored view, by id. */
  async storedViews(suffix = ''): Promise<Map<string, InitiativeView>> {
    const docs = await this.db(suffix)
      .collection<InitiativeView & { _id: string }>('initiative_views')
      .find()
      .sort({ _id: 1 })
      .toArray();
    return new Map(docs.map(({ _id, ...view }) => [_id, view as InitiativeView]));
  }

  /** Waits until the stored view of `id` has reached `version`. */
  async waitForView(id: string, version: number, timeoutMs = 60_000): Promise<InitiativeView> {
    return waitFor(
      async () => {
        const view = await this.storedView(id);
        return view && view.version >= version ? view : null;
      },
      { timeoutMs, intervalMs: 100, what: `the read model of ${id} to reach v${version}` },
    );
  }

  /** The committed offsets of a consumer group, summed over the topic's partitions, against the end offsets. */
  async groupLag(group: string): Promise<{ committed: number; end: number }> {
    const admin = await this.admin();
    const ends = await admin.fetchTopicOffsets(this.topic);
    const [offsets] = await admin.fetchOffsets({ groupId: group, topics: [this.topic] });
    const committed = (offsets?.partitions ?? []).reduce((sum, p) => sum + Math.max(0, Number(p.offset)), 0);
    const end = ends.reduce((sum, p) => sum + Number(p.high), 0);
    return { committed, end };
  }

  /** The tails of every process's output, for a failing test. */
  diagnostics(): string {
    return this.processes.map((p) => p.tail()).join('\n');
  }

  /** Stops the processes (SIGTERM, then SIGKILL), drops the databases and deletes the topic. */
  async dispose(): Promise<void> {
    const errors: unknown[] = [];
    await Promise.all(this.processes.map((p) => p.stop('SIGTERM', 10_000).catch((e: unknown) => errors.push(e))));
    if (process.env.PRODUCTION_TEST_KEEP_DATA !== '1') {
      try {
        for (const name of [this.dbName, ...this.extraDbs]) await this.mongo.db(name).dropDatabase();
      } catch (error) {
        errors.push(error);
      }
      try {
        const admin = await this.admin();
        const topics = (await admin.listTopics()).filter((t) => t.startsWith(this.topicPrefix));
        if (topics.length > 0) await admin.deleteTopics({ topics, timeout: 10_000 });
      } catch (error) {
        // The broker may be gone already (the outage test stops its own); nothing to clean then.
        errors.push(error);
      }
    }
    await this.adminClient?.disconnect().catch(() => undefined);
    await this.mongoClient?.close().catch(() => undefined);
    if (errors.length > 0)
      console.warn(`[production tests] cleanup of ${this.runId} was incomplete: ${errors.map(String).join('; ')}`);
  }
}

export interface Diagnosable {
  diagnostics(): string;
}

/**
 * Wraps a test body so that a failure carries the tails of the processes' output.
 * Usage: `it('...', diagnosed(() => [stack], async () => { ... }))`.
 */
export function diagnosed(
  sources: () => Array<Diagnosable | null | undefined>,
  body: () => Promise<void>,
): () => Promise<void> {
  return async () => {
    try {
      await body();
    } catch (error) {
      const tails = sources()
        .filter((s): s is Diagnosable => !!s)
        .map((s) => s.diagnostics())
        .join('\n');
      if (error instanceof Error) {
        error.message = `${error.message}\n\n===== output of the spawned processes =====\n${tails}`;
        throw error;
      }
      throw new Error(`${String(error)}\n\n===== output of the spawned processes =====\n${tails}`);
    }
  };
}
