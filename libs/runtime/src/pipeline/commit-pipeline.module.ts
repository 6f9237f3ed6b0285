import { Module } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@followup/platform';
import { OutboxRelay } from '../outbox/outbox-relay';
import { COMMIT_PIPELINE } from './commit-pipeline';
import { PIPELINE_STRATEGY, type PipelineStrategy } from './pipeline-strategy';
import { ReadModelWaiter } from './read-model-waiter';

/** The write side's end of the pipeline: the outbox relay, read-your-writes waiting, and COMMIT_PIPELINE. */
@Module({
  providers: [
    OutboxRelay,
    ReadModelWaiter,
    {
      provide: COMMIT_PIPELINE,
      inject: [PIPELINE_STRATEGY, OutboxRelay, ReadModelWaiter, APP_CONFIG],
      useFactory: (strategy: PipelineStrategy, relay: OutboxRelay, waiter: ReadModelWaiter, config: AppConfig) =>
        strategy.commitPipeline({ relay, waiter, readModelWaitMs: config.readModelWaitMs }),
    },
  ],
  exports: [OutboxRelay, ReadModelWaiter, COMMIT_PIPELINE],
})
export class CommitPipelineModule {}
