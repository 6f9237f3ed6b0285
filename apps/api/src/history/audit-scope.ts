import type { EventStore } from '@followup/event-store';
import { collectSubtree, listAllInitiatives, type ReadModelStore } from '@followup/read-model';
import { ApiError, NotFoundError } from '@followup/runtime';

/** The initiatives a query of the audit reads covers: one, one with its descendants, or all. */
export async function* streamsInScope(
  events: EventStore,
  views: ReadModelStore,
  query: { initiativeId?: string; includeDescendants?: 'true' | 'false' },
): AsyncGenerator<string> {
  if (query.initiativeId && query.includeDescendants === 'true') {
    const root = await views.getInitiative(query.initiativeId);
    if (!root) throw notFound(query.initiativeId, 'initiativeId');
    for (const view of await collectSubtree(views, root)) yield view.id;
    return;
  }
  if (query.initiativeId) {
    if ((await events.streamVersion(query.initiativeId)) === 0) throw notFound(query.initiativeId, 'initiativeId');
    yield query.initiativeId;
    return;
  }
  if (query.includeDescendants !== undefined) {
    throw new ApiError(400, 'includeDescendants needs initiativeId', {
      code: 'ValidationFailed',
      details: [{ field: 'includeDescendants', message: 'give initiativeId with it' }],
    });
  }
  for (const view of await listAllInitiatives(views, {})) yield view.id;
}

/** The initiatives a query covers as a list of ids, or undefined when it covers all of them. */
export async function streamIdsInScope(
  events: EventStore,
  views: ReadModelStore,
  query: { initiativeId?: string; includeDescendants?: 'true' | 'false' },
): Promise<string[] | undefined> {
  if (!query.initiativeId && query.includeDescendants === undefined) return undefined;
  const ids: string[] = [];
  for await (const id of streamsInScope(events, views, query)) ids.push(id);
  return ids;
}

function notFound(id: string, field: string): NotFoundError {
  return new NotFoundError('InitiativeNotFound', `Initiative ${id} not found`, [
    { field, message: 'no such initiative' },
  ]);
}
