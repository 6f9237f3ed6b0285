/** Record builders for the alert store specs (test support only). */
import type {
  AlertEventRecord,
  AlertRecord,
  DeliveryAttemptRecord,
  NotificationRecord,
  SubscriptionRecord,
} from '../model';
import { alertIdOf, conditionKey } from '../rules/identity';

export function alertRecord(overrides: Partial<AlertRecord> & { subjectId?: string } = {}): AlertRecord {
  const subjectId = overrides.subjectId ?? 'm1';
  const initiativeId = overrides.initiativeId ?? 'proj';
  const key = overrides.key ?? conditionKey('milestone.overdue', initiativeId, subjectId, '2025-03-01T00:00:00.000Z');
  const occurrence = overrides.occurrence ?? 1;
  return {
    id: alertIdOf(key, occurrence),
    key,
    occurrence,
    rule: 'milestone.overdue',
    severity: 'critical',
    initiativeId,
    initiativeTitle: 'A project',
    path: ['fa', 'prog', initiativeId],
    subjectId,
    subjectTitle: 'Pilot done',
    dueAt: '2025-03-01T00:00:00.000Z',
    message: 'Milestone "Pilot done" is overdue',
    status: 'open',
    raisedAt: '2025-03-02T00:00:00.000Z',
    basisVersion: 1,
    silenced: false,
    silencedBy: null,
    silencedSince: null,
    acknowledgement: null,
    resolvedAt: null,
    resolvedBasisVersion: null,
    repeats: 0,
    ...overrides,
  };
}

export function eventRecord(
  alert: AlertRecord,
  kind: AlertEventRecord['kind'] = 'raised',
  recordedAtMs = 1_000,
): AlertEventRecord {
  return {
    id: `${alert.id}:${kind}`,
    alertId: alert.id,
    kind,
    at: alert.raisedAt,
    recordedAtMs,
    initiativeId: alert.initiativeId,
    path: alert.path,
    severity: alert.severity,
    silenced: alert.silenced,
    alert,
    routed: false,
  };
}

export function subscriptionRecord(overrides: Partial<SubscriptionRecord> = {}): SubscriptionRecord {
  return {
    id: 'sub-1',
    initiativeId: 'fa',
    owner: { sub: 'lena', name: 'Lena Leader' },
    webhookUrl: 'http://127.0.0.1:9/hook',
    secret: 'a-secret-of-sixteen+',
    minSeverity: 'info',
    createdAt: '2025-03-01T00:00:00.000Z',
    ...overrides,
  };
}

export function notificationRecord(overrides: Partial<NotificationRecord> = {}): NotificationRecord {
  return {
    id: 'wh:sub-1:1',
    channel: 'webhook',
    subscriptionId: 'sub-1',
    createdAt: '2025-03-01T00:00:00.000Z',
    dueAtMs: 1_000,
    done: false,
    outcome: null,
    ...overrides,
  };
}

export function attemptRecord(
  notificationId: string,
  attempt: number,
  overrides: Partial<DeliveryAttemptRecord> = {},
): DeliveryAttemptRecord {
  return {
    id: `${notificationId}#${attempt}`,
    notificationId,
    attempt,
    instance: 'test',
    at: '2025-03-01T00:00:00.000Z',
    startedAtMs: 1_000,
    leaseUntilMs: 20_000,
    finished: false,
    ok: null,
    statusCode: null,
    error: null,
    durationMs: null,
    itemIds: [],
    ...overrides,
  };
}
