import { Controller, Get, Headers, Inject, Query } from '@nestjs/common';
import { initiativeEventsOnly } from '@followup/domain';
import { preferredLanguage } from '@followup/platform';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { EVENT_STORE, type EventStore } from '@followup/event-store';
import {
  auditHistory,
  READ_MODEL_STORE,
  type DecisionAnchorFilter,
  type DecisionLogEntry,
  type ReadModelStore,
} from '@followup/read-model';
import { ApiError, Roles } from '@followup/runtime';
import { NotFoundError } from '@followup/runtime';
import { IdParam } from '../initiatives/http/id-param.pipe';
import { decodeOffset, encodeOffset } from '../paging/page-query';
import { streamIdsInScope } from './audit-scope';
import { DecisionLogReader } from './decision-log.reader';
import { DecisionLogQuery } from './decisions.query';
import { RecordsAuditReads } from '../access-log/audit-read-recorder';

const DEFAULT_LIMIT = 100;

/**
 * Who decided what, when and why: the history straight from the event store, the record of truth; the
 * decision log paged through its index (DecisionLogReader) and built from the streams of the page.
 */
@ApiTags('audit')
@ApiBearerAuth()
@RecordsAuditReads()
@Controller('audit')
export class AuditLogController {
  constructor(
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(READ_MODEL_STORE) private readonly views: ReadModelStore,
    private readonly decisionLog: DecisionLogReader,
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
    const streamIds = await streamIdsInScope(this.events, this.views, query);
    const filter: DecisionAnchorFilter = {
      ...(streamIds ? { streamIds } : {}),
      ...(query.from ? { fromMs: Date.parse(query.from) } : {}),
      ...(query.to ? { toMs: Date.parse(query.to) } : {}),
      ...(query.actor !== undefined ? { actor: query.actor } : {}),
      ...(query.caseRef !== undefined ? { caseRef: query.caseRef } : {}),
      ...(query.decidedBy !== undefined ? { decidedBy: query.decidedBy } : {}),
      ...(query.kind !== undefined ? { kind: query.kind } : {}),
    };
    const { items, total } =
      query.q === undefined
        ? await this.decisionLog.page(filter, offset, limit, language)
        : await this.decisionLog.filteredPage(filter, hasWords(query.q), offset, limit, language);
    const more = offset + limit < total;
    return { items, total, ...(more ? { nextCursor: encodeOffset(offset + limit) } : {}) };
  }
}

/** The words filter: every word appears in the summary, rationale or a change reason (case-insensitive). */
function hasWords(q: string): (entry: DecisionLogEntry) => boolean {
  const words = q.toLowerCase().split(/\s+/).filter(Boolean);
  return (entry) => {
    const text = [entry.summary, entry.rationale, ...entry.changes.map((c) => c.reason ?? '')].join('\n').toLowerCase();
    return words.every((word) => text.includes(word));
  };
}
