/** The embedded alert store's tables; `alert_paths` finds an alert by any initiative on its path. */
export const SQLITE_ALERT_SCHEMA = `
CREATE TABLE IF NOT EXISTS alerts (
  id TEXT PRIMARY KEY,
  key TEXT NOT NULL,
  occurrence INTEGER NOT NULL,
  status TEXT NOT NULL,
  initiative_id TEXT NOT NULL,
  rule TEXT NOT NULL,
  severity TEXT NOT NULL,
  raised_at TEXT NOT NULL,
  doc TEXT NOT NULL,
  UNIQUE (key, occurrence)
);
CREATE INDEX IF NOT EXISTS alerts_status ON alerts (status, initiative_id);
CREATE INDEX IF NOT EXISTS alerts_raised ON alerts (raised_at, id);
CREATE TABLE IF NOT EXISTS alert_paths (
  alert_id TEXT NOT NULL,
  initiative_id TEXT NOT NULL,
  PRIMARY KEY (initiative_id, alert_id)
);
CREATE TABLE IF NOT EXISTS alert_events (
  id TEXT PRIMARY KEY,
  alert_id TEXT NOT NULL,
  recorded_at_ms INTEGER NOT NULL,
  routed INTEGER NOT NULL,
  doc TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS alert_events_routed ON alert_events (routed, recorded_at_ms);
CREATE INDEX IF NOT EXISTS alert_events_recorded ON alert_events (recorded_at_ms, id);
CREATE TABLE IF NOT EXISTS alert_subscriptions (
  id TEXT PRIMARY KEY,
  owner_sub TEXT NOT NULL,
  created_at TEXT NOT NULL,
  doc TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS alert_subscriptions_owner ON alert_subscriptions (owner_sub);
CREATE TABLE IF NOT EXISTS alert_notifications (
  id TEXT PRIMARY KEY,
  done INTEGER NOT NULL,
  due_at_ms INTEGER NOT NULL,
  doc TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS alert_notifications_due ON alert_notifications (done, due_at_ms);
CREATE TABLE IF NOT EXISTS alert_notification_items (
  id TEXT PRIMARY KEY,
  notification_id TEXT NOT NULL,
  alert_id TEXT NOT NULL,
  doc TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS alert_items_notification ON alert_notification_items (notification_id);
CREATE INDEX IF NOT EXISTS alert_items_alert ON alert_notification_items (alert_id);
CREATE TABLE IF NOT EXISTS alert_delivery_attempts (
  id TEXT PRIMARY KEY,
  notification_id TEXT NOT NULL,
  attempt INTEGER NOT NULL,
  doc TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS alert_attempts_notification ON alert_delivery_attempts (notification_id, attempt);
`;
