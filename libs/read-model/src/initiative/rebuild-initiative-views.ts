import { isReportEvent } from '@followup/domain';
import type { EventStore } from '@followup/event-store';
import { applyToAnchors, DECISION_LOG_CHECKPOINT, mayAnchor, type DecisionAnchor } from '../audit/decision-anchors';
import type { ReadModelStore } from '../read-model-store.port';
import { InitiativeProjection } from './initiative-projection';
import type { InitiativeView } from './initiative-view';
import { evolveInPlace } from './initiative-view.projection';

export interface RebuildProgress {
  readonly phase: 'reading' | 'writing';
  readonly done: number;
  readonly total: number;
}

/**
 * Recomputes every initiative view and the decision log index from the event store and writes them
 * beside live traffic: views are replaced only where the rebuilt one is at least as new, so neither
 * the API nor a running projector sees a view disappear or move backwards. The checkpoints of both
 * move to the last event read, so a projector starting afterwards does not read the store again.
 */
export async function rebuildInitiativeViews(
  events: EventStore,
  views: ReadModelStore,
  onProgress: (progress: RebuildProgress) => void = () => undefined,
  pageSize = 1000,
): Promise<{ events: number; views: number }> {
  const head = await events.headPosition();
  const rebuilt = new Map<string, InitiativeView>();
  const anchors = new Map<string, DecisionAnchor[]>();
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
      if (mayAnchor(event)) {
        const ofStream = anchors.get(event.streamId) ?? [];
        applyToAnchors(ofStream, event);
        anchors.set(event.streamId, ofStream);
      }
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
  await writeDecisionAnchors(views, [...rebuilt.keys()], anchors, after);
  // Everything up to `after` is in the stores now: projection and index go on from there.
  await views.saveCheckpoint(InitiativeProjection.checkpointName, after);
  await views.saveCheckpoint(DECISION_LOG_CHECKPOINT, after);
  return { events: read, views: written };
}

/**
 * Replaces the decision log index of the rebuilt streams, a batch of streams per write, except where
 * the stored anchors are newer than the rebuild (an anchor past `upTo`: the index was brought further
 * meanwhile, and applying events is idempotent, so the stored ones hold everything rebuilt).
 */
async function writeDecisionAnchors(
  views: ReadModelStore,
  streamIds: readonly string[],
  anchors: ReadonlyMap<string, DecisionAnchor[]>,
  upTo: number,
): Promise<void> {
  const batch = 500;
  for (let i = 0; i < streamIds.length; i += batch) {
    const ids = streamIds.slice(i, i + batch);
    const newer = new Set((await views.decisionAnchorsOf(ids)).filter((a) => a.position > upTo).map((a) => a.streamId));
    const replaced = ids.filter((id) => !newer.has(id));
    await views.replaceDecisionAnchors(
      replaced,
      replaced.flatMap((id) => anchors.get(id) ?? []),
    );
  }
}
