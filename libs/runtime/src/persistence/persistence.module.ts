import { DynamicModule, Global, Inject, Injectable, Module, OnApplicationShutdown, Provider } from '@nestjs/common';
import { EVENT_STORE, type EventStore } from '@followup/event-store';
import { MESSAGE_BUS, type MessageBus } from '@followup/messaging';
import { READ_MODEL_STORE, type ReadModelStore } from '@followup/read-model';
import { APP_CONFIG, CLOCK, type AppConfig, type Clock } from '@followup/platform';
import {
  MESSAGE_TRANSPORT,
  PIPELINE_STRATEGY,
  type MessageTransport,
  type PipelineStrategy,
} from '../pipeline/pipeline-strategy';
import { createEventStore, createReadModelStore } from './adapters';

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
  /** Used as is; an injected bus carries no alert publisher. */
  readonly messageBus?: MessageBus;
}

/** Binds the ports to the adapters the configuration asks for (`adapters.ts`; the bus from the pipeline strategy). */
@Global()
@Module({})
export class PersistenceModule {
  static forRoot(overrides: PersistenceOverrides = {}): DynamicModule {
    const providers: Provider[] = [
      {
        provide: EVENT_STORE,
        inject: [APP_CONFIG, CLOCK],
        useFactory: (config: AppConfig, clock: Clock) => overrides.eventStore ?? createEventStore(config, clock),
      },
      {
        provide: READ_MODEL_STORE,
        inject: [APP_CONFIG],
        useFactory: (config: AppConfig) => overrides.readModelStore ?? createReadModelStore(config),
      },
      {
        provide: MESSAGE_TRANSPORT,
        inject: [APP_CONFIG, PIPELINE_STRATEGY],
        useFactory: (config: AppConfig, pipeline: PipelineStrategy): MessageTransport =>
          overrides.messageBus ? { bus: overrides.messageBus, alertPublisher: null } : pipeline.connect(config),
      },
      { provide: MESSAGE_BUS, inject: [MESSAGE_TRANSPORT], useFactory: (transport: MessageTransport) => transport.bus },
      AdaptersLifecycle,
    ];
    return {
      module: PersistenceModule,
      providers,
      exports: [EVENT_STORE, READ_MODEL_STORE, MESSAGE_BUS, MESSAGE_TRANSPORT],
    };
  }
}
