import Database from 'better-sqlite3';
import { PreparedStatements } from '@followup/platform';
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
import { SQLITE_ALERT_SCHEMA } from './sqlite-alert-schema';

const CHUNK = 500;
const chunks = <T>(items: readonly T[]): T[][] => {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
};
const placeholders = (n: number) => new Array(n).fill('?').join(', ');
const parse = <T>(row: { doc: string } | undefined): T | null => (row ? (JSON.parse(row.doc) as T) : null);
const parseAll = <T>(rows: Array<{ doc: string }>): T[] => rows.map((r) => JSON.parse(r.doc) as T);

/**
 * Alerts in an embedded SQLite file (`DATA_DIR/alerts.db`). Several connections (several
 * notifier instances on one machine) may share the file: every claim is an INSERT guarded
 * by a primary key, and read-modify-write updates run in IMMEDIATE transactions.
 */
export class SqliteAlertStore implements AlertStore {
  private readonly db: Database.Database;
  /** Every query of this store, prepared on first use: the engine asks some of them per event. */
  private readonly sql: PreparedStatements<Database.Statement>;

  constructor(filename: string) {
    this.db = new Database(filename);
    this.db.pragma('journal_mode = WAL');
    // Acknowledgements and subscriptions are user input, not derivable: keep them durable.
    this.db.pragma('synchronous = FULL');
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(SQLITE_ALERT_SCHEMA);
    this.sql = new PreparedStatements(this.db);
  }

  async insertAlert(alert: AlertRecord): Promise<boolean> {
    return this.db
      .transaction(() => {
        const info = this.sql
          .get(
            `INSERT INTO alerts (id, key, occurrence, status, initiative_id, rule, severity, raised_at, doc)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
          )
          .run(
            alert.id,
            alert.key,
            alert.occurrence,
            alert.status,
            alert.initiativeId,
            alert.rule,
            alert.severity,
            alert.raisedAt,
            JSON.stringify(alert),
          );
        if (info.changes !== 1) return false;
        this.savePath(alert.id, alert.path);
        return true;
      })
      .immediate();
  }

  async getAlert(id: string): Promise<AlertRecord | null> {
    return parse<AlertRecord>(
      this.sql.get('SELECT doc FROM alerts WHERE id = ?').get(id) as { doc: string } | undefined,
    );
  }

  async updateAlert(id: string, patch: AlertPatch): Promise<void> {
    this.modifyAlert(id, (alert) => ({ ...alert, ...patch }));
  }

  /** The rows the subtree filter finds an alert by, one per initiative on its path (`was`: the rows it had). */
  private savePath(alertId: string, path: readonly string[], was: readonly string[] = []): void {
    const drop = this.sql.get('DELETE FROM alert_paths WHERE initiative_id = ? AND alert_id = ?');
    for (const initiativeId of new Set(was)) drop.run(initiativeId, alertId);
    const row = this.sql.get('INSERT INTO alert_paths (alert_id, initiative_id) VALUES (?, ?) ON CONFLICT DO NOTHING');
    for (const initiativeId of new Set(path)) row.run(alertId, initiativeId);
  }

  async acknowledge(id: string, acknowledgement: Acknowledgement): Promise<AlertRecord | null> {
    return this.modifyAlert(id, (alert) =>
      alert.status === 'open' ? { ...alert, status: 'acknowledged', acknowledgement } : null,
    );
  }

  /** Read-modify-write in one IMMEDIATE transaction; `change` returning null leaves the alert as it is. */
  private modifyAlert(id: string, change: (alert: AlertRecord) => AlertRecord | null): AlertRecord | null {
    return this.db
      .transaction(() => {
        const alert = parse<AlertRecord>(
          this.sql.get('SELECT doc FROM alerts WHERE id = ?').get(id) as { doc: string } | undefined,
        );
        if (!alert) return null;
        const next = change(alert);
        if (!next) return null;
        this.sql.get('UPDATE alerts SET status = ?, doc = ? WHERE id = ?').run(next.status, JSON.stringify(next), id);
        if (next.path !== alert.path) this.savePath(id, next.path, alert.path);
        return next;
      })
      .immediate();
  }

  async listAlerts(filter: AlertListFilter, page: AlertPageRequest): Promise<AlertRecord[]> {
    const where: string[] = [];
    const args: unknown[] = [];
    const match = (condition: string, value: unknown): void => {
      where.push(condition);
      args.push(value);
    };
    if (filter.status === 'unresolved') where.push(`a.status IN ('open', 'acknowledged')`);
    else if (filter.status) match('a.status = ?', filter.status);
    if (filter.rule) match('a.rule = ?', filter.rule);
    if (filter.severity) match('a.severity = ?', filter.severity);
    if (filter.initiativeId) {
      where.push('EXISTS (SELECT 1 FROM alert_paths p WHERE p.initiative_id = ? AND p.alert_id = a.id)');
      args.push(filter.initiativeId);
    }
    if (page.before) {
      where.push('(a.raised_at < ? OR (a.raised_at = ? AND a.id < ?))');
      args.push(page.before.raisedAt, page.before.raisedAt, page.before.id);
    }
    const sql = `SELECT a.doc FROM alerts a ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY a.raised_at DESC, a.id DESC LIMIT ?`;
    return parseAll<AlertRecord>(this.sql.get(sql).all(...args, page.limit) as Array<{ doc: string }>);
  }

  async listUnresolved(initiativeIds: readonly string[] | null): Promise<AlertRecord[]> {
    if (initiativeIds === null) {
      return parseAll(
        this.sql.get(`SELECT doc FROM alerts WHERE status IN ('open', 'acknowledged')`).all() as Array<{
          doc: string;
        }>,
      );
    }
    return chunks(initiativeIds).flatMap((ids) =>
      parseAll<AlertRecord>(
        this.sql
          .get(
            `SELECT doc FROM alerts WHERE status IN ('open', 'acknowledged') AND initiative_id IN (${placeholders(ids.length)})`,
          )
          .all(...ids) as Array<{ doc: string }>,
      ),
    );
  }

  async latestByKeys(keys: readonly string[]): Promise<Map<string, AlertRecord>> {
    const latest = new Map<string, AlertRecord>();
    for (const part of chunks([...new Set(keys)])) {
      const rows = this.sql
        .get(`SELECT doc FROM alerts WHERE key IN (${placeholders(part.length)}) ORDER BY occurrence`)
        .all(...part) as Array<{ doc: string }>;
      for (const alert of parseAll<AlertRecord>(rows)) latest.set(alert.key, alert);
    }
    return latest;
  }

  async insertEvent(event: AlertEventRecord): Promise<boolean> {
    const info = this.sql
      .get(
        'INSERT INTO alert_events (id, alert_id, recorded_at_ms, routed, doc) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING',
      )
      .run(event.id, event.alertId, event.recordedAtMs, event.routed ? 1 : 0, JSON.stringify(event));
    return info.changes === 1;
  }

  async getEvent(id: string): Promise<AlertEventRecord | null> {
    return parse(this.sql.get('SELECT doc FROM alert_events WHERE id = ?').get(id) as { doc: string } | undefined);
  }

  async markEventRouted(id: string): Promise<void> {
    this.db
      .transaction(() => {
        const event = parse<AlertEventRecord>(
          this.sql.get('SELECT doc FROM alert_events WHERE id = ?').get(id) as { doc: string } | undefined,
        );
        if (!event || event.routed) return;
        this.sql
          .get('UPDATE alert_events SET routed = 1, doc = ? WHERE id = ?')
          .run(JSON.stringify({ ...event, routed: true }), id);
      })
      .immediate();
  }

  async listUnroutedEvents(recordedBeforeMs: number, limit: number): Promise<AlertEventRecord[]> {
    return parseAll(
      this.sql
        .get('SELECT doc FROM alert_events WHERE routed = 0 AND recorded_at_ms < ? ORDER BY recorded_at_ms, id LIMIT ?')
        .all(recordedBeforeMs, limit) as Array<{ doc: string }>,
    );
  }

  async listEventsSince(sinceMs: number, limit: number): Promise<AlertEventRecord[]> {
    return parseAll(
      this.sql
        .get('SELECT doc FROM alert_events WHERE recorded_at_ms >= ? ORDER BY recorded_at_ms, id LIMIT ?')
        .all(sinceMs, limit) as Array<{ doc: string }>,
    );
  }

  async insertSubscription(subscription: SubscriptionRecord): Promise<void> {
    this.sql
      .get('INSERT INTO alert_subscriptions (id, owner_sub, created_at, doc) VALUES (?, ?, ?, ?)')
      .run(subscription.id, subscription.owner.sub, subscription.createdAt, JSON.stringify(subscription));
  }

  async getSubscription(id: string): Promise<SubscriptionRecord | null> {
    return parse(
      this.sql.get('SELECT doc FROM alert_subscriptions WHERE id = ?').get(id) as { doc: string } | undefined,
    );
  }

  async listSubscriptions(filter: { readonly ownerSub?: string } = {}): Promise<SubscriptionRecord[]> {
    const rows = filter.ownerSub
      ? this.sql
          .get('SELECT doc FROM alert_subscriptions WHERE owner_sub = ? ORDER BY created_at, id')
          .all(filter.ownerSub)
      : this.sql.get('SELECT doc FROM alert_subscriptions ORDER BY created_at, id').all();
    return parseAll(rows as Array<{ doc: string }>);
  }

  async deleteSubscription(id: string): Promise<boolean> {
    return this.sql.get('DELETE FROM alert_subscriptions WHERE id = ?').run(id).changes === 1;
  }

  async insertNotification(notification: NotificationRecord): Promise<boolean> {
    const info = this.sql
      .get('INSERT INTO alert_notifications (id, done, due_at_ms, doc) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING')
      .run(notification.id, notification.done ? 1 : 0, notification.dueAtMs, JSON.stringify(notification));
    return info.changes === 1;
  }

  async getNotifications(ids: readonly string[]): Promise<NotificationRecord[]> {
    return chunks([...new Set(ids)]).flatMap((part) =>
      parseAll<NotificationRecord>(
        this.sql
          .get(`SELECT doc FROM alert_notifications WHERE id IN (${placeholders(part.length)})`)
          .all(...part) as Array<{ doc: string }>,
      ),
    );
  }

  async updateNotification(
    id: string,
    patch: { dueAtMs?: number; done?: boolean; outcome?: NotificationOutcome | null },
  ): Promise<void> {
    this.db
      .transaction(() => {
        const current = parse<NotificationRecord>(
          this.sql.get('SELECT doc FROM alert_notifications WHERE id = ?').get(id) as { doc: string } | undefined,
        );
        if (!current) return;
        const next: NotificationRecord = { ...current, ...patch };
        this.sql
          .get('UPDATE alert_notifications SET done = ?, due_at_ms = ?, doc = ? WHERE id = ?')
          .run(next.done ? 1 : 0, next.dueAtMs, JSON.stringify(next), id);
      })
      .immediate();
  }

  async listDueNotifications(nowMs: number, limit: number): Promise<NotificationRecord[]> {
    return parseAll(
      this.sql
        .get('SELECT doc FROM alert_notifications WHERE done = 0 AND due_at_ms <= ? ORDER BY due_at_ms, id LIMIT ?')
        .all(nowMs, limit) as Array<{ doc: string }>,
    );
  }

  async insertItem(item: NotificationItemRecord): Promise<boolean> {
    const info = this.sql
      .get(
        'INSERT INTO alert_notification_items (id, notification_id, alert_id, doc) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING',
      )
      .run(item.id, item.notificationId, item.alertId, JSON.stringify(item));
    return info.changes === 1;
  }

  async listItems(notificationId: string): Promise<NotificationItemRecord[]> {
    return parseAll(
      this.sql
        .get('SELECT doc FROM alert_notification_items WHERE notification_id = ? ORDER BY id')
        .all(notificationId) as Array<{ doc: string }>,
    );
  }

  async listItemsOfAlert(alertId: string): Promise<NotificationItemRecord[]> {
    return parseAll(
      this.sql.get('SELECT doc FROM alert_notification_items WHERE alert_id = ? ORDER BY id').all(alertId) as Array<{
        doc: string;
      }>,
    );
  }

  async insertAttempt(attempt: DeliveryAttemptRecord): Promise<boolean> {
    const info = this.sql
      .get(
        'INSERT INTO alert_delivery_attempts (id, notification_id, attempt, doc) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING',
      )
      .run(attempt.id, attempt.notificationId, attempt.attempt, JSON.stringify(attempt));
    return info.changes === 1;
  }

  async finishAttempt(id: string, result: AttemptResult): Promise<void> {
    this.db
      .transaction(() => {
        const current = parse<DeliveryAttemptRecord>(
          this.sql.get('SELECT doc FROM alert_delivery_attempts WHERE id = ?').get(id) as { doc: string } | undefined,
        );
        if (!current) return;
        const next: DeliveryAttemptRecord = { ...current, ...result, finished: true };
        this.sql.get('UPDATE alert_delivery_attempts SET doc = ? WHERE id = ?').run(JSON.stringify(next), id);
      })
      .immediate();
  }

  async listAttempts(notificationIds: readonly string[]): Promise<DeliveryAttemptRecord[]> {
    return chunks([...new Set(notificationIds)]).flatMap((part) =>
      parseAll<DeliveryAttemptRecord>(
        this.sql
          .get(
            `SELECT doc FROM alert_delivery_attempts WHERE notification_id IN (${placeholders(part.length)}) ORDER BY notification_id, attempt`,
          )
          .all(...part) as Array<{ doc: string }>,
      ),
    );
  }

  async ping(): Promise<void> {
    this.sql.get('SELECT 1').get();
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}
