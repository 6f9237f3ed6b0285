import type { StoredEvent } from '@followup/event-store';
import type { Clock } from '@followup/platform';
import type { ReadModelStore } from '@followup/read-model';
import type { AlertingConfig } from '../config';
import { DEFAULT_RULE_OPTIONS, type RuleOptions } from '../rules/context';
import type { AlertStore } from '../store/alert-store.port';
import { AlertDispatcher } from './dispatcher';
import { AlertEvaluator, type EvaluationReport } from './evaluator';
import { errorMessage, quietLogger, type AlertLogger } from './logger';
import { AlertRouter } from './router';
import { WebhookSender, type NotificationSender } from './senders';

export interface AlertEngineOptions {
  readonly store: AlertStore;
  readonly views: ReadModelStore;
  readonly clock: Clock;
  readonly config: AlertingConfig;
  readonly rules?: RuleOptions;
  /** Publishes raised/resolved alerts on the Kafka alerts topic (only when KAFKA_BROKERS is set). */
  readonly kafka?: NotificationSender | null;
  readonly webhook?: NotificationSender;
  /** Sends alert e-mail (only when SMTP_URL is set). */
  readonly email?: NotificationSender | null;
  readonly instanceId?: string;
  readonly realNow?: () => number;
  readonly logger?: AlertLogger;
  /** Told when alert events were routed (the SSE feed polls at once). */
  readonly onRouted?: () => void;
}

/**
 * One notifier instance: evaluator (events + clock), router and dispatcher over shared
 * stores. Nest-free, so tests can run several instances side by side.
 */
export class AlertEngine {
  readonly router: AlertRouter;
  readonly evaluator: AlertEvaluator;
  readonly dispatcher: AlertDispatcher;
  private tick: NodeJS.Timeout | null = null;
  private ticking: Promise<unknown> | null = null;
  private readonly logger: AlertLogger;

  constructor(private readonly o: AlertEngineOptions) {
    this.logger = o.logger ?? quietLogger;
    this.router = new AlertRouter({
      store: o.store,
      clock: o.clock,
      config: o.config,
      kafka: Boolean(o.kafka),
      ...(o.realNow ? { realNow: o.realNow } : {}),
      onRouted: () => {
        this.dispatcher.poke();
        o.onRouted?.();
      },
    });
    this.evaluator = new AlertEvaluator({
      store: o.store,
      views: o.views,
      clock: o.clock,
      router: this.router,
      config: o.config,
      rules: o.rules ?? {
        ...DEFAULT_RULE_OPTIONS,
        dueSoonDays: o.config.dueSoonDays,
        achievedNoticeMs: o.config.achievedNoticeMs,
      },
      ...(o.realNow ? { realNow: o.realNow } : {}),
      logger: this.logger,
    });
    this.dispatcher = new AlertDispatcher({
      store: o.store,
      clock: o.clock,
      router: this.router,
      senders: {
        webhook: o.webhook ?? new WebhookSender(),
        ...(o.kafka ? { kafka: o.kafka } : {}),
        ...(o.email ? { email: o.email } : {}),
      },
      config: o.config,
      ...(o.instanceId ? { instanceId: o.instanceId } : {}),
      ...(o.realNow ? { realNow: o.realNow } : {}),
      logger: this.logger,
    });
  }

  /** Starts the clock tick (ALERT_TICK_MS, 0: none) and the dispatcher. */
  start(): void {
    this.dispatcher.start();
    if (this.o.config.tickMs > 0 && !this.tick) {
      this.tick = setInterval(() => void this.onTick(), this.o.config.tickMs);
      this.tick.unref();
    }
  }

  async stop(): Promise<void> {
    if (this.tick) clearInterval(this.tick);
    this.tick = null;
    await this.ticking?.catch(() => undefined);
    await this.evaluator.drain();
    await this.dispatcher.stop();
  }

  /** A tick's work on demand: evaluate everything against the clock now. */
  evaluateNow(): Promise<EvaluationReport> {
    return this.evaluator.evaluateNow();
  }

  handleEvent(event: StoredEvent): Promise<void> {
    return this.evaluator.handleEvent(event);
  }

  /** A run of events from the bus: each initiative touched evaluated once (see `AlertEvaluator.handleEvents`). */
  handleEvents(events: readonly StoredEvent[]): Promise<void> {
    return this.evaluator.handleEvents(events);
  }

  /** One dispatcher pass now; `idle()` then waits for the deliveries it started. */
  dispatchNow(): Promise<void> {
    return this.dispatcher.runOnce();
  }

  idle(): Promise<void> {
    return this.dispatcher.idle();
  }

  private onTick(): Promise<unknown> {
    if (this.ticking) return this.ticking;
    this.ticking = this.evaluator
      .evaluateNow()
      .catch((error: unknown) => this.logger.warn(`alert evaluation failed: ${errorMessage(error)}`))
      .finally(() => (this.ticking = null));
    return this.ticking;
  }
}
