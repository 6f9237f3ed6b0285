import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { EVENT_STORE, type EventStore } from '@followup/event-store';
import {
  auditHistory,
  collectSubtree,
  decisionsOfStream,
  listAllInitiatives,
  READ_MODEL_STORE,
  type DecisionLogEntry,
  type ReadModelStore,
} from '@followup/read-model';
import { ApiError, NotFoundError, Roles } from '@followup/runtime';
import { IdParam } from '../initiatives/http/id-param.pipe';
import { DecisionLogQuery } from './decisions.query';

const DEFAULT_LIMIT = 100;

/** Who decided what, when and why: read straight from the event store, the record of truth. */
@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit')
export class AuditLogController {
  constructor(
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(READ_MODEL_STORE) private readonly views: ReadModelStore,
  ) {}

  @Get('initiatives/:id/history')
  @Roles('auditor', 'admin')
  @ApiOperation({ summary: 'Every event of an initiative in order, with a readable summary and before/after values' })
  async history(@IdParam('id') id: string) {
    const events = await this.events.readStream(id);
    if (events.length === 0) throw new NotFoundError('InitiativeNotFound', `Initiative ${id} not found`);
    return { initiativeId: id, version: events.length, items: auditHistory(events) };
  }

  @Get('decisions')
  @Roles('auditor', 'admin', 'leader')
  @ApiOperation({
    summary: 'Follow-up decisions and course corrections with the changes they caused and what followed',
  })
  async decisions(@Query() query: DecisionLogQuery) {
    if (query.from && query.to && Date.parse(query.from) >= Date.parse(query.to)) {
      throw new ApiError(400, 'from must be before to', {
        code: 'ValidationFailed',
        details: [{ field: 'from', message: 'must be before to' }],
      });
    }
    const offset = query.cursor ? decodeOffset(query.cursor) : 0;
    const limit = query.limit ?? DEFAULT_LIMIT;
    const entries: DecisionLogEntry[] = [];
    for await (const streamId of this.streamsInScope(query)) {
      for (const entry of decisionsOfStream(await this.events.readStream(streamId))) {
        if (query.from && Date.parse(entry.occurredAt) < Date.parse(query.from)) continue;
        if (query.to && Date.parse(entry.occurredAt) >= Date.parse(query.to)) continue;
        if (query.actor && entry.recordedBy.sub !== query.actor) continue;
        entries.push(entry);
      }
    }
    entries.sort(
      (a, b) =>
        a.occurredAt.localeCompare(b.occurredAt) ||
        a.recordedAt.localeCompare(b.recordedAt) ||
        a.decisionId.localeCompare(b.decisionId),
    );
    const items = entries.slice(offset, offset + limit);
    const more = offset + limit < entries.length;
    return { items, total: entries.length, ...(more ? { nextCursor: encodeOffset(offset + limit) } : {}) };
  }

  private async *streamsInScope(query: DecisionLogQuery): AsyncGenerator<string> {
    if (query.initiativeId) {
      if ((await this.events.streamVersion(query.initiativeId)) === 0)
        throw notFound(query.initiativeId, 'initiativeId');
      yield query.initiativeId;
      return;
    }
    if (query.subtree) {
      const root = await this.views.getInitiative(query.subtree);
      if (!root) throw notFound(query.subtree, 'subtree');
      for (const view of await collectSubtree(this.views, root)) yield view.id;
      return;
    }
    for (const view of await listAllInitiatives(this.views, {})) yield view.id;
  }
}

function notFound(id: string, field: string): NotFoundError {
  return new NotFoundError('InitiativeNotFound', `Initiative ${id} not found`, [
    { field, message: 'no such initiative' },
  ]);
}

const encodeOffset = (offset: number) => Buffer.from(`o:${offset}`, 'utf8').toString('base64url');
function decodeOffset(cursor: string): number {
  const match = /^o:(\d{1,9})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match) {
    throw new ApiError(400, 'cursor is not a cursor this API returned', {
      code: 'ValidationFailed',
      details: [{ field: 'cursor', message: 'use nextCursor from the previous page' }],
    });
  }
  return Number(match[1]);
}
