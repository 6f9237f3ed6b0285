import { createTransport, type Transporter } from 'nodemailer';
import type { MailMessage, MailTransport } from '@followup/alerting';
import type { MailConfig } from '@followup/platform';

/** Alert e-mail through the SMTP server at SMTP_URL (nodemailer); one connection per message. */
export class SmtpMailTransport implements MailTransport {
  private readonly transporter: Transporter;

  constructor(smtpUrl: string) {
    this.transporter = createTransport(smtpUrl);
  }

  async send(message: MailMessage, signal: AbortSignal): Promise<void> {
    if (signal.aborted) throw signal.reason;
    const sending = this.transporter.sendMail({
      from: message.from,
      to: message.to,
      subject: message.subject,
      text: message.text,
      messageId: message.messageId,
      headers: { ...message.headers },
    });
    const aborted = new Promise<never>((_, reject) => {
      signal.addEventListener('abort', () => reject(signal.reason as Error), { once: true });
    });
    await Promise.race([sending, aborted]);
  }

  close(): void {
    this.transporter.close();
  }
}

/** The mail transport SMTP_URL asks for, or null when e-mail is off. */
export const mailTransportFor = (config: MailConfig): SmtpMailTransport | null =>
  config.smtpUrl ? new SmtpMailTransport(config.smtpUrl) : null;
