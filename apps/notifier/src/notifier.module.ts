import { DynamicModule, Module } from '@nestjs/common';
import type { AlertStore } from '@followup/alerting';
import type { AppConfig, Clock } from '@followup/platform';
import {
  AlertingModule,
  PersistenceModule,
  RuntimeCoreModule,
  type PersistenceOverrides,
  type PipelineStrategy,
} from '@followup/runtime';

export interface NotifierModuleOptions {
  /** Alert settings included (`config.alerting`). */
  readonly config: AppConfig;
  readonly pipeline: PipelineStrategy;
  readonly clock?: Clock;
  readonly adapters?: PersistenceOverrides;
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
          pipeline: options.pipeline,
          authentication: false,
          ...(options.clock ? { clock: options.clock } : {}),
        }),
        PersistenceModule.forRoot(options.adapters),
        AlertingModule.forRoot({
          engine: true,
          ...(options.alertStore ? { store: options.alertStore } : {}),
        }),
      ],
    };
  }
}
