import { ConfigError } from './config-error';

/** Alerting settings from the environment (README "Alerts"), part of `AppConfig`. Times in milliseconds. */
export interface AlertingConfig {
  /** ALERT_TICK_MS: how often the clock-driven evaluation runs. Default 60000; 0 disables the timer. */
  readonly tickMs: number;
  /** ALERT_DUE_SOON_DAYS: windows before a milestone's due date, largest first. Default 14,3. */
  readonly dueSoonDays: readonly number[];
  /** ALERT_ACHIEVED_NOTICE_MS: how long an "achieved" notice stays open after the achievement date. Default 7 days. */
  readonly achievedNoticeMs: number;
  /**
   * ALERT_GROUP_WAIT_MS: alert events for one subscription within this window go out as one
   * notification. Default 30000.
   */
  readonly groupWaitMs: number;
  /** ALERT_REPEAT_MS: unacknowledged overdue alerts are notified again after this long. Default 24 h. */
  readonly repeatMs: number;
  /** ALERT_WEBHOOK_TIMEOUT_MS: one webhook request. Default 5000. */
  readonly webhookTimeoutMs: number;
  /** ALERT_MAX_ATTEMPTS: tries before a webhook notification is dead-lettered. Default 5. */
  readonly maxAttempts: number;
  /**
   * ALERT_RETRY_BASE_MS / ALERT_RETRY_MAX_MS: backoff after failed try n is base * 2^(n-1), capped.
   * Defaults 1000 / 300000.
   */
  readonly retryBaseMs: number;
  readonly retryMaxMs: number;
  /** ALERT_DELIVERY_CONCURRENCY: deliveries in flight per process. Default 8. */
  readonly deliveryConcurrency: number;
  /** ALERT_DISPATCH_MS: how often the dispatcher looks for due notifications. Default 1000. */
  readonly dispatchIntervalMs: number;
  /** ALERT_LEASE_GRACE_MS: an unfinished attempt is considered dead after timeout + this. Default 10000. */
  readonly leaseGraceMs: number;
  /**
   * ALERT_VIEW_WAIT_MS: how long an event waits for the read model to reach its version before it
   * is retried. Default 5000.
   */
  readonly viewWaitMs: number;
  /**
   * ALERT_STREAM_POLL_MS / ALERT_STREAM_KEEPALIVE_MS: SSE feed polling and keep-alive comments.
   * Defaults 1000 / 15000.
   */
  readonly streamPollMs: number;
  readonly streamKeepAliveMs: number;
}

export class AlertingConfigError extends ConfigError {}

function int(env: NodeJS.ProcessEnv, name: string, fallback: number, min = 0): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min)
    throw new AlertingConfigError(`${name} must be an integer >= ${min}, got "${raw}"`);
  return value;
}

const DAY = 24 * 60 * 60 * 1000;

export function loadAlertingConfig(env: NodeJS.ProcessEnv = process.env): AlertingConfig {
  const rawDays = env.ALERT_DUE_SOON_DAYS?.trim() || '14,3';
  const dueSoonDays = rawDays
    .split(',')
    .map((d) => d.trim())
    .filter(Boolean)
    .map(Number);
  if (dueSoonDays.some((d) => !Number.isFinite(d) || d <= 0)) {
    throw new AlertingConfigError(
      `ALERT_DUE_SOON_DAYS must be positive numbers of days separated by commas, got "${rawDays}"`,
    );
  }
  const webhookTimeoutMs = int(env, 'ALERT_WEBHOOK_TIMEOUT_MS', 5_000, 1);
  return {
    tickMs: int(env, 'ALERT_TICK_MS', 60_000),
    dueSoonDays: [...new Set(dueSoonDays)].sort((a, b) => b - a),
    achievedNoticeMs: int(env, 'ALERT_ACHIEVED_NOTICE_MS', 7 * DAY),
    groupWaitMs: int(env, 'ALERT_GROUP_WAIT_MS', 30_000),
    repeatMs: int(env, 'ALERT_REPEAT_MS', DAY, 1),
    webhookTimeoutMs,
    maxAttempts: int(env, 'ALERT_MAX_ATTEMPTS', 5, 1),
    retryBaseMs: int(env, 'ALERT_RETRY_BASE_MS', 1_000),
    retryMaxMs: int(env, 'ALERT_RETRY_MAX_MS', 300_000),
    deliveryConcurrency: int(env, 'ALERT_DELIVERY_CONCURRENCY', 8, 1),
    dispatchIntervalMs: int(env, 'ALERT_DISPATCH_MS', 1_000, 5),
    leaseGraceMs: int(env, 'ALERT_LEASE_GRACE_MS', 10_000),
    viewWaitMs: int(env, 'ALERT_VIEW_WAIT_MS', 5_000),
    streamPollMs: int(env, 'ALERT_STREAM_POLL_MS', 1_000, 5),
    streamKeepAliveMs: int(env, 'ALERT_STREAM_KEEPALIVE_MS', 15_000, 10),
  };
}
