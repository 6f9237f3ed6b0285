import { resolve } from 'node:path';
import { loadAlertingConfig, type AlertingConfig } from './alerting-config';
import { ConfigError } from './config-error';
import { loadSecurityConfig, type SecurityConfig } from './security-config';
import { loadMailConfig, type MailConfig } from './mail-config';

export * from './security-config';
export * from './mail-config';

export type StorageMode = 'embedded' | 'mongodb';
export type BusMode = 'in-process' | 'kafka';
export type GoalPolicySetting = 'strict' | 'advisory';

function goalPolicy(env: NodeJS.ProcessEnv): GoalPolicySetting {
  const raw = env.GOAL_POLICY?.trim() || 'strict';
  if (raw !== 'strict' && raw !== 'advisory')
    throw new ConfigError(`GOAL_POLICY must be strict or advisory, got "${raw}"`);
  return raw;
}

function oidcIssuer(env: NodeJS.ProcessEnv): string | null {
  const raw = env.AUTH_OIDC_ISSUER?.trim();
  if (!raw) return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(`AUTH_OIDC_ISSUER must be the issuer's URL, got "${raw}"`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new ConfigError(`AUTH_OIDC_ISSUER must be an https URL, got "${raw}"`);
  return raw;
}

/** Process configuration from the environment (docs/api.md, "Configuration"). */
export interface AppConfig {
  /** Which process this is (api, projector, ...): client ids and logs. */
  readonly processName: string;
  readonly port: number;
  readonly host: string;
  readonly dataDir: string;
  readonly mongoUrl: string | null;
  readonly mongoDbName: string;
  readonly kafkaBrokers: string[];
  readonly kafkaTopicPrefix: string;
  readonly authJwtSecret: string | null;
  readonly authJwksUrl: string | null;
  /** AUTH_OIDC_ISSUER: an OpenID Connect issuer whose keys (found by discovery) verify tokens. */
  readonly authOidcIssuer: string | null;
  /** AUTH_OIDC_CLIENT_ID: the console's client id at that issuer (shown by GET /auth/config). */
  readonly authOidcClientId: string | null;
  readonly logLevel: string;
  /** How long `?minVersion=` and embedded writes wait for the read model. */
  readonly readModelWaitMs: number;
  /** IDLE_COMPACTION_MS: how long the process must be idle before it compacts a grown heap; 0 never. */
  readonly idleCompactionMs: number;
  readonly outboxSweepMs: number;
  readonly indicatorOnTrack: number;
  readonly indicatorAtRisk: number;
  /** GOAL_POLICY: `strict` refuses to activate an initiative whose goals cannot be verified; `advisory` reports. */
  readonly goalPolicy: GoalPolicySetting;
  /** The notifier's settings (ALERT_*). */
  readonly alerting: AlertingConfig;
  readonly security: SecurityConfig;
  /** VOCABULARY_FILE: a JSON file of extra target groups `{ "targetGroups": [{ code, nn, en, definition }] }`. */
  readonly vocabularyFile: string | null;
  /** SMTP_URL, SMTP_FROM: alert e-mail. */
  readonly mail: MailConfig;
  /** DEMO_DATA: the API loads the demo portfolio into an empty embedded store at start-up; never with MONGO_URL. */
  readonly demoData: boolean;
  /** WEB_DIST_DIR: the built web console served at `/` (default apps/web/dist; nothing is served when absent). */
  readonly webDistDir: string;
  /** BENCH_NOOP=true: the API adds the no-op route `POST /bench/noop` that benchmarks compare with. */
  readonly benchNoop: boolean;
  get storage(): StorageMode;
  get bus(): BusMode;
}

function number(env: NodeJS.ProcessEnv, name: string, fallback: number, min = 0): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min) throw new ConfigError(`${name} must be a number >= ${min}, got "${raw}"`);
  return value;
}

function demoData(env: NodeJS.ProcessEnv, mongoUrl: string | null): boolean {
  const raw = env.DEMO_DATA?.trim().toLowerCase();
  if (raw && !['true', '1', 'false', '0'].includes(raw))
    throw new ConfigError(`DEMO_DATA must be true or false, got "${env.DEMO_DATA}"`);
  return !mongoUrl && raw !== 'false' && raw !== '0';
}

/**
 * The database a MongoDB connection string names in its path (`mongodb://host/db?opts` -> `db`),
 * or null when it names none. Not parsed with `URL`: a seed list (`h1:1,h2:2`) is no valid host.
 */
export function databaseNamedIn(mongoUrl: string | null): string | null {
  const match = mongoUrl ? /^mongodb(?:\+srv)?:\/\/[^/?#]*\/([^?#]*)/.exec(mongoUrl) : null;
  const name = match?.[1] ? decodeURIComponent(match[1]).trim() : '';
  return name || null;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, processName = 'api'): AppConfig {
  const mongoUrl = env.MONGO_URL?.trim() || null;
  const kafkaBrokers = (env.KAFKA_BROKERS ?? '')
    .split(',')
    .map((b) => b.trim())
    .filter(Boolean);
  const onTrack = number(env, 'INDICATOR_ON_TRACK_RATIO', 0.95);
  const atRisk = number(env, 'INDICATOR_AT_RISK_RATIO', 0.75);
  if (atRisk > onTrack) throw new ConfigError('INDICATOR_AT_RISK_RATIO must not exceed INDICATOR_ON_TRACK_RATIO');
  return {
    processName,
    port: number(env, 'PORT', 3000),
    host: env.HOST?.trim() || '0.0.0.0',
    dataDir: resolve(env.DATA_DIR?.trim() || './data'),
    mongoUrl,
    mongoDbName: env.MONGO_DB?.trim() || databaseNamedIn(mongoUrl) || 'followup',
    kafkaBrokers,
    kafkaTopicPrefix: env.KAFKA_TOPIC_PREFIX ?? '',
    authJwtSecret: env.AUTH_JWT_SECRET?.trim() || null,
    authJwksUrl: env.AUTH_JWKS_URL?.trim() || null,
    authOidcIssuer: oidcIssuer(env),
    authOidcClientId: env.AUTH_OIDC_CLIENT_ID?.trim() || null,
    logLevel: env.LOG_LEVEL?.trim() || 'log',
    readModelWaitMs: number(env, 'READ_MODEL_WAIT_MS', 3000),
    idleCompactionMs: number(env, 'IDLE_COMPACTION_MS', 2000),
    outboxSweepMs: number(env, 'OUTBOX_SWEEP_MS', 1000, 10),
    indicatorOnTrack: onTrack,
    indicatorAtRisk: atRisk,
    goalPolicy: goalPolicy(env),
    alerting: loadAlertingConfig(env),
    security: loadSecurityConfig(env),
    vocabularyFile: env.VOCABULARY_FILE?.trim() ? resolve(env.VOCABULARY_FILE.trim()) : null,
    mail: loadMailConfig(env),
    demoData: demoData(env, mongoUrl),
    webDistDir: resolve(env.WEB_DIST_DIR?.trim() || 'apps/web/dist'),
    benchNoop: env.BENCH_NOOP?.trim() === 'true',
    get storage(): StorageMode {
      return mongoUrl ? 'mongodb' : 'embedded';
    },
    get bus(): BusMode {
      return kafkaBrokers.length > 0 ? 'kafka' : 'in-process';
    },
  };
}

export const APP_CONFIG = Symbol('APP_CONFIG');
