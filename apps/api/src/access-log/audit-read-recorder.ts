import {
  Inject,
  Injectable,
  UseInterceptors,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import { from, switchMap, type Observable } from 'rxjs';
import { ACCESS_LOG, type AccessLog } from '@followup/event-store';
import { CLOCK, type Clock } from '@followup/platform';
import type { RequestWithActor } from '@followup/runtime';

/** Records every authorised read of /audit/* before it is answered, the access log's own reads included. */
@Injectable()
export class AuditReadRecorder implements NestInterceptor {
  constructor(
    @Inject(ACCESS_LOG) private readonly log: AccessLog,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<RequestWithActor>();
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

/**
 * On every controller under /audit: the recorder runs there only, not as a global interceptor,
 * because Nest binds an async resource per interceptor and request, a cost every other route
 * would pay for nothing. The access-log e2e test reads every documented /audit/* route, so a
 * controller without it fails there.
 */
export const RecordsAuditReads = (): ClassDecorator => UseInterceptors(AuditReadRecorder);
