import { Inject, Injectable } from '@nestjs/common';
import { READ_MODEL_STORE, type InitiativeView, type ReadModelStore } from '@followup/read-model';

/** Read-your-writes: waits, bounded, until a view has reached a version. */
@Injectable()
export class ReadModelWaiter {
  constructor(@Inject(READ_MODEL_STORE) private readonly views: ReadModelStore) {}

  async waitForVersion(id: string, minVersion: number, timeoutMs: number): Promise<InitiativeView | null> {
    const deadline = Date.now() + timeoutMs;
    let delay = 5;
    for (;;) {
      const view = await this.views.getInitiative(id);
      if (view && view.version >= minVersion) return view;
      if (Date.now() >= deadline) return null;
      await new Promise((resolve) => setTimeout(resolve, delay));
      delay = Math.min(delay * 2, 100);
    }
  }
}
