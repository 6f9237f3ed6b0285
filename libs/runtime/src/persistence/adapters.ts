import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { MongoEventStore, SqliteEventStore, type EventStore } from '@followup/event-store';
import { InProcessMessageBus, KafkaMessageBus, type MessageBus } from '@followup/messaging';
import { MongoReadModelStore, SqliteReadModelStore, type ReadModelStore } from '@followup/read-model';
import { systemClock, type AppConfig, type Clock } from '@followup/platform';

/**
 * The adapters the configuration asks for: the embedded default (SQLite files in DATA_DIR,
 * in-process bus) or MongoDB and Kafka when MONGO_URL / KAFKA_BROKERS are set.
 */
export async function createEventStore(config: AppConfig, clock: Clock = systemClock): Promise<EventStore> {
  if (config.mongoUrl) {
    return MongoEventStore.create({
      url: config.mongoUrl,
      dbName: config.mongoDbName,
      now: () => clock.now(),
      clientOptions: { serverSelectionTimeoutMS: 10_000 },
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

export function createMessageBus(config: AppConfig): MessageBus {
  if (config.kafkaBrokers.length === 0) return new InProcessMessageBus();
  return new KafkaMessageBus({
    brokers: config.kafkaBrokers,
    clientId: `followup-${config.processName}`,
    topicPrefix: config.kafkaTopicPrefix,
  });
}
