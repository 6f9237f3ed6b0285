import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { issueToken, loadConfig, ManualClock, type AppConfig } from '@followup/platform';
import { createApiApp } from '../../apps/api/src/bootstrap';

export const TEST_SECRET = 'e2e-test-secret-with-enough-entropy-0123456789';

export interface ApiHarness {
  readonly app: NestFastifyApplication;
  readonly http: ReturnType<typeof request>;
  readonly clock: ManualClock;
  readonly dataDir: string;
  readonly config: AppConfig;
  token(roles: string[], sub?: string, name?: string): Promise<string>;
  /** Stops the app; the data directory stays until `dispose`. */
  close(): Promise<void>;
  /** A new app on the same DATA_DIR, as after a restart. */
  restart(): Promise<ApiHarness>;
  dispose(): Promise<void>;
}

export interface HarnessOptions {
  readonly dataDir?: string;
  readonly env?: Record<string, string>;
  readonly now?: string;
  readonly runProjections?: boolean;
  /** Runs after the app closed, before the data directory is removed (drop databases...). */
  readonly cleanup?: () => Promise<void>;
}

/** The ALERT_* variables a test file set (see test/alerts/support/alerts.ts); nothing else leaks in. */
const alertSettings = (env: NodeJS.ProcessEnv): Record<string, string | undefined> =>
  Object.fromEntries(Object.entries(env).filter(([name]) => name.startsWith('ALERT_')));

/** The embedded default in-process, on a fresh DATA_DIR, with a hand-set clock. */
export async function startApi(options: HarnessOptions = {}): Promise<ApiHarness> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'followup-e2e-'));
  const env: Record<string, string> = {
    ...alertSettings(process.env),
    DATA_DIR: dataDir,
    AUTH_JWT_SECRET: TEST_SECRET,
    READ_MODEL_WAIT_MS: '2000',
    // Tests deliver webhooks to a receiver on loopback, which the default refuses.
    WEBHOOK_ALLOW: process.env.WEBHOOK_ALLOW ?? '127.0.0.1',
    // Many requests from one subject in a short time; a test about the limit sets its own.
    RATE_LIMIT_PER_MINUTE: '0',
    ...options.env,
  };
  const config = loadConfig(env);
  const clock = new ManualClock(new Date(options.now ?? '2025-03-01T12:00:00.000Z'));
  const app = await createApiApp({
    config,
    clock,
    logger: ['error'],
    ...(options.runProjections !== undefined ? { runProjections: options.runProjections } : {}),
  });
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  const harness: ApiHarness = {
    app,
    http: request(app.getHttpServer()),
    clock,
    dataDir,
    config,
    token: (roles, sub = 'alice', name = 'Alice Berg') =>
      issueToken(TEST_SECRET, { sub, roles, name, expiresIn: '1h' }),
    close: () => app.close(),
    restart: async () => {
      await app.close();
      const next = await startApi({ ...options, dataDir });
      next.clock.set(clock.now());
      return next;
    },
    dispose: async () => {
      await app.close().catch(() => undefined);
      await options.cleanup?.();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return harness;
}

/**
 * The production adapters in one process: MongoDB event store and read models, the Kafka bus
 * with the projector consuming it, each run on its own database and topic prefix.
 */
export async function startProductionApi(
  options: Omit<HarnessOptions, 'env' | 'cleanup' | 'runProjections'> = {},
): Promise<ApiHarness> {
  const mongoUrl = process.env.MONGO_URL ?? 'mongodb://127.0.0.1:27017';
  const run = `e2e_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  return startApi({
    ...options,
    runProjections: true,
    env: {
      MONGO_URL: mongoUrl,
      MONGO_DB: run,
      KAFKA_BROKERS: process.env.KAFKA_BROKERS ?? '127.0.0.1:9092',
      KAFKA_TOPIC_PREFIX: `${run}.`,
      READ_MODEL_WAIT_MS: '15000',
      OUTBOX_SWEEP_MS: '200',
    },
    cleanup: async () => {
      const { MongoClient } = await import('mongodb');
      const client = await new MongoClient(mongoUrl).connect();
      await client
        .db(run)
        .dropDatabase()
        .catch(() => undefined);
      await client.close();
    },
  });
}
