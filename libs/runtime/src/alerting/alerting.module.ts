import {
  BeforeApplicationShutdown,
  DynamicModule,
  Inject,
  Injectable,
  Logger,
  Module,
  OnApplicationShutdown,
} from '@nestjs/common';
import {
  ALERT_STORE,
  ALERTING_CONFIG,
  AlertFeed,
  createAlertStore,
  type AlertingConfig,
  type AlertStore,
} from '@followup/alerting';
import { APP_CONFIG, type AppConfig } from '@followup/platform';
import { AlertingService } from './alerting.service';

/** Closes the alert store after everything using it has stopped. */
@Injectable()
class AlertStoreLifecycle implements BeforeApplicationShutdown, OnApplicationShutdown {
  constructor(
    @Inject(ALERT_STORE) private readonly store: AlertStore,
    private readonly feed: AlertFeed,
  ) {}

  beforeApplicationShutdown(): void {
    this.feed.stop();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
  }
}

export interface AlertingModuleOptions {
  /** Run the notifier here (evaluation, dispatch). Without it the module only gives access to the store. */
  readonly engine: boolean;
  readonly store?: AlertStore;
}

/** The alert store, the SSE feed and, with `engine`, the notifier; settings from `AppConfig.alerting`. */
@Module({})
export class AlertingModule {
  static forRoot(options: AlertingModuleOptions): DynamicModule {
    return {
      module: AlertingModule,
      providers: [
        { provide: ALERTING_CONFIG, inject: [APP_CONFIG], useFactory: (config: AppConfig) => config.alerting },
        {
          provide: ALERT_STORE,
          inject: [APP_CONFIG],
          useFactory: (config: AppConfig) => options.store ?? createAlertStore(config),
        },
        {
          provide: AlertFeed,
          inject: [ALERT_STORE, ALERTING_CONFIG],
          useFactory: (store: AlertStore, config: AlertingConfig) =>
            new AlertFeed(store, config, { logger: new Logger('AlertFeed') }),
        },
        AlertStoreLifecycle,
        ...(options.engine ? [AlertingService] : []),
      ],
      exports: [ALERTING_CONFIG, ALERT_STORE, AlertFeed, ...(options.engine ? [AlertingService] : [])],
    };
  }
}
