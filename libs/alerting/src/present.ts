import type {
  AlertEventRecord,
  AlertRecord,
  DeliveryAttemptRecord,
  NotificationRecord,
  SubscriptionRecord,
} from './model';

/** The alert shape of docs/api.md (plus extra fields): what HTTP, SSE, webhooks and Kafka carry. */
export function presentAlert(alert: AlertRecord) {
  return {
    id: alert.id,
    rule: alert.rule,
    severity: alert.severity,
    initiativeId: alert.initiativeId,
    initiativeTitle: alert.initiativeTitle,
    path: alert.path,
    subjectId: alert.subjectId,
    subjectTitle: alert.subjectTitle,
    status: alert.status,
    raisedAt: alert.raisedAt,
    ...(alert.dueAt ? { dueAt: alert.dueAt } : {}),
    message: alert.message,
    silenced: alert.silenced,
    ...(alert.silencedBy ? { silencedBy: alert.silencedBy } : {}),
    occurrence: alert.occurrence,
    ...(alert.acknowledgement
      ? {
          acknowledgedBy: { sub: alert.acknowledgement.by.sub, name: alert.acknowledgement.by.name },
          acknowledgedAt: alert.acknowledgement.at,
          acknowledgement: {
            comment: alert.acknowledgement.comment,
            ...(alert.acknowledgement.decisionId ? { decisionId: alert.acknowledgement.decisionId } : {}),
          },
        }
      : {}),
    ...(alert.resolvedAt ? { resolvedAt: alert.resolvedAt } : {}),
  };
}

export type PresentedAlert = ReturnType<typeof presentAlert>;

/** One alert event as webhooks, SSE and Kafka carry it. */
export function presentAlertEvent(event: AlertEventRecord) {
  return { eventId: event.id, event: event.kind, at: event.at, alert: presentAlert(event.alert) };
}

export function presentSubscription(subscription: SubscriptionRecord) {
  return {
    id: subscription.id,
    initiativeId: subscription.initiativeId,
    owner: subscription.owner,
    ...(subscription.webhookUrl ? { webhookUrl: subscription.webhookUrl } : {}),
    hasSecret: subscription.secret !== null,
    minSeverity: subscription.minSeverity,
    createdAt: subscription.createdAt,
    ...(subscription.email ? { email: subscription.email } : {}),
    ...(subscription.digest ? { digest: subscription.digest } : {}),
  };
}

export type DeliveryStatus = 'pending' | 'delivered' | 'deadLetter';

/** The delivery log of one notification: status and every attempt. */
export function presentDelivery(
  notification: NotificationRecord,
  attempts: readonly DeliveryAttemptRecord[],
  nowMs: number,
) {
  const status: DeliveryStatus = notification.outcome ?? (attempts.some((a) => a.ok) ? 'delivered' : 'pending');
  return {
    notificationId: notification.id,
    channel: notification.channel,
    ...(notification.subscriptionId ? { subscriptionId: notification.subscriptionId } : {}),
    status,
    attempts: attempts.map((a) => ({
      attempt: a.attempt,
      at: a.at,
      ...(a.finished
        ? {
            outcome: a.ok ? 'success' : 'failure',
            ...(a.statusCode !== null ? { statusCode: a.statusCode } : {}),
            ...(a.error ? { error: a.error } : {}),
            durationMs: a.durationMs,
          }
        : { outcome: a.leaseUntilMs > nowMs ? 'inFlight' : 'abandoned' }),
    })),
  };
}
