import { createServer, type Server } from 'node:http';
import { waitFor } from '@followup/messaging/testing/wait-for';
import type { ProductionStack } from '../../production/support/stack';

/** One webhook request as the receiver saw it. */
export interface Reception {
  readonly deliveryId: string;
  readonly attempt: number;
  readonly eventIds: readonly string[];
  readonly alertIds: readonly string[];
  /** The status the receiver answered: 2xx accepted the delivery. */
  readonly status: number;
}

/**
 * A subscriber's webhook endpoint on loopback. It records every request and accepts it (200),
 * except the first attempt of every `refuseEvery`-th delivery, which it answers 503, so the
 * notifier's retries are exercised too.
 */
export class WebhookReceiver {
  readonly receptions: Reception[] = [];
  private server: Server | null = null;
  private deliveries = 0;
  port = 0;

  constructor(private readonly refuseEvery = 5) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}/alerts`;
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as {
          alerts?: Array<{ eventId: string; alert: { id: string } }>;
        };
        const attempt = Number(req.headers['x-followup-attempt'] ?? 1);
        if (attempt === 1) this.deliveries++;
        const status = attempt === 1 && this.deliveries % this.refuseEvery === 0 ? 503 : 200;
        this.receptions.push({
          deliveryId: String(req.headers['x-followup-delivery'] ?? ''),
          attempt,
          eventIds: (body.alerts ?? []).map((a) => a.eventId),
          alertIds: (body.alerts ?? []).map((a) => a.alert.id),
          status,
        });
        res.writeHead(status).end();
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    const address = this.server.address();
    this.port = typeof address === 'object' && address ? address.port : 0;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

export interface AlertCounts {
  /** Alert documents (one per key and occurrence). */
  raised: number;
  /** Webhook notifications the store records as delivered. */
  delivered: number;
  /** Alert events the receiver accepted, each counted once. */
  eventsReceived: number;
  /** Requests the receiver refused (503) and the notifier retried. */
  refusedAndRetried: number;
  /** A delivery accepted again under its own id after the notifier died before recording the answer. */
  redelivered: number;
  /** Alert raised twice, or an alert event accepted in two deliveries: must be 0. */
  duplicated: number;
}

interface AttemptRow {
  notificationId: string;
  finished: boolean;
  ok: boolean | null;
}

/**
 * What "no alert raised twice and none delivered twice" means here:
 * - the store holds one alert per (key, occurrence) and at most one open alert per key;
 * - each webhook notification has at most one attempt the store records as successful;
 * - the receiver accepts (2xx) each alert event in one delivery only. A delivery id may be seen
 *   again after an attempt that failed (refused by the receiver, or never recorded because the
 *   notifier was killed meanwhile): that is the documented at-least-once retry with the same
 *   X-Followup-Delivery, which receivers deduplicate. Accepted twice under that id is counted as
 *   `redelivered`, a duplicate only when the store had recorded the first one as successful.
 */
export async function checkAlerts(
  stack: ProductionStack,
  receiver: WebhookReceiver,
  problems: string[],
): Promise<AlertCounts> {
  const db = stack.db();
  const webhook = { channel: 'webhook' };
  await waitFor(
    async () => (await db.collection('alert_notifications').countDocuments({ ...webhook, done: false })) === 0,
    {
      timeoutMs: 120_000,
      intervalMs: 500,
      what: 'every webhook notification to be delivered',
    },
  ).catch(() => problems.push('webhook notifications still pending after 120 s'));

  const alerts = await db
    .collection<{ key: string; occurrence: number; status: string }>('alerts')
    .find({}, { projection: { _id: 0, key: 1, occurrence: 1, status: 1 } })
    .toArray();
  let duplicated = 0;
  const seen = new Set<string>();
  const open = new Map<string, number>();
  for (const alert of alerts) {
    const id = `${alert.key}#${alert.occurrence}`;
    if (seen.has(id)) (duplicated++, problems.push(`alert ${id} raised twice`));
    seen.add(id);
    if (alert.status === 'open') open.set(alert.key, (open.get(alert.key) ?? 0) + 1);
  }
  for (const [key, n] of open) if (n > 1) (duplicated++, problems.push(`alert ${key} open ${n} times`));

  const notifications = await db
    .collection<{ _id: string; outcome: string | null }>('alert_notifications')
    .find(webhook)
    .toArray();
  const ids = new Set(notifications.map((n) => n._id));
  const attempts = (await db.collection<AttemptRow>('alert_delivery_attempts').find({}).toArray()).filter((a) =>
    ids.has(a.notificationId),
  );
  const okAttempts = new Map<string, number>();
  for (const a of attempts) if (a.ok) okAttempts.set(a.notificationId, (okAttempts.get(a.notificationId) ?? 0) + 1);
  for (const [id, n] of okAttempts) if (n > 1) (duplicated++, problems.push(`notification ${id} delivered ${n} times`));
  const deadLetters = notifications.filter((n) => n.outcome === 'deadLetter').length;
  if (deadLetters > 0) problems.push(`${deadLetters} webhook notifications dead-lettered`);

  const accepted = receiver.receptions.filter((r) => r.status >= 200 && r.status < 300);
  const deliveriesOfEvent = new Map<string, Set<string>>();
  const acceptedPerDelivery = new Map<string, number>();
  for (const r of accepted) {
    acceptedPerDelivery.set(r.deliveryId, (acceptedPerDelivery.get(r.deliveryId) ?? 0) + 1);
    for (const e of r.eventIds) deliveriesOfEvent.set(e, (deliveriesOfEvent.get(e) ?? new Set()).add(r.deliveryId));
  }
  for (const [eventId, deliveries] of deliveriesOfEvent)
    if (deliveries.size > 1)
      (duplicated++, problems.push(`alert event ${eventId} accepted in ${deliveries.size} deliveries`));
  let redelivered = 0;
  for (const [deliveryId, n] of acceptedPerDelivery) {
    if (n < 2) continue;
    if ((okAttempts.get(deliveryId) ?? 0) > 1) continue; // already counted as a duplicate above
    redelivered += n - 1;
  }
  const delivered = notifications.filter((n) => n.outcome === 'delivered').length;
  if (delivered === 0) problems.push('no webhook notification was delivered');
  if (acceptedPerDelivery.size !== delivered)
    problems.push(
      `the store records ${delivered} delivered notifications, the receiver accepted ${acceptedPerDelivery.size}`,
    );
  return {
    raised: alerts.length,
    delivered,
    eventsReceived: deliveriesOfEvent.size,
    refusedAndRetried: receiver.receptions.filter((r) => r.status === 503).length,
    redelivered,
    duplicated,
  };
}
