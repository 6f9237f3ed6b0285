import type { AlertingConfig } from '../config';
import type { AlertEventRecord } from '../model';
import type { AlertStore } from '../store/alert-store.port';
import { errorMessage, quietLogger, type AlertLogger } from './logger';

export type FeedListener = (event: AlertEventRecord) => void;

/** Events recorded by another instance can carry a wall-clock time slightly behind ours. */
const OVERLAP_MS = 5_000;
const PAGE = 500;

/**
 * New alert events for live listeners (the SSE stream). Reads the store rather than memory,
 * so it sees what any notifier instance recorded: polls while someone listens (and at once
 * when poked), remembering recently seen ids so that the overlap window repeats nothing.
 */
export class AlertFeed {
  private readonly listeners = new Set<FeedListener>();
  private readonly closers = new Set<() => void>();
  private readonly seen = new Map<string, number>();
  private timer: NodeJS.Timeout | null = null;
  private cursorMs = 0;
  private floorMs = 0;
  private polling: Promise<void> | null = null;
  private again = false;
  private readonly realNow: () => number;
  private readonly logger: AlertLogger;

  constructor(
    private readonly store: AlertStore,
    private readonly config: Pick<AlertingConfig, 'streamPollMs'>,
    options: { realNow?: () => number; logger?: AlertLogger } = {},
  ) {
    this.realNow = options.realNow ?? Date.now;
    this.logger = options.logger ?? quietLogger;
  }

  /** Listens for events recorded from now on; returns the unsubscribe function. */
  listen(listener: FeedListener, close?: () => void): () => void {
    if (this.listeners.size === 0) this.start();
    this.listeners.add(listener);
    if (close) this.closers.add(close);
    return () => {
      this.listeners.delete(listener);
      if (close) this.closers.delete(close);
      if (this.listeners.size === 0) this.halt();
    };
  }

  get listenerCount(): number {
    return this.listeners.size;
  }

  /** Poll now (something was just recorded in this process). */
  poke(): void {
    if (this.listeners.size > 0) void this.poll();
  }

  /** Ends every listener (shutdown). */
  stop(): void {
    for (const close of [...this.closers]) close();
    this.closers.clear();
    this.listeners.clear();
    this.halt();
  }

  private start(): void {
    this.floorMs = this.realNow();
    this.cursorMs = this.floorMs;
    this.seen.clear();
    this.timer = setInterval(() => void this.poll(), this.config.streamPollMs);
    this.timer.unref();
  }

  private halt(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private poll(): Promise<void> {
    if (this.polling) {
      this.again = true;
      return this.polling;
    }
    this.polling = this.read()
      .catch((error: unknown) => this.logger.warn(`alert feed could not read events: ${errorMessage(error)}`))
      .finally(() => {
        this.polling = null;
        if (this.again) {
          this.again = false;
          void this.poll();
        }
      });
    return this.polling;
  }

  private async read(): Promise<void> {
    let from = Math.max(this.floorMs, this.cursorMs - OVERLAP_MS);
    for (;;) {
      const events = await this.store.listEventsSince(from, PAGE);
      for (const event of events) {
        if (this.seen.has(event.id)) continue;
        this.seen.set(event.id, event.recordedAtMs);
        this.cursorMs = Math.max(this.cursorMs, event.recordedAtMs);
        for (const listener of this.listeners) {
          try {
            listener(event);
          } catch (error) {
            this.logger.warn(`alert feed listener failed: ${errorMessage(error)}`);
          }
        }
      }
      for (const [id, at] of this.seen) if (at < this.cursorMs - 2 * OVERLAP_MS) this.seen.delete(id);
      const last = events[events.length - 1];
      if (events.length < PAGE || !last || last.recordedAtMs <= from) return;
      from = last.recordedAtMs;
    }
  }
}
