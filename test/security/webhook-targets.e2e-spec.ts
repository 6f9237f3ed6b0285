import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { waitFor } from '@followup/messaging/testing/wait-for';
import { startApi, type ApiHarness } from '../support/api-harness';
import { expectStatus, fieldsOf, InitiativesClient } from '../support/initiatives-client';
import { alertEnv, notifier, waitForAlerts } from '../alerts/support/alerts';

alertEnv({
  ALERT_GROUP_WAIT_MS: '50',
  ALERT_DISPATCH_MS: '20',
  ALERT_RETRY_BASE_MS: '20',
  ALERT_MAX_ATTEMPTS: '2',
  ALERT_WEBHOOK_TIMEOUT_MS: '1000',
});

const SECRET = 'webhook-target-secret-0123456789';

describe('webhook targets', () => {
  let api: ApiHarness;
  let cw: InitiativesClient;
  let leader: InitiativesClient;
  let receiver: Server;
  let hits: number;
  let receiverUrl: string;

  beforeAll(async () => {
    hits = 0;
    receiver = createServer((req, res) => {
      hits++;
      req.resume();
      res.writeHead(500).end('internal detail: db password is hunter2');
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
  });
  afterAll(() => new Promise<void>((resolve) => receiver.close(() => resolve())));
  afterEach(() => api.dispose());

  async function start(allow: string): Promise<void> {
    api = await startApi({ now: '2025-03-10T12:00:00.000Z', env: { WEBHOOK_ALLOW: allow } });
    cw = await InitiativesClient.as(api, ['caseworker']);
    leader = await InitiativesClient.as(api, ['leader'], 'lena', 'Lena Leader');
  }

  const subscribe = (initiativeId: string, webhookUrl: string) =>
    leader.post('/alert-subscriptions', { initiativeId, webhookUrl, secret: SECRET });

  const REFUSED = [
    'http://127.0.0.1/hook',
    'http://localhost:8080/hook',
    'http://2130706433/hook',
    'http://127.1/hook',
    'http://0x7f.0.0.1/hook',
    'http://0177.0.0.1/hook',
    'http://0.0.0.0/hook',
    'http://10.1.2.3/hook',
    'http://172.20.0.1/hook',
    'http://192.168.0.10/hook',
    'http://100.100.0.1/hook',
    'http://169.254.169.254/latest/meta-data/',
    'http://224.0.0.251/hook',
    'http://[::1]/hook',
    'http://[::]/hook',
    'http://[fd00::1]/hook',
    'http://[fe80::1]/hook',
    'http://[::ffff:169.254.169.254]/hook',
    'http://[::ffff:127.0.0.1]/hook',
  ];

  it('refuses subscriptions to loopback, private, link-local, reserved and odd spellings with 422', async () => {
    await start('');
    const fa = await cw.activeInitiative({ kind: 'focusArea', title: 'Targets' });
    for (const url of REFUSED) {
      const res = await subscribe(fa, url);
      expect({ url, status: res.status, fields: fieldsOf(res), code: res.body.code }).toEqual({
        url,
        status: 422,
        fields: ['webhookUrl'],
        code: 'WebhookTargetRefused',
      });
    }
    expect((await expectStatus(leader.get('/alert-subscriptions'), 200)).body.items).toEqual([]);
  });

  it('accepts what WEBHOOK_ALLOW names, and public or not yet resolvable names', async () => {
    await start('127.0.0.1,10.0.0.0/8');
    const fa = await cw.activeInitiative({ kind: 'focusArea', title: 'Allowed' });
    await expectStatus(subscribe(fa, receiverUrl), 201);
    await expectStatus(subscribe(fa, 'http://10.20.30.40/hook'), 201);
    await expectStatus(subscribe(fa, 'https://hooks.example.invalid/followup'), 201);
    expect(fieldsOf(await expectStatus(subscribe(fa, 'http://192.168.1.1/hook'), 422))).toEqual(['webhookUrl']);
  });

  it('checks again at delivery; the log shows a status class, never the receiver text', async () => {
    await start('127.0.0.1');
    const fa = await cw.activeInitiative({ kind: 'focusArea', title: 'Rechecked' });
    await expectStatus(subscribe(fa, receiverUrl), 201);
    const proj = await cw.activeInitiative({ kind: 'project', title: 'Rechecked project', parentId: fa });
    await cw.planMilestone(proj, { title: 'Overdue', dueAt: '2025-03-01T00:00:00Z' });
    await notifier(api).evaluateNow();
    const [alert] = await waitForAlerts(leader, `status=open&initiativeId=${fa}`, [
      'milestone.overdue:critical/2025-03-01',
    ]);
    type Attempt = { outcome: string; statusCode?: number; error?: string };
    const attempts = () =>
      waitFor(
        async () => {
          const items = (await expectStatus(leader.get(`/alerts/${alert!.id}/deliveries`), 200)).body.items as Array<{
            status: string;
            attempts: Attempt[];
          }>;
          return items.length > 0 && items[0]!.status === 'deadLetter' ? items[0]!.attempts : null;
        },
        { timeoutMs: 10_000, what: 'the delivery to be given up' },
      );
    const first = await attempts();
    expect(first[0]).toMatchObject({ outcome: 'failure', statusCode: 500, error: 'HTTP 500' });
    expect(JSON.stringify(first)).not.toContain('hunter2');
    expect(hits).toBeGreaterThan(0);
  });

  it('refuses at delivery a target the allow list no longer names', async () => {
    await start('127.0.0.1');
    const fa = await cw.activeInitiative({ kind: 'focusArea', title: 'Revoked' });
    await expectStatus(subscribe(fa, receiverUrl), 201);
    // The operator narrows WEBHOOK_ALLOW and restarts; the stored subscription is vetted again at delivery.
    const dataDir = api.dataDir;
    await api.close();
    api = await startApi({ dataDir, now: '2025-03-10T12:00:00.000Z', env: { WEBHOOK_ALLOW: '' } });
    cw = await InitiativesClient.as(api, ['caseworker']);
    leader = await InitiativesClient.as(api, ['leader'], 'lena', 'Lena Leader');
    const before = hits;
    const proj = await cw.activeInitiative({ kind: 'project', title: 'Revoked project', parentId: fa });
    await cw.planMilestone(proj, { title: 'Overdue', dueAt: '2025-03-01T00:00:00Z' });
    await notifier(api).evaluateNow();
    const [alert] = await waitForAlerts(leader, `status=open&initiativeId=${fa}`, [
      'milestone.overdue:critical/2025-03-01',
    ]);
    const delivery = await waitFor(
      async () => {
        const items = (await expectStatus(leader.get(`/alerts/${alert!.id}/deliveries`), 200)).body.items;
        return items[0]?.status === 'deadLetter' ? items[0] : null;
      },
      { timeoutMs: 10_000, what: 'the refused delivery to be given up' },
    );
    expect(delivery.attempts.map((a: { error?: string }) => a.error)).toEqual(['refused', 'refused']);
    expect(hits).toBe(before);
  });
});
