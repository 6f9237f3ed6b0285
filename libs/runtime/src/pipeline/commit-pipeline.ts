import type { OutboxRelay } from '../outbox/outbox-relay';
import type { ReadModelWaiter } from './read-model-waiter';

/**
 * What became of a commit's read-model update by the time the write returns:
 * `view-current` the view has the version, `view-behind` the wait ran out first,
 * `not-awaited` the pipeline does not wait (the client asks with `?minVersion=`).
 */
export type AfterCommitOutcome = 'view-current' | 'view-behind' | 'not-awaited';

/** What the write path does once a commit is stored. */
export interface CommitPipeline {
  afterCommit(streamId: string, version: number): Promise<AfterCommitOutcome>;
}

export const COMMIT_PIPELINE = Symbol('COMMIT_PIPELINE');

export interface CommitPipelineParts {
  readonly relay: Pick<OutboxRelay, 'drain'>;
  readonly waiter: Pick<ReadModelWaiter, 'waitForVersion'>;
  /** READ_MODEL_WAIT_MS. */
  readonly readModelWaitMs: number;
}

/**
 * Embedded: publish now, then wait (bounded) until the projection in this process has applied
 * the commit, so the caller reads its own write. Publishing on the in-process bus only queues
 * the events, hence the wait on the view itself.
 */
export class PublishAndAwaitView implements CommitPipeline {
  constructor(private readonly parts: CommitPipelineParts) {}

  async afterCommit(streamId: string, version: number): Promise<AfterCommitOutcome> {
    await this.parts.relay.drain();
    const view = await this.parts.waiter.waitForVersion(streamId, version, this.parts.readModelWaitMs);
    return view ? 'view-current' : 'view-behind';
  }
}

/** Kafka: start publishing now rather than at the next sweep, and return; the projector runs elsewhere. */
export class PublishOnly implements CommitPipeline {
  constructor(private readonly relay: Pick<OutboxRelay, 'drain'>) {}

  async afterCommit(): Promise<AfterCommitOutcome> {
    void this.relay.drain();
    return 'not-awaited';
  }
}
