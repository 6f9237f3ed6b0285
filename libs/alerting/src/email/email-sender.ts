import type { MessageLanguage } from '@followup/platform';
import { alertTitle, alertWhere } from '../alert-titles';
import type { SendResult, NotificationSender, OutgoingNotification } from '../engine/senders';
import type { AlertEventRecord } from '../model';

/** One e-mail as the mail transport sends it. */
export interface MailMessage {
  readonly from: string;
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  /** Stable across retries, so a mail system can recognise a message sent twice. */
  readonly messageId: string;
  readonly headers: Readonly<Record<string, string>>;
}

/** The port to an SMTP server (runtime wires nodemailer); throwing counts as a failed attempt. */
export interface MailTransport {
  send(message: MailMessage, signal: AbortSignal): Promise<void>;
}

const WORDS: Record<MessageLanguage, Record<'alerts' | 'digest' | 'intro' | 'digestIntro' | 'footer', string>> = {
  en: {
    alerts: 'alerts',
    digest: 'Weekly alert digest',
    intro: 'New alerts in the initiatives you follow:',
    digestIntro: 'Alerts of the past week in the initiatives you follow:',
    footer: 'You receive this because you subscribed to alerts of this initiative and everything beneath it.',
  },
  nn: {
    alerts: 'varsel',
    digest: 'Vekeoversikt over varsel',
    intro: 'Nye varsel i initiativa du følgjer:',
    digestIntro: 'Varsel frå den siste veka i initiativa du følgjer:',
    footer: 'Du får denne e-posten fordi du abonnerer på varsel for dette initiativet og alt som ligg under det.',
  },
};

/** Subject and text of one notification: a group of alert events, or a weekly digest. */
export function composeAlertEmail(
  events: readonly AlertEventRecord[],
  options: { readonly language: MessageLanguage; readonly digest: boolean },
): { subject: string; text: string } {
  const words = WORDS[options.language];
  const first = events[0];
  const subject = options.digest
    ? `${words.digest} (${events.length})`
    : events.length === 1 && first
      ? alertTitle(first.alert, options.language, first.kind)
      : `${events.length} ${words.alerts}: ${events.map((e) => alertTitle(e.alert, options.language, e.kind)).join('; ')}`;
  const lines = events.map((event) => {
    const title = alertTitle(event.alert, options.language, event.kind);
    return `- [${event.alert.severity}] ${title}${alertWhere(event.alert, options.language)}\n  ${event.alert.message}`;
  });
  const text = [options.digest ? words.digestIntro : words.intro, '', ...lines, '', words.footer, ''].join('\n');
  return { subject: subject.length > 250 ? `${subject.slice(0, 247)}...` : subject, text };
}

/** Sends a subscription's group of alert events (or its weekly digest) as one e-mail. */
export class EmailSender implements NotificationSender {
  constructor(
    private readonly transport: MailTransport,
    private readonly from: string,
  ) {}

  async send(outgoing: OutgoingNotification): Promise<SendResult> {
    const subscription = outgoing.subscription;
    if (!subscription?.email)
      return { ok: false, statusCode: null, error: 'the subscription no longer exists or has no e-mail address' };
    const { subject, text } = composeAlertEmail(outgoing.events, {
      language: subscription.language ?? 'en',
      digest: outgoing.notification.id.startsWith(DIGEST_PREFIX),
    });
    await this.transport.send(
      {
        from: this.from,
        to: subscription.email,
        subject,
        text,
        messageId: `<${outgoing.notification.id.replace(/[^A-Za-z0-9.-]/g, '.')}@followup>`,
        headers: { 'X-Followup-Delivery': outgoing.notification.id },
      },
      outgoing.signal,
    );
    return { ok: true, statusCode: null, error: null };
  }
}

/** Notification ids: `em:<subscription>:<window>` for a group, `dg:<subscription>:<week>` for a digest. */
export const EMAIL_PREFIX = 'em:';
export const DIGEST_PREFIX = 'dg:';
