import { Controller, Get, Header, Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { collectDefaultMetrics, Gauge, Registry } from 'prom-client';
import { EVENT_STORE, type EventStore } from '@followup/event-store';
import { OutboxRelay, Public } from '@followup/runtime';

/** Prometheus metrics: process defaults plus the event pipeline's progress. */
@Injectable()
export class MetricsRegistry implements OnModuleInit {
  readonly registry = new Registry();

  constructor(
    @Inject(EVENT_STORE) private readonly events: EventStore,
    private readonly relay: OutboxRelay,
  ) {}

  onModuleInit(): void {
    collectDefaultMetrics({ register: this.registry, prefix: 'followup_' });
    const events = this.events;
    const relay = this.relay;
    new Gauge({
      name: 'followup_event_store_head_position',
      help: 'Highest global position in the event store',
      registers: [this.registry],
      async collect() {
        this.set(await events.headPosition());
      },
    });
    new Gauge({
      name: 'followup_outbox_pending_commits',
      help: 'Commits stored but not yet published to the bus (capped at 1000)',
      registers: [this.registry],
      async collect() {
        this.set(await events.countUnpublished(1000));
      },
    });
    new Gauge({
      name: 'followup_outbox_published_events',
      help: 'Events this process has published to the bus since it started',
      registers: [this.registry],
      collect() {
        this.set(relay.publishedCount);
      },
    });
  }
}

@ApiExcludeController()
@Public()
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: MetricsRegistry) {}

  @Get()
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  scrape(): Promise<string> {
    return this.metrics.registry.metrics();
  }
}
