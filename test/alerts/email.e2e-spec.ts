import { waitFor } from '@followup/messaging/testing/wait-for';
import { startApi, type ApiHarness } from '../support/api-harness';
import { expectStatus, InitiativesClient } from '../support/initiatives-client';
import { alertEnv, notifier, waitForAlerts } from './support/alerts';
import { startSmtpSink, type SmtpSink } from './support/smtp-sink';

/*
 * Alert e-mail end to end: a local SMTP server, subscriptions with `email` made over the API,
 * alerts raised by the embedded notifier and sent through nodemailer, one message per alert group.
 */
alertEnv({
  ALERT_GROUP_WAIT_MS: '150',
  ALERT_DISPATCH_MS: '20',
  ALERT_RETRY_BASE_MS: '50',
  ALERT_MAX_ATTEMPTS: '3',
  ALERT_WEBHOOK_TIMEOUT_MS: '3000',
  ALERT_LEASE_GRACE_MS: '1000',
});

describe('alert e-mail (embedded mode, local SMTP server)', () => {
  let smtp: SmtpSink;
  let api: ApiHarness;
  let cw: InitiativesClient;
  let leader: InitiativesClient;

  beforeEach(async () => {
    smtp = await startSmtpSink();
    api = await startApi({
      now: '2025-03-10T12:00:00.000Z',
      env: { SMTP_URL: smtp.url, SMTP_FROM: 'Oppfølging <varsel@fylke.example>' },
    });
    cw = await InitiativesClient.as(api, ['caseworker']);
    leader = await InitiativesClient.as(api, ['leader'], 'lena', 'Lena Leader');
  });
  afterEach(async () => {
    await api.dispose();
    await smtp.close();
  });

  /** A focus area with a project whose three milestones fall due together on 2025-05-01..03. */
  async function overdueMilestones(subscription: Record<string, unknown>, headers: Record<string, string> = {}) {
    const fa = await cw.activeInitiative({ kind: 'focusArea', title: 'Ferries' });
    const created = await expectStatus(
      leader.post('/alert-subscriptions', { initiativeId: fa, ...subscription }, headers),
      201,
    );
    const proj = await cw.activeInitiative({ kind: 'project', title: 'Ferry project', parentId: fa });
    for (const day of ['01', '02', '03'])
      await cw.planMilestone(proj, { title: `Ferry M${day}`, dueAt: `2025-05-${day}T00:00:00Z` });
    api.clock.set('2025-05-10T12:00:00.000Z');
    await notifier(api).evaluateNow();
    const alerts = await waitForAlerts(leader, `status=open&initiativeId=${fa}`, [
      'milestone.overdue:critical/2025-05-01',
      'milestone.overdue:critical/2025-05-02',
      'milestone.overdue:critical/2025-05-03',
    ]);
    return { fa, alerts, subscription: created.body };
  }

  it('sends one message per alert group to the address, with the alert titles', async () => {
    const { alerts, subscription } = await overdueMilestones({ email: 'lena@fylke.example' });
    expect(subscription).toMatchObject({ email: 'lena@fylke.example' });
    expect(subscription.digest).toBeUndefined();

    await waitFor(
      () =>
        smtp.mails
          .map((m) => m.text)
          .join('')
          .split('Ferry M').length -
          1 >=
        3,
      {
        what: 'three alerts mailed',
      },
    );
    // Raised in one evaluation, they share one grouping window (two when it straddles a boundary).
    expect(smtp.mails.length).toBeLessThanOrEqual(2);
    for (const mail of smtp.mails) {
      expect(mail.to).toEqual(['lena@fylke.example']);
      expect(mail.raw).toMatch(/^From: .*varsel@fylke\.example/im);
    }
    const text = smtp.mails.map((m) => `${m.subject}\n${m.text}`).join('\n');
    for (const day of ['01', '02', '03']) expect(text).toContain(`Milestone "Ferry M${day}" is overdue`);
    expect(text).toContain('(in "Ferry project", due 2025-05-0');

    const detail = (await expectStatus(leader.get(`/alerts/${alerts[0]!.id}`), 200)).body;
    await waitFor(async () => {
      const deliveries = (await expectStatus(leader.get(`/alerts/${alerts[0]!.id}/deliveries`), 200)).body.items;
      return deliveries.some((d: any) => d.channel === 'email' && d.status === 'delivered');
    });
    expect(detail.id).toBe(alerts[0]!.id);
  });

  it('writes in Nynorsk to a leader who subscribed with Accept-Language: nn', async () => {
    await overdueMilestones({ email: 'lena@fylke.example' }, { 'accept-language': 'nn-NO, en;q=0.5' });
    await waitFor(
      () =>
        smtp.mails
          .map((m) => m.text)
          .join('')
          .split('Ferry M').length -
          1 >=
        3,
      {
        what: 'three alerts mailed',
      },
    );
    const text = smtp.mails.map((m) => `${m.subject}\n${m.text}`).join('\n');
    expect(text).toContain('Milepælen «Ferry M01» er forseinka');
    expect(text).toContain('Nye varsel i initiativa du følgjer');
    expect(text).toContain('(i «Ferry project», frist 2025-05-01)');
  });

  it('with digest weekly, gathers the alerts into one message due at the end of the week', async () => {
    const { alerts, subscription } = await overdueMilestones({ email: 'lena@fylke.example', digest: 'weekly' });
    expect(subscription).toMatchObject({ email: 'lena@fylke.example', digest: 'weekly' });
    const notificationIds = new Set<string>();
    for (const alert of alerts) {
      const deliveries = await waitFor(async () => {
        const items = (await expectStatus(leader.get(`/alerts/${alert.id}/deliveries`), 200)).body.items;
        return items.length > 0 ? items : null;
      });
      expect(deliveries).toEqual([expect.objectContaining({ channel: 'email', status: 'pending' })]);
      notificationIds.add(deliveries[0].notificationId);
    }
    expect([...notificationIds]).toEqual([expect.stringMatching(/^dg:/)]);
    expect(smtp.mails).toHaveLength(0);
  });

  it('refuses a digest without e-mail, and an address that is not one', async () => {
    const fa = await cw.activeInitiative({ kind: 'focusArea' });
    const noEmail = await expectStatus(
      leader.post('/alert-subscriptions', { initiativeId: fa, digest: 'weekly' }),
      400,
    );
    expect(JSON.stringify(noEmail.body.details)).toContain('email');
    await expectStatus(leader.post('/alert-subscriptions', { initiativeId: fa, email: 'not-an-address' }), 400);
    await expectStatus(
      leader.post('/alert-subscriptions', { initiativeId: fa, digest: 'daily', email: 'a@b.no' }),
      400,
    );
  });
});
