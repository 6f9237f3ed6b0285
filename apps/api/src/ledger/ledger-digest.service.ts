import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE, formatDigest, LedgerHeads, readAllEvents, type EventStore } from '@followup/event-store';

export interface CurrentDigest {
  readonly digest: string;
  readonly position: number;
  readonly root: string;
  readonly streams: number;
}

/**
 * The ledger digest at the head, kept up to date incrementally: the stream heads this process
 * has seen are held in memory (one entry per stream) and only events after the last position
 * seen are read. Like a verifying client's saved state, the digest reflects the history as this
 * process read it; GET /audit/verify recomputes everything from the store.
 */
@Injectable()
export class LedgerDigestService {
  private readonly heads = new LedgerHeads();
  private position = 0;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  current(): Promise<CurrentDigest> {
    // One catch-up at a time: concurrent callers queue behind each other.
    const next = this.queue.then(() => this.catchUp());
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async catchUp(): Promise<CurrentDigest> {
    for await (const event of readAllEvents(this.store, { after: this.position })) {
      this.heads.apply(event);
      this.position = event.position;
    }
    const root = this.heads.root();
    return { digest: formatDigest(this.position, root), position: this.position, root, streams: this.heads.size };
  }
}
