import { Controller, Get, Inject, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { EVENT_STORE, type EventStore } from '@followup/event-store';
import { MESSAGE_BUS, type MessageBus } from '@followup/messaging';
import { READ_MODEL_STORE, type ReadModelStore } from '@followup/read-model';
import { APP_CONFIG, type AppConfig } from '@followup/platform';
import { Public } from '@followup/runtime';

const within = <T>(promise: Promise<T>, ms: number) =>
  Promise.race([
    promise,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms).unref()),
  ]);

@ApiTags('operations')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(READ_MODEL_STORE) private readonly views: ReadModelStore,
    @Inject(MESSAGE_BUS) private readonly bus: MessageBus,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Liveness: the process serves HTTP (writes keep working through a broker outage). */
  @Get('live')
  live() {
    return { status: 'ok' };
  }

  /**
   * Readiness for a load balancer: which dependency answers. 503 only when a required one is down
   * (event store, read models); a broker outage leaves writes working (the outbox keeps the
   * commits), so `bus: "down"` alone still answers 200.
   */
  @Get('ready')
  async ready(@Res({ passthrough: true }) reply: FastifyReply) {
    const state = async (ping: () => Promise<void>): Promise<'up' | 'down'> => {
      try {
        await within(ping(), 3000);
        return 'up';
      } catch {
        return 'down';
      }
    };
    const [eventStore, readModel, bus] = await Promise.all([
      state(() => this.events.ping()),
      state(() => this.views.ping()),
      state(() => this.bus.ping()),
    ]);
    const ready = eventStore === 'up' && readModel === 'up';
    if (!ready) void reply.status(503).header('Retry-After', '1');
    return {
      status: ready ? (bus === 'up' ? 'ok' : 'degraded') : 'unavailable',
      checks: { eventStore, readModel, bus },
    };
  }

  /** Readiness: the event store, the read models and the broker each answer. */
  @Get()
  @HealthCheck()
  check() {
    const probe = (key: string, detail: Record<string, string>, ping: () => Promise<void>) => async () => {
      const indicator = this.indicators.check(key);
      try {
        await within(ping(), 3000);
        return indicator.up(detail);
      } catch (error) {
        return indicator.down({ ...detail, error: (error as Error).message });
      }
    };
    return this.health.check([
      probe('eventStore', { adapter: this.config.storage }, () => this.events.ping()),
      probe('readModels', { adapter: this.config.storage }, () => this.views.ping()),
      probe('broker', { adapter: this.config.bus }, () => this.bus.ping()),
    ]);
  }
}
