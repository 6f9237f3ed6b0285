import { createHmac } from 'node:crypto';
import type { AlertEventRecord, NotificationRecord, SubscriptionRecord } from '../model';
import { presentAlertEvent } from '../present';
import { WebhookAddressPolicy, WebhookTargetRefused, type Resolver } from '../webhook/address-policy';
import { postToVettedTarget } from '../webhook/post';

export * from '../webhook/address-policy';

export interface SendResult {
  readonly ok: boolean;
  readonly statusCode: number | null;
  readonly error: string | null;
}

export interface OutgoingNotification {
  readonly notification: NotificationRecord;
  readonly events: readonly AlertEventRecord[];
  readonly attempt: number;
  readonly subscription: SubscriptionRecord | null;
  /** Aborted when the attempt times out or the process stops. */
  readonly signal: AbortSignal;
  readonly sentAt: string;
}

/** Delivers one notification once; throwing counts as a failed attempt. */
export interface NotificationSender {
  send(outgoing: OutgoingNotification): Promise<SendResult>;
}

export const SIGNATURE_HEADER = 'x-followup-signature';
export const TIMESTAMP_HEADER = 'x-followup-timestamp';
export const DELIVERY_HEADER = 'x-followup-delivery';
export const ATTEMPT_HEADER = 'x-followup-attempt';

/** `sha256=<hex HMAC-SHA256 of the exact body>` with the subscription's secret. */
export const signBody = (body: string, secret: string): string =>
  `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;

/** The JSON body of a webhook notification: the group of alert events, oldest first. */
export function webhookBody(outgoing: Omit<OutgoingNotification, 'signal'>): string {
  const { notification, events, subscription, attempt, sentAt } = outgoing;
  return JSON.stringify({
    deliveryId: notification.id,
    subscriptionId: subscription?.id ?? null,
    initiativeId: subscription?.initiativeId ?? null,
    attempt,
    sentAt,
    alerts: events.map(presentAlertEvent),
  });
}

/**
 * POSTs the notification as JSON with `X-Followup-Signature` (HMAC of the exact body),
 * `X-Followup-Timestamp` (seconds), `X-Followup-Delivery` (stable across retries, for
 * receivers that deduplicate) and `X-Followup-Attempt`. A 2xx answer is success; redirects are
 * not followed. The target is vetted again on every attempt (WEBHOOK_ALLOW) and the request goes to
 * the address that was checked. Failures are recorded as a class (`HTTP <status>`, `network`,
 * `refused`), never with the receiver's body or error text.
 */
export class WebhookSender implements NotificationSender {
  private policy: { readonly allow: string; readonly policy: WebhookAddressPolicy } | null = null;

  /** `allow`: WEBHOOK_ALLOW entries; by default read from the environment when sending. */
  constructor(private readonly options: { readonly allow?: readonly string[]; readonly resolver?: Resolver } = {}) {}

  async send(outgoing: OutgoingNotification): Promise<SendResult> {
    const subscription = outgoing.subscription;
    if (!subscription?.webhookUrl)
      return { ok: false, statusCode: null, error: 'the subscription no longer exists or has no webhook' };
    const body = webhookBody(outgoing);
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'user-agent': 'followup-notifier/1',
      [TIMESTAMP_HEADER]: String(Math.floor(Date.parse(outgoing.sentAt) / 1000)),
      [DELIVERY_HEADER]: outgoing.notification.id,
      [ATTEMPT_HEADER]: String(outgoing.attempt),
    };
    if (subscription.secret) headers[SIGNATURE_HEADER] = signBody(body, subscription.secret);
    let status: number;
    try {
      const target = await this.addressPolicy().vet(subscription.webhookUrl);
      status = await postToVettedTarget(target, { headers, body, signal: outgoing.signal });
    } catch (error) {
      if (outgoing.signal.aborted) throw error;
      return { ok: false, statusCode: null, error: deliveryErrorClass(error) };
    }
    const ok = status >= 200 && status < 300;
    return { ok, statusCode: status, error: ok ? null : `HTTP ${status}` };
  }

  private addressPolicy(): WebhookAddressPolicy {
    const allow = this.options.allow ?? [];
    const key = allow.join(',');
    if (this.policy?.allow !== key) {
      this.policy = { allow: key, policy: new WebhookAddressPolicy(allow, this.options.resolver) };
    }
    return this.policy.policy;
  }
}

/** What the delivery log says about a failed attempt: a class, not the receiver's error text. */
export const deliveryErrorClass = (error: unknown): 'refused' | 'network' =>
  error instanceof WebhookTargetRefused && !error.unresolved ? 'refused' : 'network';
