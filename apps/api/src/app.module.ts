import { DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { TerminusModule } from '@nestjs/terminus';
import type { AppConfig, Clock } from '@followup/platform';
import { EVENT_STORE, type EventStore } from '@followup/event-store';
import { AsOfSnapshots } from '@followup/read-model';
import {
  AuthGuard,
  CommitPipelineModule,
  PersistenceModule,
  ProjectionRunner,
  RuntimeCoreModule,
  type PersistenceOverrides,
  type PipelineStrategy,
} from '@followup/runtime';
import { ExecuteInitiativeCommandHandler } from './initiatives/application/execute-initiative-command.handler';
import { InitiativeCommandsController } from './initiatives/http/initiative-commands.controller';
import { InitiativeWrites } from './initiatives/http/initiative-writes';
import { InitiativeEconomyController } from './initiatives/http/initiative-economy.controller';
import { InitiativeQueriesController } from './initiatives/http/initiative-queries.controller';
import { InitiativeRecordsController } from './initiatives/http/initiative-records.controller';
import { GoalContributionsController } from './initiatives/http/goal-contributions.controller';
import { VocabularyController } from './vocabulary/vocabulary.controller';
import { vocabularyProvider } from './vocabulary/vocabulary.provider';
import { HealthController } from './ops/health.controller';
import { AuthConfigController } from './ops/auth-config.controller';
import { LedgerAuditModule } from './ledger/ledger-audit.module';
import { AccessLogModule } from './access-log/access-log.module';
import { AuditLogController } from './history/audit-log.controller';
import { DecisionLogReader } from './history/decision-log.reader';
import { FollowUpsController } from './history/follow-ups.controller';
import { LeadershipController } from './leadership/leadership.controller';
import { ScorecardController } from './scorecard/scorecard.controller';
import { MetricsController, MetricsRegistry } from './ops/metrics.controller';
import { AlertsHttpModule } from './alerts/alerts.module';
import { DevLoginController } from './auth/dev-login.controller';
import { benchControllers } from './bench/bench-noop.controller';
import { ReportsModule } from './reports/reports.module';

export interface ApiModuleOptions {
  readonly config: AppConfig;
  readonly pipeline: PipelineStrategy;
  readonly clock?: Clock;
  readonly adapters?: PersistenceOverrides;
  /** Run the projections in this process (the embedded default: everything in one process). */
  readonly runProjections: boolean;
}

@Module({})
export class ApiModule {
  static forRoot(options: ApiModuleOptions): DynamicModule {
    const { config, pipeline, clock } = options;
    return {
      module: ApiModule,
      imports: [
        RuntimeCoreModule.forRoot({ config, pipeline, ...(clock ? { clock } : {}) }),
        PersistenceModule.forRoot(options.adapters),
        CommitPipelineModule,
        CqrsModule.forRoot(),
        TerminusModule,
        LedgerAuditModule,
        AccessLogModule,
        ReportsModule,
        // The notifier runs here only beside the projections, and only where its bus reaches no other process.
        AlertsHttpModule.forRoot({ engine: pipeline.consumersInApi && options.runProjections }),
      ],
      controllers: [
        InitiativeCommandsController,
        InitiativeQueriesController,
        InitiativeRecordsController,
        AuditLogController,
        FollowUpsController,
        LeadershipController,
        HealthController,
        MetricsController,
        DevLoginController,
        GoalContributionsController,
        VocabularyController,
        InitiativeEconomyController,
        ScorecardController,
        ...benchControllers(config.benchNoop),
        AuthConfigController,
      ],
      providers: [
        { provide: APP_GUARD, useClass: AuthGuard },
        DecisionLogReader,
        {
          provide: AsOfSnapshots,
          useFactory: (events: EventStore) => new AsOfSnapshots(events),
          inject: [EVENT_STORE],
        },
        ExecuteInitiativeCommandHandler,
        InitiativeWrites,
        MetricsRegistry,
        vocabularyProvider,
        ...(options.runProjections ? [ProjectionRunner] : []),
      ],
    };
  }
}
