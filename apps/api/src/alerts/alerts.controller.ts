import { Body, Controller, Get, Headers, HttpCode, Inject, Post, Query, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  ALERT_STORE,
  ALERTING_CONFIG,
  AlertFeed,
  alertSentence,
  alertTitle,
  presentAlert,
  presentAlertEvent,
  presentDelivery,
  severityAtLeast,
  type AlertingConfig,
  type AlertRecord,
  type AlertStore,
} from '@followup/alerting';
import { CLOCK, preferredLanguage, type AuthenticatedActor, type Clock } from '@followup/platform';
import { ApiError, CurrentActor, NotFoundError, Roles } from '@followup/runtime';
import { IdParam } from '../initiatives/http/id-param.pipe';
import { acknowledgementWrite } from './alert-acknowledgement';
import { AcknowledgeAlertDto, AlertStreamQuery, ListAlertsQuery } from './alerts.dto';

const DEFAULT_PAGE = 50;

@ApiTags('alerts')
@ApiBearerAuth()
@Controller('alerts')
export class AlertsController {
  constructor(
    @Inject(ALERT_STORE) private readonly store: AlertStore,
    @Inject(ALERTING_CONFIG) private readonly config: AlertingConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly feed: AlertFeed,
    private readonly commands: CommandBus,
  ) {}

  @Get()
  @Roles('leader', 'admin', 'caseworker')
  @ApiOperation({ summary: 'Alerts, newest first; initiativeId also matches alerts of its descendants' })
  @ApiOkResponse({ description: '{ items, nextCursor? }' })
  async list(@Query() query: ListAlertsQuery, @Headers('accept-language') acceptLanguage?: string) {
    const limit = query.limit ?? DEFAULT_PAGE;
    const before = query.cursor ? decodeCursor(query.cursor) : undefined;
    const page = await this.store.listAlerts(
      {
        ...(query.status ? { status: query.status } : {}),
        ...(query.initiativeId ? { initiativeId: query.initiativeId } : {}),
        ...(query.rule ? { rule: query.rule } : {}),
        ...(query.severity ? { severity: query.severity } : {}),
      },
      { limit: limit + 1, ...(before ? { before } : {}) },
    );
    const items = page.slice(0, limit);
    const last = items[items.length - 1];
    return {
      items: items.map((alert) => presentLocalised(alert, acceptLanguage)),
      ...(page.length > limit && last ? { nextCursor: encodeCursor(last) } : {}),
    };
  }

  /**
   * Server-Sent Events: `alert.raised`, `alert.resolved`, `alert.repeated`, `alert.restored`;
   * silenced alerts are not streamed.
   */
  @Get('stream')
  @Roles('leader', 'admin')
  @ApiOperation({
    summary: 'Server-Sent Events of new, resolved, repeated and restored alerts (keep-alive comments in between)',
  })
  @ApiProduces('text/event-stream')
  stream(@Query() query: AlertStreamQuery, @Req() request: FastifyRequest, @Res() reply: FastifyReply): void {
    void reply.hijack();
    const raw = reply.raw;
    raw.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    raw.write('retry: 3000\n: connected\n\n');
    let closed = false;
    const keepAlive = setInterval(() => raw.write(': keep-alive\n\n'), this.config.streamKeepAliveMs);
    const end = () => {
      if (closed) return;
      closed = true;
      clearInterval(keepAlive);
      unlisten();
      raw.end();
    };
    const unlisten = this.feed.listen((event) => {
      if (closed || event.silenced) return;
      if (query.initiativeId && !event.path.includes(query.initiativeId)) return;
      if (query.minSeverity && !severityAtLeast(event.severity, query.minSeverity)) return;
      raw.write(`id: ${event.id}\nevent: alert.${event.kind}\ndata: ${JSON.stringify(presentAlertEvent(event))}\n\n`);
    }, end);
    request.raw.on('close', end);
  }

  @Get(':id')
  @Roles('leader', 'admin', 'caseworker')
  @ApiOperation({ summary: 'One alert with its delivery log' })
  async get(@IdParam('id') id: string, @Headers('accept-language') acceptLanguage?: string) {
    const alert = await this.requireAlert(id);
    return { ...presentLocalised(alert, acceptLanguage), deliveries: await this.deliveries(alert.id) };
  }

  @Get(':id/deliveries')
  @Roles('leader', 'admin', 'caseworker')
  @ApiOperation({
    summary: 'Delivery log of an alert: per notification its status (pending, delivered, deadLetter) and every attempt',
  })
  async listDeliveries(@IdParam('id') id: string) {
    await this.requireAlert(id);
    return { items: await this.deliveries(id) };
  }

  @Post(':id/acknowledge')
  @HttpCode(200)
  @Roles('leader', 'admin')
  @ApiOperation({ summary: 'Acknowledge an open alert with a comment (and the decision that answers it)' })
  async acknowledge(
    @IdParam('id') id: string,
    @Body() body: AcknowledgeAlertDto,
    @CurrentActor() actor: AuthenticatedActor,
    @Req() request: FastifyRequest,
  ) {
    const alert = await this.requireAlert(id);
    if (alert.status !== 'open') throw notOpen(alert);
    const acknowledged = await this.store.acknowledge(id, {
      by: { sub: actor.sub, name: actor.name ?? null },
      at: this.clock.now().toISOString(),
      comment: body.comment,
      decisionId: body.decisionId ?? null,
    });
    if (!acknowledged) throw notOpen((await this.store.getAlert(id)) ?? alert);
    await this.commands.execute(acknowledgementWrite(acknowledged, actor, request));
    return presentAlert(acknowledged);
  }

  private async requireAlert(id: string): Promise<AlertRecord> {
    const alert = await this.store.getAlert(id);
    if (!alert) throw new NotFoundError('AlertNotFound', `Alert ${id} not found`);
    return alert;
  }

  private async deliveries(alertId: string) {
    const items = await this.store.listItemsOfAlert(alertId);
    const ids = [...new Set(items.map((i) => i.notificationId))];
    const [notifications, attempts] = await Promise.all([
      this.store.getNotifications(ids),
      this.store.listAttempts(ids),
    ]);
    const nowMs = Date.now();
    return notifications
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id))
      .map((n) =>
        presentDelivery(
          n,
          attempts.filter((a) => a.notificationId === n.id),
          nowMs,
        ),
      );
  }
}

function notOpen(alert: AlertRecord): ApiError {
  return new ApiError(409, `Alert ${alert.id} is ${alert.status}; only an open alert can be acknowledged`, {
    code: 'AlertNotOpen',
    status: alert.status,
  });
}

/** `raisedAt~id` of the last alert of the page (`CURSORS.instantAndId`, checked by the query DTO). */
const encodeCursor = (alert: AlertRecord) => `${alert.raisedAt}~${alert.id}`;
function decodeCursor(cursor: string): { raisedAt: string; id: string } {
  const separator = cursor.indexOf('~');
  return { raisedAt: cursor.slice(0, separator), id: cursor.slice(separator + 1) };
}

/**
 * The alert with a short `title` in the caller's language; with `Accept-Language: nn` its `message` is the
 * Nynorsk sentence too (title, initiative and due date).
 */
function presentLocalised(alert: AlertRecord, acceptLanguage: string | undefined) {
  const language = preferredLanguage(acceptLanguage);
  const presented = presentAlert(alert);
  return {
    ...presented,
    title: alertTitle(alert, language),
    ...(language === 'nn' ? { message: alertSentence(alert, 'nn') } : {}),
  };
}
