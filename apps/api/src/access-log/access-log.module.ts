import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  Controller,
  Get,
  Inject,
  Injectable,
  Module,
  Query,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { from, switchMap, type Observable } from 'rxjs';
import {
  ACCESS_LOG,
  EVENT_STORE,
  MongoAccessLog,
  MongoEventStore,
  SqliteAccessLog,
  type AccessLog,
  type EventStore,
} from '@followup/event-store';
import { APP_CONFIG, CLOCK, type AppConfig, type AuthenticatedActor, type Clock } from '@followup/platform';
import { Roles } from '@followup/runtime';
import { decodeOffset, encodeOffset } from '../history/audit-scope';
import { CURSORS, PageQuery } from '../paging/page-query';

class AccessLogQuery extends PageQuery(100, 500, CURSORS.offset) {}

/** Records every authorised read of /audit/* before it is answered, the access log's own reads included. */
@Injectable()
class AuditReadRecorder implements NestInterceptor {
  constructor(
    @Inject(ACCESS_LOG) private readonly log: AccessLog,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<FastifyRequest & { actor?: AuthenticatedActor }>();
    const path = request.url.split('?')[0] ?? '';
    if (request.method !== 'GET' || !path.startsWith('/audit/') || !request.actor) return next.handle();
    const { sub, name, roles } = request.actor;
    const record = this.log.record({
      at: this.clock.now().toISOString(),
      actor: { sub, name: name ?? null, roles: [...roles] },
      path,
      query: { ...(request.query as Record<string, unknown>) },
    });
    return from(record).pipe(switchMap(() => next.handle()));
  }
}

@ApiTags('audit')
@ApiBearerAuth()
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

/** The access log sits beside the events: a collection of the same MongoDB database, or a table of events.db. */
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
    { provide: APP_INTERCEPTOR, useClass: AuditReadRecorder },
    AccessLogLifecycle,
  ],
})
export class AccessLogModule {}
