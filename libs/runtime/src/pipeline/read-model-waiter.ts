import { Inject, Injectable, Optional } from '@nestjs/common';
import { READ_MODEL_STORE, type InitiativeView, type ReadModelStore } from '@followup/read-model';
import { ViewProgress } from './view-progress';

/** Longest pause between two looks at the view when no projection in this process reports progress. */
const MAX_POLL_MS = 100;

/**
 * Read-your-writes: waits, bounded, until a view has reached a version. The projection in this
 * process wakes the wait as soon as it has applied the version (ViewProgress); a projector in
 * another process is noticed by looking again, at growing intervals.
 */
@Injectable()
export class ReadModelWaiter {
  constructor(
    @Inject(READ_MODEL_STORE) private readonly views: ReadModelStore,
    @Optional() private readonly progress: ViewProgress = new ViewProgress(),
  ) {}

  async waitForVersion(id: string, minVersion: number, timeoutMs: number): Promise<InitiativeView | null> {
    const deadline = Date.now() + timeoutMs;
    let delay = 5;
    for (;;) {
      // Listen before looking, so a version applied in between is not missed.
      const wait = this.progress.wait(id, minVersion, Math.max(0, Math.min(delay, deadline - Date.now())));
      const view = await this.views.getInitiative(id);
      if ((view && view.version >= minVersion) || Date.now() >= deadline) {
        wait.cancel();
        return view && view.version >= minVersion ? view : null;
      }
      await wait.reached;
      delay = Math.min(delay * 2, MAX_POLL_MS);
    }
  }
}
