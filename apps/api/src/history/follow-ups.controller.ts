import { Controller, Get, Inject, Query } from '@nestjs/common';
import { initiativeEventsOnly } from '@followup/domain';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { EVENT_STORE, type EventStore } from '@followup/event-store';
import { followUpsOfStream, READ_MODEL_STORE, type FollowUpItem, type ReadModelStore } from '@followup/read-model';
import { CLOCK, type Clock } from '@followup/platform';
import { Roles } from '@followup/runtime';
import { decodeOffset, encodeOffset } from '../paging/page-query';
import { streamsInScope } from './audit-scope';
import { FollowUpsQuery } from './follow-ups.query';

const DEFAULT_LIMIT = 100;

/** Follow-up items opened by decisions with followUpBy, read from the event store. */
@ApiTags('audit')
@ApiBearerAuth()
@Controller('follow-ups')
export class FollowUpsController {
  constructor(
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(READ_MODEL_STORE) private readonly views: ReadModelStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get()
  @Roles('caseworker', 'leader', 'auditor', 'admin')
  @ApiOperation({ summary: 'Follow-up items with dueAt, daysOverdue and who resolved them with which decision' })
  async list(@Query() query: FollowUpsQuery) {
    const now = this.clock.now();
    const offset = query.cursor ? decodeOffset(query.cursor) : 0;
    const limit = query.limit ?? DEFAULT_LIMIT;
    const items: FollowUpItem[] = [];
    for await (const streamId of streamsInScope(this.events, this.views, query)) {
      for (const item of followUpsOfStream(initiativeEventsOnly(await this.events.readStream(streamId)), now)) {
        if (query.caseRef !== undefined && item.caseRef !== query.caseRef) continue;
        if (query.status === 'resolved' && item.status !== 'resolved') continue;
        if (query.status === 'overdue' && item.status !== 'overdue') continue;
        if (query.status === 'open' && item.status === 'resolved') continue;
        items.push(item);
      }
    }
    items.sort((a, b) => a.dueAt.localeCompare(b.dueAt) || a.id.localeCompare(b.id));
    const more = offset + limit < items.length;
    return {
      items: items.slice(offset, offset + limit),
      total: items.length,
      ...(more ? { nextCursor: encodeOffset(offset + limit) } : {}),
    };
  }
}
