import { DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { TerminusModule } from '@nestjs/terminus';
import type { AppConfig, Clock } from '@followup/platform';
import {
  AuthGuard,
  OutboxRelay,
  PersistenceModule,
  ProjectionRunner,
  RuntimeCoreModule,
  type PersistenceOverrides,
} from '@followup/runtime';
import { ExecuteInitiativeCommandHandler } from './initiatives/application/execute-initiative-command.handler';
import { InitiativeCommandsController } from './initiatives/http/initiative-commands.controller';
import { InitiativeQueriesController } from './initiatives/http/initiative-queries.controller';
import { ReadModelWaiter } from './platform/read-model-waiter';
import { HealthController } from './ops/health.controller';
import { LedgerAuditModule } from './ledger/ledger-audit.module';
import { AuditLogController } from './history/audit-log.controller';
import { LeadershipController } from './leadership/leadership.controller';
import { MetricsController, MetricsRegistry } from './ops/metrics.controller';
import { AlertsHttpModule } from './alerts/alerts.module';

export interface ApiModuleOptions {
  readonly config: AppConfig;
  readonly clock?: Clock;
  readonly adapters?: PersistenceOverrides;
  /** Run the projections in this process (the embedded default: everything in one process). */
  readonly runProjections: boolean;
}

@Module({})
export class ApiModule {
  static forRoot(options: ApiModuleOptions): DynamicModule {
    return {
      module: ApiModule,
      imports: [
        RuntimeCoreModule.forRoot({ config: options.config, ...(options.clock ? { clock: options.clock } : {}) }),
        PersistenceModule.forRoot(options.adapters),
        CqrsModule.forRoot(),
        TerminusModule,
        LedgerAuditModule,
        // The notifier runs in this process only in embedded mode (in-process bus), beside the projections.
        AlertsHttpModule.forRoot({ engine: options.config.bus === 'in-process' && options.runProjections }),
      ],
      controllers: [
        InitiativeCommandsController,
        InitiativeQueriesController,
        AuditLogController,
        LeadershipController,
        HealthController,
        MetricsController,
      ],
      providers: [
        { provide: APP_GUARD, useClass: AuthGuard },
        ExecuteInitiativeCommandHandler,
        ReadModelWaiter,
        OutboxRelay,
        MetricsRegistry,
        ...(options.runProjections ? [ProjectionRunner] : []),
      ],
    };
  }
}
