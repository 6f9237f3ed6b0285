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

function notFound(id: string, field: string): NotFoundError {
  return new NotFoundError('InitiativeNotFound', `Initiative ${id} not found`, [
    { field, message: 'no such initiative' },
  ]);
}

export const encodeOffset = (offset: number) => Buffer.from(`o:${offset}`, 'utf8').toString('base64url');
export function decodeOffset(cursor: string): number {
  const match = /^o:(\d{1,9})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match) {
    throw new ApiError(400, 'cursor is not a cursor this API returned', {
      code: 'ValidationFailed',
      details: [{ field: 'cursor', message: 'use nextCursor from the previous page' }],
    });
  }
  return Number(match[1]);
}
