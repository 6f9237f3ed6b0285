import { MongoClient, type Collection, type Db, type Filter } from 'mongodb';
import { isDuplicateKeyError } from '@followup/platform';
import type {
  Acknowledgement,
  AlertEventRecord,
  AlertRecord,
  DeliveryAttemptRecord,
  NotificationItemRecord,
  NotificationOutcome,
  NotificationRecord,
  SubscriptionRecord,
} from '../model';
import type { AlertListFilter, AlertPageRequest, AlertPatch, AlertStore, AttemptResult } from './alert-store.port';

/** An operation fails after this long without a reachable server, so a request answers 503 well within 10 s. */
const MONGO_SERVER_SELECTION_MS = 3_000;

type Doc<T extends { id: string }> = Omit<T, 'id'> & { _id: string };

const toDoc = <T extends { id: string }>(record: T): Doc<T> => {
  const { id, ...rest } = record;
  return { ...rest, _id: id } as Doc<T>;
};
const fromDoc = <T extends { id: string }>(doc: Doc<T> | null): T | null => {
  if (!doc) return null;
  const { _id, ...rest } = doc as Doc<T> & Record<string, unknown>;
  return { ...rest, id: _id } as unknown as T;
};
const fromDocs = <T extends { id: string }>(docs: Array<Doc<T>>): T[] => docs.map((d) => fromDoc<T>(d)!);

async function insertUnique<T extends { _id: string }>(collection: Collection<T>, doc: T): Promise<boolean> {
  try {
    await collection.insertOne(doc as Parameters<Collection<T>['insertOne']>[0]);
    return true;
  } catch (error) {
    if (isDuplicateKeyError(error)) return false;
    throw error;
  }
}

export interface MongoAlertStoreOptions {
  readonly url: string;
  readonly dbName: string;
  /** Collection name prefix. */
  readonly prefix?: string;
}

/** Runs one lookup per distinct value and joins the results, in the order of the values. */
async function eachValue<T>(values: readonly string[], find: (value: string) => Promise<T[]>): Promise<T[]> {
  return (await Promise.all([...new Set(values)].map(find))).flat();
}

/**
 * Alerts in MongoDB or a MongoDB-compatible server (FerretDB 1.24). Claims are inserts guarded
 * by the unique `_id` (never compare-and-set updates or `$inc`, which FerretDB 1.24, on SQLite and
 * on PostgreSQL alike, does not apply atomically across connections); updates only set agreed
 * values. Lookups by several keys are one equality lookup per key: FerretDB hands equalities to
 * the database (and its indexes) but evaluates `$in` itself over the whole collection.
 */
export class MongoAlertStore implements AlertStore {
  private constructor(
    private readonly client: MongoClient | null,
    private readonly db: Db,
    private readonly alerts: Collection<Doc<AlertRecord>>,
    private readonly events: Collection<Doc<AlertEventRecord>>,
    private readonly subscriptions: Collection<Doc<SubscriptionRecord>>,
    private readonly notifications: Collection<Doc<NotificationRecord>>,
    private readonly items: Collection<Doc<NotificationItemRecord>>,
    private readonly attempts: Collection<Doc<DeliveryAttemptRecord>>,
  ) {}

  static async connect(options: MongoAlertStoreOptions): Promise<MongoAlertStore> {
    const client = await new MongoClient(options.url, {
      serverSelectionTimeoutMS: MONGO_SERVER_SELECTION_MS,
    }).connect();
    return MongoAlertStore.onDb(client.db(options.dbName), options.prefix ?? '', client);
  }

  static async onDb(db: Db, prefix = '', owner: MongoClient | null = null): Promise<MongoAlertStore> {
    const alerts = db.collection<Doc<AlertRecord>>(`${prefix}alerts`);
    const events = db.collection<Doc<AlertEventRecord>>(`${prefix}alert_events`);
    const subscriptions = db.collection<Doc<SubscriptionRecord>>(`${prefix}alert_subscriptions`);
    const notifications = db.collection<Doc<NotificationRecord>>(`${prefix}alert_notifications`);
    const items = db.collection<Doc<NotificationItemRecord>>(`${prefix}alert_notification_items`);
    const attempts = db.collection<Doc<DeliveryAttemptRecord>>(`${prefix}alert_delivery_attempts`);
    await alerts.createIndex({ key: 1, occurrence: 1 }, { unique: true, name: 'key_occurrence_unique' });
    await alerts.createIndex({ status: 1, initiativeId: 1 });
    await alerts.createIndex({ raisedAt: -1, _id: -1 });
    await alerts.createIndex({ path: 1 });
    await events.createIndex({ routed: 1, recordedAtMs: 1 });
    await events.createIndex({ recordedAtMs: 1, _id: 1 });
    await subscriptions.createIndex({ 'owner.sub': 1 });
    await notifications.createIndex({ done: 1, dueAtMs: 1 });
    await items.createIndex({ notificationId: 1 });
    await items.createIndex({ alertId: 1 });
    await attempts.createIndex({ notificationId: 1, attempt: 1 });
    return new MongoAlertStore(owner, db, alerts, events, subscriptions, notifications, items, attempts);
  }

  async insertAlert(alert: AlertRecord): Promise<boolean> {
    return insertUnique(this.alerts, toDoc(alert));
  }

  async getAlert(id: string): Promise<AlertRecord | null> {
    return fromDoc<AlertRecord>(await this.alerts.findOne({ _id: id }));
  }

  async updateAlert(id: string, patch: AlertPatch): Promise<void> {
    if (Object.keys(patch).length === 0) return;
    await this.alerts.updateOne({ _id: id }, { $set: patch });
  }

  async acknowledge(id: string, acknowledgement: Acknowledgement): Promise<AlertRecord | null> {
    // A conditional update: on FerretDB two simultaneous acknowledgements may both apply
    // (the later one wins); nothing is claimed by it, so that is harmless.
    const result = await this.alerts.updateOne(
      { _id: id, status: 'open' },
      { $set: { status: 'acknowledged', acknowledgement } },
    );
    if (result.matchedCount !== 1) return null;
    return this.getAlert(id);
  }

  async listAlerts(filter: AlertListFilter, page: AlertPageRequest): Promise<AlertRecord[]> {
    const query: Record<string, unknown> = {};
    if (filter.status === 'unresolved') query['status'] = { $in: ['open', 'acknowledged'] };
    else if (filter.status) query['status'] = filter.status;
    if (filter.rule) query['rule'] = filter.rule;
    if (filter.severity) query['severity'] = filter.severity;
    if (filter.initiativeId) query['path'] = filter.initiativeId;
    if (page.before) {
      const { raisedAt, id } = page.before;
      query['$or'] = [{ raisedAt: { $lt: raisedAt } }, { raisedAt, _id: { $lt: id } }];
    }
    const docs = await this.alerts
      .find(query as Filter<Doc<AlertRecord>>)
      .sort({ raisedAt: -1, _id: -1 })
      .limit(page.limit)
      .toArray();
    return fromDocs<AlertRecord>(docs);
  }

  async listUnresolved(initiativeIds: readonly string[] | null): Promise<AlertRecord[]> {
    // One equality lookup per status (and initiative): served by the (status, initiativeId) index,
    // where `$in` would be evaluated by FerretDB over every alert.
    const statuses = ['open', 'acknowledged'] as const;
    const lookups =
      initiativeIds === null
        ? statuses.map((status) => ({ status }))
        : [...new Set(initiativeIds)].flatMap((initiativeId) => statuses.map((status) => ({ status, initiativeId })));
    const docs = await Promise.all(
      lookups.map((query) => this.alerts.find(query as Filter<Doc<AlertRecord>>).toArray()),
    );
    return fromDocs<AlertRecord>(docs.flat());
  }

  async latestByKeys(keys: readonly string[]): Promise<Map<string, AlertRecord>> {
    const latest = new Map<string, AlertRecord>();
    if (keys.length === 0) return latest;
    const docs = await eachValue(keys, (key) => this.alerts.find({ key }).toArray());
    for (const alert of fromDocs<AlertRecord>(docs)) {
      const seen = latest.get(alert.key);
      if (!seen || seen.occurrence < alert.occurrence) latest.set(alert.key, alert);
    }
    return latest;
  }

  async insertEvent(event: AlertEventRecord): Promise<boolean> {
    return insertUnique(this.events, toDoc(event));
  }

  async getEvent(id: string): Promise<AlertEventRecord | null> {
    return fromDoc<AlertEventRecord>(await this.events.findOne({ _id: id }));
  }

  async markEventRouted(id: string): Promise<void> {
    await this.events.updateOne({ _id: id }, { $set: { routed: true } });
  }

  async listUnroutedEvents(recordedBeforeMs: number, limit: number): Promise<AlertEventRecord[]> {
    const docs = await this.events
      .find({ routed: false, recordedAtMs: { $lt: recordedBeforeMs } })
      .sort({ recordedAtMs: 1, _id: 1 })
      .limit(limit)
      .toArray();
    return fromDocs<AlertEventRecord>(docs);
  }

  async listEventsSince(sinceMs: number, limit: number): Promise<AlertEventRecord[]> {
    const docs = await this.events
      .find({ recordedAtMs: { $gte: sinceMs } })
      .sort({ recordedAtMs: 1, _id: 1 })
      .limit(limit)
      .toArray();
    return fromDocs<AlertEventRecord>(docs);
  }

  async insertSubscription(subscription: SubscriptionRecord): Promise<void> {
    await this.subscriptions.insertOne(toDoc(subscription));
  }

  async getSubscription(id: string): Promise<SubscriptionRecord | null> {
    return fromDoc<SubscriptionRecord>(await this.subscriptions.findOne({ _id: id }));
  }

  async listSubscriptions(filter: { readonly ownerSub?: string } = {}): Promise<SubscriptionRecord[]> {
    const query: Filter<Doc<SubscriptionRecord>> = filter.ownerSub ? { 'owner.sub': filter.ownerSub } : {};
    return fromDocs<SubscriptionRecord>(await this.subscriptions.find(query).sort({ createdAt: 1, _id: 1 }).toArray());
  }

  async deleteSubscription(id: string): Promise<boolean> {
    return (await this.subscriptions.deleteOne({ _id: id })).deletedCount === 1;
  }

  async insertNotification(notification: NotificationRecord): Promise<boolean> {
    return insertUnique(this.notifications, toDoc(notification));
  }

  async getNotifications(ids: readonly string[]): Promise<NotificationRecord[]> {
    if (ids.length === 0) return [];
    const docs = await eachValue(ids, async (_id) => {
      const doc = await this.notifications.findOne({ _id });
      return doc ? [doc] : [];
    });
    return fromDocs<NotificationRecord>(docs);
  }

  async updateNotification(
    id: string,
    patch: { dueAtMs?: number; done?: boolean; outcome?: NotificationOutcome | null },
  ): Promise<void> {
    if (Object.keys(patch).length === 0) return;
    await this.notifications.updateOne({ _id: id }, { $set: patch });
  }

  async listDueNotifications(nowMs: number, limit: number): Promise<NotificationRecord[]> {
    const docs = await this.notifications
      .find({ done: false, dueAtMs: { $lte: nowMs } })
      .sort({ dueAtMs: 1, _id: 1 })
      .limit(limit)
      .toArray();
    return fromDocs<NotificationRecord>(docs);
  }

  async insertItem(item: NotificationItemRecord): Promise<boolean> {
    return insertUnique(this.items, toDoc(item));
  }

  async listItems(notificationId: string): Promise<NotificationItemRecord[]> {
    return fromDocs<NotificationItemRecord>(await this.items.find({ notificationId }).sort({ _id: 1 }).toArray());
  }

  async listItemsOfAlert(alertId: string): Promise<NotificationItemRecord[]> {
    return fromDocs<NotificationItemRecord>(await this.items.find({ alertId }).sort({ _id: 1 }).toArray());
  }

  async insertAttempt(attempt: DeliveryAttemptRecord): Promise<boolean> {
    return insertUnique(this.attempts, toDoc(attempt));
  }

  async finishAttempt(id: string, result: AttemptResult): Promise<void> {
    await this.attempts.updateOne({ _id: id }, { $set: { ...result, finished: true } });
  }

  async listAttempts(notificationIds: readonly string[]): Promise<DeliveryAttemptRecord[]> {
    if (notificationIds.length === 0) return [];
    const docs = await eachValue(notificationIds, (notificationId) => this.attempts.find({ notificationId }).toArray());
    docs.sort((a, b) =>
      a.notificationId === b.notificationId ? a.attempt - b.attempt : a.notificationId < b.notificationId ? -1 : 1,
    );
    return fromDocs<DeliveryAttemptRecord>(docs);
  }

  async ping(): Promise<void> {
    await this.db.command({ ping: 1 });
  }

  async close(): Promise<void> {
    await this.client?.close();
  }
}
