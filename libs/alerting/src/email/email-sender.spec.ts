import { alertRecord, eventRecord, notificationRecord, subscriptionRecord } from '../testing/records';
import { composeAlertEmail, EmailSender, type MailMessage } from './email-sender';

describe('alert e-mail', () => {
  const overdue = eventRecord(alertRecord());
  const offTrack = eventRecord(
    alertRecord({ rule: 'indicator.offTrack', subjectId: 'i1', subjectTitle: 'Ridership', dueAt: null }),
    'resolved',
  );

  it('titles a single alert by its rule and subject, in English by default', () => {
    const mail = composeAlertEmail([overdue], { language: 'en', digest: false });
    expect(mail.subject).toBe('Milestone "Pilot done" is overdue');
    expect(mail.text).toContain('- [critical] Milestone "Pilot done" is overdue (in "A project", due 2025-03-01)');
  });

  it('counts a group in the subject and lists every alert, resolved ones marked', () => {
    const mail = composeAlertEmail([overdue, offTrack], { language: 'nn', digest: false });
    expect(mail.subject).toBe(
      '2 varsel: Milepælen «Pilot done» er forseinka; Løyst: Indikatoren «Ridership» er ikkje i rute',
    );
    expect(mail.text).toContain('Løyst: Indikatoren «Ridership» er ikkje i rute (i «A project»)');
  });

  it('calls a weekly digest by its name', () => {
    expect(composeAlertEmail([overdue, offTrack], { language: 'nn', digest: true }).subject).toBe(
      'Vekeoversikt over varsel (2)',
    );
    expect(composeAlertEmail([overdue], { language: 'en', digest: true }).subject).toBe('Weekly alert digest (1)');
  });

  it('sends to the subscription address with a message id stable across retries', async () => {
    const sent: MailMessage[] = [];
    const sender = new EmailSender({ send: async (message) => void sent.push(message) }, 'varsel@fylke.example');
    const outgoing = {
      notification: notificationRecord({ id: 'dg:sub-1:2900', channel: 'email' }),
      events: [overdue],
      attempt: 1,
      subscription: subscriptionRecord({ email: 'lena@fylke.example', language: 'nn', digest: 'weekly' }),
      signal: new AbortController().signal,
      sentAt: '2025-03-02T00:00:00.000Z',
    };
    expect(await sender.send(outgoing)).toEqual({ ok: true, statusCode: null, error: null });
    expect(sent[0]).toMatchObject({
      from: 'varsel@fylke.example',
      to: 'lena@fylke.example',
      subject: 'Vekeoversikt over varsel (1)',
      messageId: '<dg.sub-1.2900@followup>',
    });
    const without = await sender.send({ ...outgoing, subscription: subscriptionRecord() });
    expect(without.ok).toBe(false);
  });
});
