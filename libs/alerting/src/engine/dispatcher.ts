import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import type { Clock } from '@followup/platform';
import type { AlertingConfig } from '../config';
import type { Channel, DeliveryAttemptRecord, NotificationItemRecord, NotificationRecord } from '../model';
import type { AlertStore } from '../store/alert-store.port';
import { errorMessage, quietLogger, type AlertLogger } from './logger';
import type { AlertRouter } from './router';
import { deliveryErrorClass, type NotificationSender } from './senders';

export interface DispatcherOptions {
  readonly store: AlertStore;
  readonly clock: Clock;
  readonly router: AlertRouter;
  readonly senders: Partial<Record<Channel, NotificationSender>>;
  readonly config: Pick<
    AlertingConfig,
    | 'webhookTimeoutMs'
    | 'maxAttempts'
    | 'retryBaseMs'
    | 'retryMaxMs'
    | 'deliveryConcurrency'
    | 'dispatchIntervalMs'
    | 'leaseGraceMs'
  >;
  readonly instanceId?: string;
  readonly realNow?: () => number;
  readonly logger?: AlertLogger;
}

/** Kafka records are retried until the broker takes them; webhooks go to dead letter after `maxAttempts`. */
const KAFKA_MAX_ATTEMPTS = Number.MAX_SAFE_INTEGER;
/** A Kafka publish may first have to connect and create the topic. */
const KAFKA_TIMEOUT_MS = 30_000;
const PAGE = 100;

/**
 * Sends due notifications. Each attempt is claimed by inserting `<notification>#<n>`; only
 * the instance whose insert succeeds sends it, so several dispatchers never send one attempt
 * twice. Deliveries run concurrently (bounded per process), each with its own timeout, so a
 * receiver that never answers delays nothing else. After a failure the next attempt waits
 * `retryBase * 2^(n-1)` (capped); after the last one the notification is dead-lettered. An
 * attempt whose owner died is given up after its lease (timeout + grace) and counted as failed.
 */
export class AlertDispatcher {
  readonly instanceId: string;
  private readonly realNow: () => number;
  private readonly logger: AlertLogger;
  private readonly inFlight = new Map<string, { promise: Promise<void>; abort: AbortController }>();
  private timer: NodeJS.Timeout | null = null;
  private passing: Promise<void> | null = null;
  private again = false;
  private stopped = false;

  constructor(private readonly o: DispatcherOptions) {
    this.instanceId = o.instanceId ?? `${hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`;
    this.realNow = o.realNow ?? Date.now;
    this.logger = o.logger ?? quietLogger;
  }

  start(): void {
    this.stopped = false;
    if (this.timer) return;
    this.timer = setInterval(() => void this.runOnce(), this.o.config.dispatchIntervalMs);
    this.timer.unref();
  }

  /** Stops looking for work and aborts deliveries in flight (recorded as failed attempts). */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    for (const { abort } of this.inFlight.values()) abort.abort(new Error('the notifier is shutting down'));
    await this.passing;
    await this.idle();
  }

  /** Look for due work now (after routing); coalesces with a pass in progress. */
  poke(): void {
    void this.runOnce();
  }

  /** Resolves when this process has no delivery in flight. */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight.values()].map((f) => f.promise));
  }

  /** One pass: route stragglers, then claim and start due deliveries (without waiting for them). */
  runOnce(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (this.passing) {
      this.again = true;
      return this.passing;
    }
    this.passing = this.pass()
      .catch((error: unknown) => this.logger.warn(`alert dispatch pass failed: ${errorMessage(error)}`))
      .finally(() => {
        this.passing = null;
        if (this.again && !this.stopped) {
          this.again = false;
          void this.runOnce();
        }
      });
    return this.passing;
  }

  private async pass(): Promise<void> {
    // Events whose router stopped before routing them (their insert was the claim; routing is idempotent).
    const stragglers = await this.o.store.listUnroutedEvents(this.realNow() - this.o.config.leaseGraceMs, PAGE);
    if (stragglers.length > 0) await this.o.router.route(stragglers);

    const nowMs = this.realNow();
    const due = (await this.o.store.listDueNotifications(nowMs, PAGE)).filter((n) => !this.inFlight.has(n.id));
    if (due.length === 0) return;
    const attempts = new Map<string, DeliveryAttemptRecord[]>();
    for (const a of await this.o.store.listAttempts(due.map((n) => n.id))) {
      attempts.set(a.notificationId, [...(attempts.get(a.notificationId) ?? []), a]);
    }
    for (const notification of due) {
      if (this.stopped || this.inFlight.size >= this.o.config.deliveryConcurrency) return;
      await this.consider(notification, attempts.get(notification.id) ?? [], nowMs);
    }
  }

  private maxAttempts(channel: Channel): number {
    return channel === 'kafka' ? KAFKA_MAX_ATTEMPTS : this.o.config.maxAttempts;
  }

  private backoff(failedAttempts: number): number {
    const { retryBaseMs, retryMaxMs } = this.o.config;
    return Math.min(retryBaseMs * 2 ** Math.min(failedAttempts - 1, 30), retryMaxMs);
  }

  private timeoutMs(channel: Channel): number {
    return channel === 'kafka' ? KAFKA_TIMEOUT_MS : this.o.config.webhookTimeoutMs;
  }

  private async consider(n: NotificationRecord, attempts: DeliveryAttemptRecord[], nowMs: number): Promise<void> {
    const store = this.o.store;
    if (attempts.some((a) => a.finished && a.ok))
      return store.updateNotification(n.id, { done: true, outcome: 'delivered' });
    const last = attempts[attempts.length - 1];
    if (last && !last.finished && last.leaseUntilMs > nowMs)
      return store.updateNotification(n.id, { dueAtMs: last.leaseUntilMs });
    if (attempts.length >= this.maxAttempts(n.channel))
      return store.updateNotification(n.id, { done: true, outcome: 'deadLetter' });
    if (last) {
      const ended = last.finished ? last.startedAtMs + (last.durationMs ?? 0) : last.leaseUntilMs;
      const nextAt = ended + this.backoff(attempts.length);
      if (nextAt > nowMs) return store.updateNotification(n.id, { dueAtMs: nextAt });
    }
    const items = await store.listItems(n.id);
    if (items.length === 0) return store.updateNotification(n.id, { done: true, outcome: null });
    const number = attempts.length + 1;
    // Every attempt carries the items the first one fixed.
    const fixed = attempts[0]?.itemIds ?? [];
    const itemIds = fixed.length > 0 ? fixed : items.map((i) => i.id);
    const attempt: DeliveryAttemptRecord = {
      id: `${n.id}#${number}`,
      notificationId: n.id,
      attempt: number,
      instance: this.instanceId,
      at: this.o.clock.now().toISOString(),
      startedAtMs: nowMs,
      leaseUntilMs: nowMs + this.timeoutMs(n.channel) + this.o.config.leaseGraceMs,
      finished: false,
      ok: null,
      statusCode: null,
      error: null,
      durationMs: null,
      itemIds,
    };
    if (!(await store.insertAttempt(attempt))) return; // another instance claimed this attempt
    await store.updateNotification(n.id, { dueAtMs: attempt.leaseUntilMs });
    const abort = new AbortController();
    const promise = this.deliver(
      n,
      attempt,
      items.filter((i) => itemIds.includes(i.id)),
      abort,
    )
      // Recording the outcome failed (the database went away): the attempt's lease runs out and a
      // later pass sends it again under the same delivery id, so nothing is lost and the process
      // does not die of an unhandled rejection.
      .catch((error: unknown) =>
        this.logger.warn(`delivery ${attempt.id} could not be recorded; it is retried: ${errorMessage(error)}`),
      )
      .finally(() => {
        this.inFlight.delete(n.id);
        if (!this.stopped) this.poke();
      });
    this.inFlight.set(n.id, { promise, abort });
  }

  private async deliver(
    n: NotificationRecord,
    attempt: DeliveryAttemptRecord,
    items: readonly NotificationItemRecord[],
    abort: AbortController,
  ): Promise<void> {
    const store = this.o.store;
    const started = this.realNow();
    const timeoutMs = this.timeoutMs(n.channel);
    const timeout = setTimeout(() => abort.abort(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    let result: { ok: boolean; statusCode: number | null; error: string | null };
    try {
      const sender = this.o.senders[n.channel];
      if (!sender) throw new Error(`no sender for channel ${n.channel} in this process`);
      const events = (await Promise.all(items.map((i) => store.getEvent(i.eventId)))).filter((e) => e !== null);
      events.sort((a, b) => a.recordedAtMs - b.recordedAtMs || a.id.localeCompare(b.id));
      const subscription = n.subscriptionId ? await store.getSubscription(n.subscriptionId) : null;
      result = await sender.send({
        notification: n,
        events,
        attempt: attempt.attempt,
        subscription,
        signal: abort.signal,
        sentAt: attempt.at,
      });
    } catch (error) {
      // The log keeps our own reasons (timeout, shutdown) but never a webhook receiver's error text.
      const reason = abort.signal.aborted
        ? errorMessage(abort.signal.reason)
        : n.channel === 'webhook'
          ? deliveryErrorClass(error)
          : errorMessage(error);
      result = { ok: false, statusCode: null, error: reason };
    } finally {
      clearTimeout(timeout);
    }
    const durationMs = this.realNow() - started;
    await store.finishAttempt(attempt.id, { ...result, durationMs });
    if (result.ok) {
      await store.updateNotification(n.id, { done: true, outcome: 'delivered' });
    } else if (attempt.attempt >= this.maxAttempts(n.channel)) {
      await store.updateNotification(n.id, { done: true, outcome: 'deadLetter' });
      this.logger.warn(`notification ${n.id} dead-lettered after ${attempt.attempt} attempt(s): ${result.error}`);
    } else {
      await store.updateNotification(n.id, { dueAtMs: started + durationMs + this.backoff(attempt.attempt) });
    }
  }
}
