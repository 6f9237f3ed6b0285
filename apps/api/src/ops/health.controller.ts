import { Controller, Get, Inject } from '@nestjs/common';
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
