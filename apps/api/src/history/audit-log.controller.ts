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
    summary:
      'Every event that carries a case number or decision id (decisions, course corrections, closures, ' +
      'reschedules...) with the changes it caused and what followed',
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
        if (matches(entry, query)) entries.push(entry);
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
    if (query.initiativeId && query.includeDescendants === 'true') {
      const root = await this.views.getInitiative(query.initiativeId);
      if (!root) throw notFound(query.initiativeId, 'initiativeId');
      for (const view of await collectSubtree(this.views, root)) yield view.id;
      return;
    }
    if (query.initiativeId) {
      if ((await this.events.streamVersion(query.initiativeId)) === 0)
        throw notFound(query.initiativeId, 'initiativeId');
      yield query.initiativeId;
      return;
    }
    if (query.includeDescendants !== undefined) {
      throw new ApiError(400, 'includeDescendants needs initiativeId', {
        code: 'ValidationFailed',
        details: [{ field: 'includeDescendants', message: 'give initiativeId with it' }],
      });
    }
    for (const view of await listAllInitiatives(this.views, {})) yield view.id;
  }
}

/** The filters on the entry itself: who, which case, which kind, which words. */
function matches(entry: DecisionLogEntry, query: DecisionLogQuery): boolean {
  if (query.actor !== undefined && entry.recordedBy.sub !== query.actor) return false;
  if (query.caseRef !== undefined && entry.caseRef !== query.caseRef) return false;
  if (query.decidedBy !== undefined && entry.decidedBy !== query.decidedBy) return false;
  if (query.kind !== undefined && entry.kind !== query.kind) return false;
  if (query.q === undefined) return true;
  const text = [entry.summary, entry.rationale, ...entry.changes.map((c) => c.reason ?? '')].join('\n').toLowerCase();
  return query.q
    .toLowerCase()
    .split(/\s+/)
    .filter(Boolean)
    .every((word) => text.includes(word));
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
