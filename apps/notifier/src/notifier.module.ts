import { DynamicModule, Module } from '@nestjs/common';
import { AlertingModule, type AlertingConfig, type AlertStore } from '@followup/alerting';
import type { AppConfig, Clock } from '@followup/platform';
import { PersistenceModule, RuntimeCoreModule, type PersistenceOverrides } from '@followup/runtime';

export interface NotifierModuleOptions {
  readonly config: AppConfig;
  readonly clock?: Clock;
  readonly adapters?: PersistenceOverrides;
  readonly alerting?: AlertingConfig;
  readonly alertStore?: AlertStore;
}

/**
 * The notifier process: consumes the events topic (group `followup-notifier`), reads the read
 * models the projector maintains, evaluates the alert rules on events and on the clock, and
 * delivers alerts (webhooks, the Kafka alerts topic).
 */
@Module({})
export class NotifierModule {
  static forRoot(options: NotifierModuleOptions): DynamicModule {
    return {
      module: NotifierModule,
      imports: [
        RuntimeCoreModule.forRoot({
          config: options.config,
          authentication: false,
          ...(options.clock ? { clock: options.clock } : {}),
        }),
        PersistenceModule.forRoot(options.adapters),
        AlertingModule.forRoot({
          engine: true,
          ...(options.alerting ? { config: options.alerting } : {}),
          ...(options.alertStore ? { store: options.alertStore } : {}),
        }),
      ],
    };
  }
}
