import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Controller, Get, Global, Inject, Injectable, Module, Query, type OnApplicationShutdown } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  ACCESS_LOG,
  EVENT_STORE,
  MongoAccessLog,
  MongoEventStore,
  SqliteAccessLog,
  type AccessLog,
  type EventStore,
} from '@followup/event-store';
import { APP_CONFIG, type AppConfig } from '@followup/platform';
import { Roles } from '@followup/runtime';
import { CURSORS, decodeOffset, encodeOffset, PageQuery } from '../paging/page-query';
import { AuditReadRecorder, RecordsAuditReads } from './audit-read-recorder';

class AccessLogQuery extends PageQuery(100, 500, CURSORS.offset) {}

@ApiTags('audit')
@ApiBearerAuth()
@RecordsAuditReads()
@Controller('audit')
class AccessLogController {
  constructor(@Inject(ACCESS_LOG) private readonly log: AccessLog) {}

  @Get('access-log')
  @Roles('auditor', 'admin')
  @ApiOperation({ summary: 'Who read the audit endpoints, when, with which filters: hash-chained, append-only' })
  async list(@Query() query: AccessLogQuery) {
    const after = query.cursor ? decodeOffset(query.cursor) : 0;
    const limit = query.limit ?? 100;
    const items = await this.log.list(after, limit + 1);
    const page = items.slice(0, limit);
    const more = items.length > limit;
    return {
      items: page,
      verification: await this.log.verify(),
      ...(more ? { nextCursor: encodeOffset(page[page.length - 1]!.seq) } : {}),
    };
  }
}

@Injectable()
class AccessLogLifecycle implements OnApplicationShutdown {
  constructor(@Inject(ACCESS_LOG) private readonly log: AccessLog) {}

  async onApplicationShutdown(): Promise<void> {
    await this.log.close();
  }
}

/**
 * The access log sits beside the events: a collection of the same MongoDB database, or a table of
 * events.db. Global, so that every /audit controller's recorder finds it.
 */
@Global()
@Module({
  controllers: [AccessLogController],
  providers: [
    {
      provide: ACCESS_LOG,
      inject: [APP_CONFIG, EVENT_STORE],
      useFactory: (config: AppConfig, events: EventStore): AccessLog => {
        if (events instanceof MongoEventStore) return new MongoAccessLog(events.db);
        mkdirSync(config.dataDir, { recursive: true });
        return new SqliteAccessLog(join(config.dataDir, 'events.db'));
      },
    },
    AuditReadRecorder,
    AccessLogLifecycle,
  ],
  exports: [ACCESS_LOG, AuditReadRecorder],
})
export class AccessLogModule {}
