import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown, Optional } from '@nestjs/common';
import { EVENT_STORE, type EventStore, type StoredEvent } from '@followup/event-store';
import { consumerGroupName, MESSAGE_BUS, type MessageBus, type Subscription } from '@followup/messaging';
import { InitiativeProjection, READ_MODEL_STORE, type ReadModelStore } from '@followup/read-model';
import { APP_CONFIG, PendingWork, type AppConfig } from '@followup/platform';
import { PIPELINE_STRATEGY, type PipelineStrategy } from '../pipeline/pipeline-strategy';
import { ViewProgress } from '../pipeline/view-progress';

export const PROJECTOR_GROUP = 'followup-projector';

/** The projectors' consumer group in an environment (see `consumerGroupName`). */
export const projectorGroup = (topicPrefix = ''): string => consumerGroupName(topicPrefix, PROJECTOR_GROUP);

/**
 * Runs the projections on events from the bus. Where the pipeline keeps projection checkpoints
 * (embedded) it also catches up from the event store by its checkpoint at start, so nothing
 * published before a crash is lost. Work is serialised so catch-up and live delivery never
 * interleave on one view.
 */
@Injectable()
export class ProjectionRunner implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ProjectionRunner.name);
  private readonly projection: InitiativeProjection;
  private subscription: Subscription | null = null;
  private queue: Promise<void> = Promise.resolve();
  private readonly inFlight = new PendingWork();
  private handled = 0;
  private lastError: string | null = null;

  constructor(
    @Inject(EVENT_STORE) store: EventStore,
    @Inject(READ_MODEL_STORE) views: ReadModelStore,
    @Inject(MESSAGE_BUS) private readonly bus: MessageBus,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(PIPELINE_STRATEGY) private readonly pipeline: PipelineStrategy,
    @Optional() private readonly progress?: ViewProgress,
  ) {
    this.projection = new InitiativeProjection(views, store);
  }

  async onApplicationBootstrap(): Promise<void> {
    this.subscription = await this.bus.subscribe({
      group: projectorGroup(this.config.kafkaTopicPrefix),
      fromBeginning: true,
      // Without a catch-up (Kafka) runs of different streams need not wait for each other.
      streamsInParallel: !this.pipeline.projectionCheckpoints,
      handler: (event) => this.live(() => this.apply([event])),
      batchHandler: (events) => this.live(() => this.apply(events)),
    });
    if (this.pipeline.projectionCheckpoints) {
      await this.serialise(async () => {
        const applied = await this.projection.catchUp();
        if (applied > 0) this.logger.log(`caught up ${applied} event(s) from the event store`);
      });
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.subscription?.stop();
    await this.queue;
    await this.inFlight.settled();
  }

  get handledCount(): number {
    return this.handled;
  }

  /** Events as the bus hands them over: one, or all that were waiting (one write for all of them). */
  private async apply(events: readonly StoredEvent[]): Promise<void> {
    try {
      const reached = await this.projection.handleBatch(events, this.pipeline.projectionCheckpoints);
      this.handled += events.length;
      this.lastError = null;
      for (const [streamId, version] of reached) this.progress?.applied(streamId, version);
    } catch (error) {
      const message = (error as Error).message;
      const first = events[0]!;
      const last = events[events.length - 1]!;
      const which =
        events.length === 1
          ? `${first.streamId} v${first.streamVersion}`
          : `positions ${first.position}-${last.position}`;
      if (message !== this.lastError) this.logger.error(`projection failed on ${which}: ${message}`);
      this.lastError = message;
      throw error;
    }
  }

  /**
   * Live delivery. With a catch-up from the store (embedded) it queues behind it. On Kafka there is
   * none, and each partition's runs (streams of their own) go ahead beside the others'.
   */
  private live(work: () => Promise<void>): Promise<void> {
    if (this.pipeline.projectionCheckpoints) return this.serialise(work);
    return this.inFlight.track(work());
  }

  private serialise(work: () => Promise<void>): Promise<void> {
    const next = this.queue.then(work);
    this.queue = next.catch(() => undefined);
    return next;
  }
}
