import { ConfigError } from './config-error';

/** E-mail for alert notifications (SMTP_URL, SMTP_FROM); without SMTP_URL no e-mail is sent. */
export interface MailConfig {
  /** `smtp://user:pass@host:587` or `smtps://host:465`; null: e-mail is off. */
  readonly smtpUrl: string | null;
  /** The sender address of alert e-mail. */
  readonly from: string;
}

const DEFAULT_FROM = 'Oppfølging <followup@localhost>';

export function loadMailConfig(env: NodeJS.ProcessEnv): MailConfig {
  const smtpUrl = env.SMTP_URL?.trim() || null;
  if (smtpUrl) {
    let protocol: string;
    try {
      protocol = new URL(smtpUrl).protocol;
    } catch {
      throw new ConfigError('SMTP_URL must be a URL such as smtp://user:password@mail.example.org:587');
    }
    if (protocol !== 'smtp:' && protocol !== 'smtps:') {
      throw new ConfigError(`SMTP_URL must start with smtp:// or smtps://, got "${protocol}//"`);
    }
  }
  const from = env.SMTP_FROM?.trim() || DEFAULT_FROM;
  if (!/@/.test(from) || from.length > 320) throw new ConfigError(`SMTP_FROM must be an e-mail address, got "${from}"`);
  return { smtpUrl, from };
}
