import { Controller, Get, Headers, Inject, Query } from '@nestjs/common';
import { initiativeEventsOnly } from '@followup/domain';
import { preferredLanguage } from '@followup/platform';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { EVENT_STORE, type EventStore } from '@followup/event-store';
import {
  auditHistory,
  decisionsOfStream,
  READ_MODEL_STORE,
  type DecisionLogEntry,
  type ReadModelStore,
} from '@followup/read-model';
import { ApiError, Roles } from '@followup/runtime';
import { NotFoundError } from '@followup/runtime';
import { IdParam } from '../initiatives/http/id-param.pipe';
import { decodeOffset, encodeOffset, streamsInScope } from './audit-scope';
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
  async history(@IdParam('id') id: string, @Headers('accept-language') acceptLanguage?: string) {
    const events = initiativeEventsOnly(await this.events.readStream(id));
    if (events.length === 0) throw new NotFoundError('InitiativeNotFound', `Initiative ${id} not found`);
    return { initiativeId: id, version: events.length, items: auditHistory(events, preferredLanguage(acceptLanguage)) };
  }

  @Get('decisions')
  @Roles('auditor', 'admin', 'leader')
  @ApiOperation({
    summary:
      'Every event that carries a case number or decision id (decisions, course corrections, closures, ' +
      'reschedules...) with the changes it caused and what followed',
  })
  async decisions(@Query() query: DecisionLogQuery, @Headers('accept-language') acceptLanguage?: string) {
    const language = preferredLanguage(acceptLanguage);
    if (query.from && query.to && Date.parse(query.from) >= Date.parse(query.to)) {
      throw new ApiError(400, 'from must be before to', {
        code: 'ValidationFailed',
        details: [{ field: 'from', message: 'must be before to' }],
      });
    }
    const offset = query.cursor ? decodeOffset(query.cursor) : 0;
    const limit = query.limit ?? DEFAULT_LIMIT;
    const entries: DecisionLogEntry[] = [];
    for await (const streamId of streamsInScope(this.events, this.views, query)) {
      for (const entry of decisionsOfStream(initiativeEventsOnly(await this.events.readStream(streamId)), language)) {
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
