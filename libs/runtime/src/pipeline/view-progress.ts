import { Injectable } from '@nestjs/common';

interface Waiter {
  readonly version: number;
  readonly wake: () => void;
}

/** A wait for a view version that the caller ends early when it no longer needs it. */
export interface ViewWait {
  readonly reached: Promise<void>;
  cancel(): void;
}

/**
 * Tells who waits for a view that the projection in this process has applied a version, so a
 * read-your-writes wait ends when the view is written rather than at the next poll.
 */
@Injectable()
export class ViewProgress {
  private readonly waiters = new Map<string, Set<Waiter>>();

  /** The projection in this process has brought `streamId`'s view to `version`. */
  applied(streamId: string, version: number): void {
    const waiting = this.waiters.get(streamId);
    if (!waiting) return;
    for (const waiter of waiting) if (version >= waiter.version) waiter.wake();
  }

  /** Settles when `streamId`'s view reaches `version` here, or after `timeoutMs`, whichever comes first. */
  wait(streamId: string, version: number, timeoutMs: number): ViewWait {
    let waiter: Waiter | undefined;
    let timer: NodeJS.Timeout | undefined;
    const end = () => {
      clearTimeout(timer);
      const waiting = this.waiters.get(streamId);
      if (waiter && waiting?.delete(waiter) && waiting.size === 0) this.waiters.delete(streamId);
    };
    const reached = new Promise<void>((resolve) => {
      waiter = { version, wake: () => (end(), resolve()) };
      timer = setTimeout(waiter.wake, timeoutMs);
      const waiting = this.waiters.get(streamId) ?? new Set<Waiter>();
      waiting.add(waiter);
      this.waiters.set(streamId, waiting);
    });
    return { reached, cancel: end };
  }

  /** Streams someone waits for (metrics, tests). */
  get waitingStreams(): number {
    return this.waiters.size;
  }
}
