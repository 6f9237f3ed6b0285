import {
  BeforeApplicationShutdown,
  DynamicModule,
  Inject,
  Injectable,
  Logger,
  Module,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@nestjs/common';
import {
  consumerGroupName,
  KafkaMessageBus,
  MESSAGE_BUS,
  type MessageBus,
  type Subscription,
} from '@followup/messaging';
import { APP_CONFIG, CLOCK, type AppConfig, type Clock } from '@followup/platform';
import { DEFAULT_THRESHOLDS, READ_MODEL_STORE, type ReadModelStore } from '@followup/read-model';
import { ALERTING_CONFIG, loadAlertingConfig, type AlertingConfig } from '../config';
import { AlertEngine } from '../engine/alert-engine';
import { ReadModelBehindError, type EvaluationReport } from '../engine/evaluator';
import { AlertFeed } from '../engine/feed';
import { errorMessage } from '../engine/logger';
import { KafkaAlertPublisher } from '../kafka/kafka-alert-publisher';
import { ALERT_STORE, type AlertStore } from '../store/alert-store.port';
import { createAlertStore } from '../store/create-alert-store';

/** The consumer group of the notifier on the events topic. */
export const NOTIFIER_GROUP = 'followup-notifier';

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

/**
 * The notifier inside a Nest process (apps/notifier, or the API in embedded mode): consumes
 * the events topic in group `followup-notifier`, ticks the clock-driven evaluation, and
 * dispatches webhooks (and Kafka alert records when KAFKA_BROKERS is set).
 */
@Injectable()
export class AlertingService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Alerts');
  readonly engine: AlertEngine;
  private readonly publisher: KafkaAlertPublisher | null;
  private subscription: Subscription | null = null;
  private lastError: string | null = null;

  constructor(
    @Inject(ALERT_STORE) readonly store: AlertStore,
    @Inject(READ_MODEL_STORE) views: ReadModelStore,
    @Inject(MESSAGE_BUS) private readonly bus: MessageBus,
    @Inject(CLOCK) clock: Clock,
    @Inject(APP_CONFIG) private readonly appConfig: AppConfig,
    @Inject(ALERTING_CONFIG) config: AlertingConfig,
    feed: AlertFeed,
  ) {
    // Alert records share the events bus's producer; the in-process bus has no alerts topic.
    this.publisher = bus instanceof KafkaMessageBus ? new KafkaAlertPublisher(bus) : null;
    this.engine = new AlertEngine({
      store,
      views,
      clock,
      config,
      rules: {
        dueSoonDays: config.dueSoonDays,
        achievedNoticeMs: config.achievedNoticeMs,
        thresholds: { ...DEFAULT_THRESHOLDS, onTrack: appConfig.indicatorOnTrack, atRisk: appConfig.indicatorAtRisk },
      },
      kafka: this.publisher,
      logger: this.logger,
      onRouted: () => feed.poke(),
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    this.subscription = await this.bus.subscribe({
      group: consumerGroupName(this.appConfig.kafkaTopicPrefix, NOTIFIER_GROUP),
      // The startup pass below covers everything before; the group then follows new events.
      fromBeginning: false,
      handler: async (event) => {
        try {
          await this.engine.handleEvent(event);
          this.lastError = null;
        } catch (error) {
          const message = errorMessage(error);
          // The read model lagging behind the bus is routine (the event is handed over again).
          if (error instanceof ReadModelBehindError) this.logger.debug(message);
          else if (message !== this.lastError)
            this.logger.warn(`alert evaluation of ${event.streamId} v${event.streamVersion} failed: ${message}`);
          this.lastError = message;
          throw error;
        }
      },
    });
    this.engine.start();
    void this.engine
      .evaluateNow()
      .catch((error: unknown) => this.logger.warn(`startup alert evaluation failed: ${errorMessage(error)}`));
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.engine.evaluator.stop();
    await this.subscription?.stop();
    await this.engine.stop();
  }

  /** Evaluate every initiative against the clock now (what a tick does; tests call it). */
  evaluateNow(): Promise<EvaluationReport> {
    return this.engine.evaluateNow();
  }

  /** Runs a dispatcher pass and waits for the deliveries it started. */
  async dispatchNow(): Promise<void> {
    await this.engine.dispatchNow();
    await this.engine.idle();
  }
}

export interface AlertingModuleOptions {
  /** Run the notifier here (evaluation, dispatch). Without it the module only gives access to the store (API in Kafka mode). */
  readonly engine: boolean;
  readonly config?: AlertingConfig;
  readonly store?: AlertStore;
}

@Module({})
export class AlertingModule {
  static forRoot(options: AlertingModuleOptions): DynamicModule {
    return {
      module: AlertingModule,
      providers: [
        { provide: ALERTING_CONFIG, useFactory: () => options.config ?? loadAlertingConfig(process.env) },
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
