import { DynamicModule, Module } from '@nestjs/common';
import type { AppConfig, Clock } from '@followup/platform';
import {
  PersistenceModule,
  ProjectionRunner,
  RuntimeCoreModule,
  type PersistenceOverrides,
  type PipelineStrategy,
} from '@followup/runtime';

export interface ProjectorModuleOptions {
  readonly config: AppConfig;
  readonly pipeline: PipelineStrategy;
  readonly clock?: Clock;
  readonly adapters?: PersistenceOverrides;
}

/** The projector process: consumes the events topic and maintains the read models. */
@Module({})
export class ProjectorModule {
  static forRoot(options: ProjectorModuleOptions): DynamicModule {
    return {
      module: ProjectorModule,
      imports: [
        RuntimeCoreModule.forRoot({
          config: options.config,
          pipeline: options.pipeline,
          authentication: false,
          ...(options.clock ? { clock: options.clock } : {}),
        }),
        PersistenceModule.forRoot(options.adapters),
      ],
      providers: [ProjectionRunner],
    };
  }
}
