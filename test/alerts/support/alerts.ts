import { AlertingService } from '@followup/runtime';
import { waitFor } from '@followup/messaging/testing/wait-for';
import type { ApiHarness } from '../../support/api-harness';
import { expectStatus, type InitiativesClient } from '../../support/initiatives-client';

/**
 * Alerting settings for a test file; the harness passes the ALERT_* variables of the
 * environment to `loadConfig` when the app is built (each jest file has its own process.env).
 */
export function alertEnv(env: Record<string, string>): void {
  Object.assign(process.env, { ALERT_TICK_MS: '0', ...env });
}

/** The notifier running inside the embedded API. */
export const notifier = (api: ApiHarness): AlertingService => api.app.get(AlertingService);

export interface AlertItem {
  id: string;
  rule: string;
  severity: string;
  initiativeId: string;
  subjectId: string;
  status: string;
  raisedAt: string;
  dueAt?: string;
  resolvedAt?: string;
  silenced: boolean;
  message: string;
  acknowledgedBy?: { sub: string; name: string | null };
  acknowledgedAt?: string;
  acknowledgement?: { comment: string; decisionId?: string };
}

/** All alerts matching a query string (follows nextCursor). */
export async function listAlerts(client: InitiativesClient, query = ''): Promise<AlertItem[]> {
  const items: AlertItem[] = [];
  let cursor: string | undefined;
  for (;;) {
    const separator = query ? '&' : '';
    const path = `/alerts?${query}${cursor ? `${separator}cursor=${cursor}` : ''}`;
    const body = (await expectStatus(client.get(path), 200)).body as { items: AlertItem[]; nextCursor?: string };
    items.push(...body.items);
    if (!body.nextCursor) return items;
    cursor = body.nextCursor;
  }
}

/** `rule[/dueDay]` of each alert, sorted: a compact picture of what exists. */
export const describeAlerts = (alerts: readonly AlertItem[]): string[] =>
  alerts.map((a) => `${a.rule}:${a.severity}${a.dueAt ? `/${a.dueAt.slice(0, 10)}` : ''}`).sort();

/** Polls until the alerts of a subtree with `status` look as expected (event-driven evaluation is asynchronous). */
export async function waitForAlerts(
  client: InitiativesClient,
  query: string,
  expected: string[],
  what = query,
): Promise<AlertItem[]> {
  let last: AlertItem[] = [];
  try {
    return await waitFor(
      async () => {
        last = await listAlerts(client, query);
        return JSON.stringify(describeAlerts(last)) === JSON.stringify([...expected].sort()) ? last : null;
      },
      { timeoutMs: 10_000, what: `alerts ${what}` },
    );
  } catch (error) {
    throw new Error(
      `${(error as Error).message}; last seen: ${JSON.stringify(describeAlerts(last))}, expected ${JSON.stringify([...expected].sort())}`,
    );
  }
}
