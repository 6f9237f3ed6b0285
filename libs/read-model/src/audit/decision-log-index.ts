import type { EventStore, StoredEvent } from '@followup/event-store';
import type { ReadModelStore } from '../read-model-store.port';
import { applyToAnchors, DECISION_LOG_CHECKPOINT, mayAnchor, type DecisionAnchor } from './decision-anchors';

/**
 * Brings the decision log index up to the head of the event store, page by page from its checkpoint:
 * the anchors of the streams a page touches are read, the page's events applied, and they are written
 * back with the checkpoint. Memory holds one page and the anchors of the streams it touches.
 */
export async function catchUpDecisionLog(
  events: Pick<EventStore, 'readAll'>,
  views: ReadModelStore,
  pageSize = 2_000,
): Promise<number> {
  let position = await views.getCheckpoint(DECISION_LOG_CHECKPOINT);
  let read = 0;
  for (;;) {
    const page = await events.readAll({ after: position, limit: pageSize });
    if (page.length === 0) return read;
    await applyPage(views, page);
    position = page[page.length - 1]!.position;
    read += page.length;
    await views.saveCheckpoint(DECISION_LOG_CHECKPOINT, position);
    if (page.length < pageSize) return read;
  }
}

async function applyPage(views: ReadModelStore, page: readonly StoredEvent[]): Promise<void> {
  const relevant = page.filter(mayAnchor);
  if (relevant.length === 0) return;
  const streamIds = [...new Set(relevant.map((event) => event.streamId))];
  const byStream = new Map<string, DecisionAnchor[]>(streamIds.map((id) => [id, []]));
  for (const anchor of await views.decisionAnchorsOf(streamIds)) byStream.get(anchor.streamId)!.push(anchor);
  for (const event of relevant) applyToAnchors(byStream.get(event.streamId)!, event);
  await views.replaceDecisionAnchors(streamIds, [...byStream.values()].flat());
}
