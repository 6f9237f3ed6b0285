import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import {
  ALERT_STORE,
  ALERTING_CONFIG,
  AlertEngine,
  AlertFeed,
  errorMessage,
  ReadModelBehindError,
  type AlertingConfig,
  type AlertStore,
  type EvaluationReport,
  WebhookSender,
  EmailSender,
} from '@followup/alerting';
import { consumerGroupName, type Subscription } from '@followup/messaging';
import { APP_CONFIG, CLOCK, type AppConfig, type Clock } from '@followup/platform';
import { DEFAULT_THRESHOLDS, READ_MODEL_STORE, type ReadModelStore } from '@followup/read-model';
import { MESSAGE_TRANSPORT, type MessageTransport } from '../pipeline/pipeline-strategy';
import { mailTransportFor, type SmtpMailTransport } from './smtp-mail-transport';

/** The consumer group of the notifier on the events topic. */
export const NOTIFIER_GROUP = 'followup-notifier';

/**
 * The notifier inside a Nest process (apps/notifier, or the API in embedded mode): consumes
 * the events topic in group `followup-notifier`, ticks the clock-driven evaluation, and
 * dispatches webhooks, e-mail (with SMTP_URL) (and alert records where the transport has an alerts topic).
 */
@Injectable()
export class AlertingService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Alerts');
  readonly engine: AlertEngine;
  private subscription: Subscription | null = null;
  private lastError: string | null = null;
  private readonly mail: SmtpMailTransport | null;

  constructor(
    @Inject(ALERT_STORE) readonly store: AlertStore,
    @Inject(READ_MODEL_STORE) views: ReadModelStore,
    @Inject(MESSAGE_TRANSPORT) private readonly transport: MessageTransport,
    @Inject(CLOCK) clock: Clock,
    @Inject(APP_CONFIG) private readonly appConfig: AppConfig,
    @Inject(ALERTING_CONFIG) config: AlertingConfig,
    feed: AlertFeed,
  ) {
    this.mail = mailTransportFor(appConfig.mail);
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
      webhook: new WebhookSender({ allow: appConfig.security.webhookAllow }),
      kafka: transport.alertPublisher,
      email: this.mail ? new EmailSender(this.mail, appConfig.mail.from) : null,
      logger: this.logger,
      onRouted: () => feed.poke(),
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    this.subscription = await this.transport.bus.subscribe({
      group: consumerGroupName(this.appConfig.kafkaTopicPrefix, NOTIFIER_GROUP),
      // The startup pass below covers everything before; the group then follows new events.
      fromBeginning: false,
      handler: (event) =>
        this.evaluated(() => this.engine.handleEvent(event), `${event.streamId} v${event.streamVersion}`),
      // Runs of events: an initiative touched several times in a run is evaluated once.
      batchHandler: (events) =>
        this.evaluated(() => this.engine.handleEvents(events), `${events.length} events from ${events[0]?.streamId}`),
    });
    this.engine.start();
    void this.engine
      .evaluateNow()
      .catch((error: unknown) => this.logger.warn(`startup alert evaluation failed: ${errorMessage(error)}`));
  }

  private async evaluated(evaluation: () => Promise<void>, what: string): Promise<void> {
    try {
      await evaluation();
      this.lastError = null;
    } catch (error) {
      const message = errorMessage(error);
      // The read model lagging behind the bus is routine (the events are handed over again).
      if (error instanceof ReadModelBehindError) this.logger.debug(message);
      else if (message !== this.lastError) this.logger.warn(`alert evaluation of ${what} failed: ${message}`);
      this.lastError = message;
      throw error;
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.engine.evaluator.stop();
    await this.subscription?.stop();
    await this.engine.stop();
    this.mail?.close();
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
