import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { AppConfig } from '@followup/platform';
import type { AlertStore } from './alert-store.port';
import { MongoAlertStore } from './mongo-alert-store';
import { SqliteAlertStore } from './sqlite-alert-store';

/** The adapter the configuration asks for: `DATA_DIR/alerts.db`, or MongoDB when MONGO_URL is set. */
export async function createAlertStore(config: AppConfig): Promise<AlertStore> {
  if (config.mongoUrl) return MongoAlertStore.connect({ url: config.mongoUrl, dbName: config.mongoDbName });
  mkdirSync(config.dataDir, { recursive: true });
  return new SqliteAlertStore(join(config.dataDir, 'alerts.db'));
}
