import { ConfigError } from './config-error';
import { loadMailConfig } from './mail-config';

describe('mail configuration', () => {
  it('is off without SMTP_URL, with a default sender', () => {
    expect(loadMailConfig({})).toEqual({ smtpUrl: null, from: 'Oppfølging <followup@localhost>' });
  });

  it('reads SMTP_URL and SMTP_FROM', () => {
    expect(loadMailConfig({ SMTP_URL: 'smtps://u:p@mail.example.org:465', SMTP_FROM: 'varsel@fylke.no' })).toEqual({
      smtpUrl: 'smtps://u:p@mail.example.org:465',
      from: 'varsel@fylke.no',
    });
  });

  it('refuses another scheme, a malformed URL and a sender without an address', () => {
    expect(() => loadMailConfig({ SMTP_URL: 'http://mail.example.org' })).toThrow(ConfigError);
    expect(() => loadMailConfig({ SMTP_URL: 'not a url' })).toThrow(ConfigError);
    expect(() => loadMailConfig({ SMTP_FROM: 'nobody' })).toThrow(ConfigError);
  });
});
