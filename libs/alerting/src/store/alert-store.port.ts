import type {
  Acknowledgement,
  AlertEventRecord,
  AlertRecord,
  AlertRule,
  AlertStatus,
  DeliveryAttemptRecord,
  NotificationItemRecord,
  NotificationOutcome,
  NotificationRecord,
  Severity,
  SubscriptionRecord,
} from '../model';

export interface AlertListFilter {
  /** `unresolved`: open or acknowledged. */
  readonly status?: AlertStatus | 'unresolved';
  /** Alerts of this initiative and of its descendants (the alert's path contains it). */
  readonly initiativeId?: string;
  readonly rule?: AlertRule;
  readonly severity?: Severity;
}

/** Newest first (raisedAt, then id, both descending); `before` is the last item of the previous page. */
export interface AlertPageRequest {
  readonly before?: { readonly raisedAt: string; readonly id: string };
  readonly limit: number;
}

export type AlertPatch = Partial<
  Pick<
    AlertRecord,
    'status' | 'silenced' | 'silencedBy' | 'silencedSince' | 'resolvedAt' | 'resolvedBasisVersion' | 'repeats' | 'path'
  >
>;

export interface AttemptResult {
  readonly ok: boolean;
  readonly statusCode: number | null;
  readonly error: string | null;
  readonly durationMs: number;
}

/**
 * Where alerts, their events, subscriptions and deliveries live. Several notifier instances
 * share one store, and on MongoDB-compatible servers a conditional update is not a safe
 * claim, so every claim here is an insert guarded by a unique id: the `insert*` methods
 * return false when the id exists (someone else won), and the winner alone acts on it.
 * Updates only ever set values every instance would agree on, or touch a document its
 * caller owns (an attempt it claimed). Adapters pass `testing/alert-store.contract.ts`.
 */
export interface AlertStore {
  insertAlert(alert: AlertRecord): Promise<boolean>;
  getAlert(id: string): Promise<AlertRecord | null>;
  updateAlert(id: string, patch: AlertPatch): Promise<void>;
  /** Records the acknowledgement on an open alert; returns the alert after it, or null when the alert is not open. */
  acknowledge(id: string, acknowledgement: Acknowledgement): Promise<AlertRecord | null>;
  listAlerts(filter: AlertListFilter, page: AlertPageRequest): Promise<AlertRecord[]>;
  /** Open and acknowledged alerts, of the given initiatives only (null: all). */
  listUnresolved(initiativeIds: readonly string[] | null): Promise<AlertRecord[]>;
  /** The highest occurrence stored per key. */
  latestByKeys(keys: readonly string[]): Promise<Map<string, AlertRecord>>;

  insertEvent(event: AlertEventRecord): Promise<boolean>;
  getEvent(id: string): Promise<AlertEventRecord | null>;
  markEventRouted(id: string): Promise<void>;
  /**
   * Events not routed yet, recorded before the given wall-clock time
   * (recovery after a crash between insert and routing).
   */
  listUnroutedEvents(recordedBeforeMs: number, limit: number): Promise<AlertEventRecord[]>;
  /** Events recorded at or after `sinceMs`, oldest first (feeds). */
  listEventsSince(sinceMs: number, limit: number): Promise<AlertEventRecord[]>;

  insertSubscription(subscription: SubscriptionRecord): Promise<void>;
  getSubscription(id: string): Promise<SubscriptionRecord | null>;
  listSubscriptions(filter?: { readonly ownerSub?: string }): Promise<SubscriptionRecord[]>;
  deleteSubscription(id: string): Promise<boolean>;

  insertNotification(notification: NotificationRecord): Promise<boolean>;
  getNotifications(ids: readonly string[]): Promise<NotificationRecord[]>;
  updateNotification(
    id: string,
    patch: { dueAtMs?: number; done?: boolean; outcome?: NotificationOutcome | null },
  ): Promise<void>;
  /** Not done, due at or before `nowMs`, earliest first. */
  listDueNotifications(nowMs: number, limit: number): Promise<NotificationRecord[]>;
  insertItem(item: NotificationItemRecord): Promise<boolean>;
  listItems(notificationId: string): Promise<NotificationItemRecord[]>;
  listItemsOfAlert(alertId: string): Promise<NotificationItemRecord[]>;
  insertAttempt(attempt: DeliveryAttemptRecord): Promise<boolean>;
  finishAttempt(id: string, result: AttemptResult): Promise<void>;
  /** Attempts of these notifications, by notification and attempt number. */
  listAttempts(notificationIds: readonly string[]): Promise<DeliveryAttemptRecord[]>;

  ping(): Promise<void>;
  close(): Promise<void>;
}

export const ALERT_STORE = Symbol('ALERT_STORE');
