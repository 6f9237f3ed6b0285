import type { Clock } from '@followup/platform';
import type { AlertingConfig } from '../config';
import { severityAtLeast, type AlertEventRecord, type NotificationRecord, type SubscriptionRecord } from '../model';
import type { AlertStore } from '../store/alert-store.port';

export interface RouterOptions {
  readonly store: AlertStore;
  readonly clock: Clock;
  readonly config: Pick<AlertingConfig, 'groupWaitMs'>;
  /** Whether raised/resolved events also go to the Kafka alerts topic. */
  readonly kafka: boolean;
  /** Wall-clock milliseconds (grouping windows are real time, not business time). */
  readonly realNow?: () => number;
  /** Called after new notifications were created, so the dispatcher looks at once. */
  readonly onRouted?: () => void;
}

const WEEK_MS = 7 * 24 * 3_600_000;
/** 1 January 1970 was a Thursday: shifting by three days makes weeks start on Mondays. */
const MONDAY_OFFSET_MS = 3 * 24 * 3_600_000;

/** How long after its window closes a group is sent, so that a routing in flight at the boundary lands in it. */
export const groupGrace = (groupWaitMs: number): number => Math.min(1_000, Math.floor(groupWaitMs / 2));

/**
 * Places alert events into notifications. Each (event, target) pair becomes one item with the
 * deterministic id `<eventId>|<target>`, inserted once: whichever instance inserts it decides
 * which notification carries it. Webhook events of one subscription that arrive within one
 * grouping window (`ALERT_GROUP_WAIT_MS`, fixed windows of wall-clock time) share a
 * notification `wh:<subscription>:<window>` sent when the window has closed; e-mail likewise
 * (`em:<subscription>:<window>`), or one digest a week (`dg:<subscription>:<week>`). Silenced
 * alerts reach no webhook, e-mail or SSE; Kafka carries every raised and resolved alert.
 */
export class AlertRouter {
  private readonly realNow: () => number;

  constructor(private readonly o: RouterOptions) {
    this.realNow = o.realNow ?? Date.now;
  }

  async route(events: readonly AlertEventRecord[], subscriptions?: readonly SubscriptionRecord[]): Promise<void> {
    if (events.length === 0) return;
    const subs = subscriptions ?? (await this.o.store.listSubscriptions());
    let created = false;
    for (const event of events) {
      if (!event.silenced) {
        for (const sub of subs) {
          if (!event.path.includes(sub.initiativeId) || !severityAtLeast(event.severity, sub.minSeverity)) continue;
          if (sub.webhookUrl)
            created = (await this.place(event, sub.id, this.webhookNotification(event, sub))) || created;
          if (sub.email)
            created = (await this.place(event, `email:${sub.id}`, this.emailNotification(event, sub))) || created;
        }
      }
      if (this.o.kafka && (event.kind === 'raised' || event.kind === 'resolved')) {
        created =
          (await this.place(event, 'kafka', this.notification(`kf:${event.id}`, 'kafka', null, this.realNow()))) ||
          created;
      }
      await this.o.store.markEventRouted(event.id);
    }
    if (created) this.o.onRouted?.();
  }

  private webhookNotification(event: AlertEventRecord, sub: SubscriptionRecord): NotificationRecord {
    const wait = this.o.config.groupWaitMs;
    const nowMs = this.realNow();
    if (wait <= 0) return this.notification(`wh:${sub.id}:${event.id}`, 'webhook', sub.id, nowMs);
    const window = Math.floor(nowMs / wait);
    return this.notification(`wh:${sub.id}:${window}`, 'webhook', sub.id, (window + 1) * wait + groupGrace(wait));
  }

  /** One e-mail per grouping window, or with `digest: weekly` one per week (Monday to Monday, UTC). */
  private emailNotification(event: AlertEventRecord, sub: SubscriptionRecord): NotificationRecord {
    const nowMs = this.realNow();
    if (sub.digest === 'weekly') {
      const week = Math.floor((nowMs + MONDAY_OFFSET_MS) / WEEK_MS);
      return this.notification(`dg:${sub.id}:${week}`, 'email', sub.id, (week + 1) * WEEK_MS - MONDAY_OFFSET_MS);
    }
    const wait = this.o.config.groupWaitMs;
    if (wait <= 0) return this.notification(`em:${sub.id}:${event.id}`, 'email', sub.id, nowMs);
    const window = Math.floor(nowMs / wait);
    return this.notification(`em:${sub.id}:${window}`, 'email', sub.id, (window + 1) * wait + groupGrace(wait));
  }

  private notification(
    id: string,
    channel: NotificationRecord['channel'],
    subscriptionId: string | null,
    dueAtMs: number,
  ): NotificationRecord {
    return {
      id,
      channel,
      subscriptionId,
      createdAt: this.o.clock.now().toISOString(),
      dueAtMs,
      done: false,
      outcome: null,
    };
  }

  /** The item first, then its notification: a notification never exists without an item. */
  private async place(event: AlertEventRecord, target: string, notification: NotificationRecord): Promise<boolean> {
    const itemId = `${event.id}|${target}`;
    const inserted = await this.o.store.insertItem({
      id: itemId,
      notificationId: notification.id,
      eventId: event.id,
      alertId: event.alertId,
    });
    if (inserted) {
      await this.o.store.insertNotification(notification);
      return true;
    }
    // Placed before (perhaps by an instance that stopped before creating the notification):
    // make sure the notification it names exists.
    const existing = (await this.o.store.listItemsOfAlert(event.alertId)).find((item) => item.id === itemId);
    if (existing && (await this.o.store.getNotifications([existing.notificationId])).length === 0) {
      await this.o.store.insertNotification({ ...notification, id: existing.notificationId, dueAtMs: this.realNow() });
      return true;
    }
    return false;
  }
}
