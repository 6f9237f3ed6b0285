import { isReportEvent } from '@followup/domain';
import type { EventStore } from '@followup/event-store';
import type { ReadModelStore } from '../read-model-store.port';
import type { InitiativeView } from './initiative-view';
import { evolveInPlace } from './initiative-view.projection';

export interface RebuildProgress {
  readonly phase: 'reading' | 'writing';
  readonly done: number;
  readonly total: number;
}

/**
 * Recomputes every initiative view from the event store and writes it beside live traffic:
 * views are replaced only where the rebuilt one is at least as new, so neither the API nor a
 * running projector sees a view disappear or move backwards.
 */
export async function rebuildInitiativeViews(
  events: EventStore,
  views: ReadModelStore,
  onProgress: (progress: RebuildProgress) => void = () => undefined,
  pageSize = 1000,
): Promise<{ events: number; views: number }> {
  const head = await events.headPosition();
  const rebuilt = new Map<string, InitiativeView>();
  let after = 0;
  let read = 0;
  for (;;) {
    const page = await events.readAll({ after, limit: pageSize });
    if (page.length === 0) break;
    for (const event of page) {
      if (isReportEvent(event)) continue;
      const current = rebuilt.get(event.streamId) ?? null;
      if (event.streamVersion !== (current?.version ?? 0) + 1) {
        throw new Error(`${event.streamId}: expected v${(current?.version ?? 0) + 1}, read v${event.streamVersion}`);
      }
      // The map owns these views, so they are folded in place.
      rebuilt.set(event.streamId, evolveInPlace(current, event));
    }
    read += page.length;
    after = page[page.length - 1]!.position;
    onProgress({ phase: 'reading', done: read, total: Math.max(head, after) });
  }
  let written = 0;
  for (const view of rebuilt.values()) {
    await views.putInitiative(view);
    written++;
    if (written % 200 === 0 || written === rebuilt.size)
      onProgress({ phase: 'writing', done: written, total: rebuilt.size });
  }
  return { events: read, views: written };
}
