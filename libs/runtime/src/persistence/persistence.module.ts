import { DynamicModule, Global, Inject, Injectable, Module, OnApplicationShutdown, Provider } from '@nestjs/common';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { EVENT_STORE, SqliteEventStore, type EventStore } from '@followup/event-store';
import { InProcessMessageBus, MESSAGE_BUS, type MessageBus } from '@followup/messaging';
import { READ_MODEL_STORE, SqliteReadModelStore, type ReadModelStore } from '@followup/read-model';
import { APP_CONFIG, CLOCK, type AppConfig, type Clock } from '@followup/platform';

/** Closes the stores and the bus last, after every consumer has stopped. */
@Injectable()
class AdaptersLifecycle implements OnApplicationShutdown {
  constructor(
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(READ_MODEL_STORE) private readonly views: ReadModelStore,
    @Inject(MESSAGE_BUS) private readonly bus: MessageBus,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await this.bus.close();
    await this.views.close();
    await this.events.close();
  }
}

export interface PersistenceOverrides {
  readonly eventStore?: EventStore;
  readonly readModelStore?: ReadModelStore;
  readonly messageBus?: MessageBus;
}

/**
 * Binds the ports to adapters from the configuration: the embedded default (SQLite files in
 * DATA_DIR, in-process bus) or MongoDB and Kafka when MONGO_URL / KAFKA_BROKERS are set.
 */
@Global()
@Module({})
export class PersistenceModule {
  static forRoot(overrides: PersistenceOverrides = {}): DynamicModule {
    const providers: Provider[] = [
      {
        provide: EVENT_STORE,
        inject: [APP_CONFIG, CLOCK],
        useFactory: async (config: AppConfig, clock: Clock): Promise<EventStore> => {
          if (overrides.eventStore) return overrides.eventStore;
          mkdirSync(config.dataDir, { recursive: true });
          return new SqliteEventStore({ filename: join(config.dataDir, 'events.db'), now: () => clock.now() });
        },
      },
      {
        provide: READ_MODEL_STORE,
        inject: [APP_CONFIG],
        useFactory: async (config: AppConfig): Promise<ReadModelStore> => {
          if (overrides.readModelStore) return overrides.readModelStore;
          mkdirSync(config.dataDir, { recursive: true });
          return new SqliteReadModelStore(join(config.dataDir, 'read-models.db'));
        },
      },
      {
        provide: MESSAGE_BUS,
        inject: [APP_CONFIG],
        useFactory: async (): Promise<MessageBus> => overrides.messageBus ?? new InProcessMessageBus(),
      },
      AdaptersLifecycle,
    ];
    return { module: PersistenceModule, providers, exports: [EVENT_STORE, READ_MODEL_STORE, MESSAGE_BUS] };
  }
}
