import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { EVENT_STORE, type EventStore } from '@followup/event-store';
import { MESSAGE_BUS, type MessageBus } from '@followup/messaging';
import { APP_CONFIG, PendingWork, type AppConfig } from '@followup/platform';

/** Commits published and marked at a time. */
const PAGE_SIZE = 100;

/**
 * Moves committed events from the store's outbox to the bus: oldest commit first, marked
 * published only after the bus accepted it. A failure leaves the commit pending; it is
 * retried on the next trigger or sweep (at start, after each commit, and periodically),
 * so every stored commit reaches the bus at least once, in stream order.
 *
 * A page's mark is written while the next page is published: the store leaves a commit out of its
 * listings as soon as its mark is asked for, and a mark that fails only means that a process
 * reading the store later publishes those (already published) commits again.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(OutboxRelay.name);
  private running: Promise<void> | null = null;
  private again = false;
  private timer: NodeJS.Timeout | null = null;
  private failures = 0;
  private published = 0;
  /** Marks asked for and not yet written. */
  private readonly marks = new PendingWork();

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(MESSAGE_BUS) private readonly bus: MessageBus,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    void this.drain();
    this.timer = setInterval(() => void this.drain(), this.config.outboxSweepMs);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
    await this.marks.settled();
  }

  /** Number of events this process has handed to the bus (metrics). */
  get publishedCount(): number {
    return this.published;
  }

  /**
   * Publishes everything pending; concurrent calls coalesce into one more pass. Resolves once the
   * marks of what it published are written too.
   */
  drain(): Promise<void> {
    if (this.running) {
      this.again = true;
    } else {
      this.running = this.pass().finally(() => {
        this.running = null;
        if (this.again) {
          this.again = false;
          void this.drain();
        }
      });
    }
    return this.running.then(() => this.marks.settled());
  }

  private mark(commitIds: readonly string[]): void {
    void this.marks.track(
      this.store.markPublished(commitIds).catch((error: unknown) => {
        this.logger.warn(
          `outbox relay could not mark ${commitIds.length} published commit(s): ${(error as Error).message}`,
        );
      }),
    );
  }

  private async pass(): Promise<void> {
    try {
      for (;;) {
        const commits = await this.store.readUnpublished(PAGE_SIZE);
        if (commits.length === 0) break;
        // One page goes to the bus in commit order and is marked in one write; a failed publish
        // leaves it all pending, to be published again (at least once).
        const events = commits.flatMap((commit) => commit.events);
        await this.bus.publish(events);
        this.mark(commits.map((commit) => commit.commitId));
        this.published += events.length;
        // A page not full was all there was; a commit stored meanwhile has asked for another pass.
        if (commits.length < PAGE_SIZE) break;
      }
      if (this.failures > 0) this.logger.log(`outbox relay recovered after ${this.failures} failed attempt(s)`);
      this.failures = 0;
    } catch (error) {
      this.failures++;
      // Log the first failure and then every tenth, to keep an outage readable.
      if (this.failures === 1 || this.failures % 10 === 0) {
        this.logger.warn(`outbox relay could not publish (attempt ${this.failures}): ${(error as Error).message}`);
      }
    }
  }
}
