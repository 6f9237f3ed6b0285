/** Helpers for engine specs (test support only). */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { loadAlertingConfig, type AlertingConfig } from '@followup/platform';
import type { ReceivedRequest } from './receiver';
import { WebhookSender } from '../engine/senders';

/** Fast settings for tests: short windows, quick retries, small timeouts. */
export function testAlertingConfig(overrides: Partial<AlertingConfig> = {}): AlertingConfig {
  return {
    ...loadAlertingConfig({}),
    tickMs: 0,
    groupWaitMs: 100,
    dispatchIntervalMs: 20,
    retryBaseMs: 20,
    retryMaxMs: 200,
    webhookTimeoutMs: 1_000,
    leaseGraceMs: 500,
    viewWaitMs: 500,
    maxAttempts: 3,
    ...overrides,
  };
}

/** Checks `X-Followup-Signature: sha256=<hex>` against the exact body, as a receiver would. */
export function hasValidSignature(request: ReceivedRequest, secret: string): boolean {
  const header = request.headers['x-followup-signature'];
  if (typeof header !== 'string' || !header.startsWith('sha256=')) return false;
  const expected = createHmac('sha256', secret).update(request.body, 'utf8').digest();
  const given = Buffer.from(header.slice('sha256='.length), 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** Every alert event id carried by the requests (with repeats, if any were sent twice). */
export const eventIdsIn = (requests: readonly ReceivedRequest[]): string[] =>
  requests.flatMap((r) => ((r.json?.alerts ?? []) as Array<{ eventId: string }>).map((a) => a.eventId));

/** Test receivers listen on loopback, which webhooks may reach only when allowed. */
export const loopbackWebhooks = (): WebhookSender => new WebhookSender({ allow: ['127.0.0.1'] });
