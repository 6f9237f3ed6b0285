import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { MongoEventStore, SqliteEventStore, type EventStore } from '@followup/event-store';
import { MongoReadModelStore, SqliteReadModelStore, type ReadModelStore } from '@followup/read-model';
import { systemClock, type AppConfig, type Clock } from '@followup/platform';

/** An operation fails after this long without a reachable server, so a request answers 503 well within 10 s. */
const MONGO_SERVER_SELECTION_MS = 3_000;

/**
 * The stores the configuration asks for: SQLite files in DATA_DIR (the embedded default) or
 * MongoDB when MONGO_URL is set. The bus comes from the pipeline strategy (`pipeline/`).
 */
export async function createEventStore(config: AppConfig, clock: Clock = systemClock): Promise<EventStore> {
  if (config.mongoUrl) {
    return MongoEventStore.create({
      url: config.mongoUrl,
      dbName: config.mongoDbName,
      now: () => clock.now(),
      clientOptions: { serverSelectionTimeoutMS: MONGO_SERVER_SELECTION_MS },
    });
  }
  mkdirSync(config.dataDir, { recursive: true });
  return new SqliteEventStore({ filename: join(config.dataDir, 'events.db'), now: () => clock.now() });
}

export async function createReadModelStore(config: AppConfig): Promise<ReadModelStore> {
  if (config.mongoUrl) return MongoReadModelStore.connect({ url: config.mongoUrl, dbName: config.mongoDbName });
  mkdirSync(config.dataDir, { recursive: true });
  return new SqliteReadModelStore(join(config.dataDir, 'read-models.db'));
}
