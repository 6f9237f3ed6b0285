import { resolveJwtSecret } from '../auth/signing-key';
import { loadConfig } from './app-config';
import { ConfigError } from './config-error';

describe('OpenID Connect settings', () => {
  it('reads AUTH_OIDC_ISSUER and AUTH_OIDC_CLIENT_ID, null when unset', () => {
    expect(loadConfig({})).toMatchObject({ authOidcIssuer: null, authOidcClientId: null });
    const config = loadConfig({
      AUTH_OIDC_ISSUER: 'https://login.fylke.no/realms/tilsette',
      AUTH_OIDC_CLIENT_ID: 'konsoll',
    });
    expect(config).toMatchObject({
      authOidcIssuer: 'https://login.fylke.no/realms/tilsette',
      authOidcClientId: 'konsoll',
    });
    // Tokens come from the issuer: no secret is generated.
    expect(resolveJwtSecret(config)).toBeNull();
  });

  it('refuses an issuer that is not an http(s) URL', () => {
    expect(() => loadConfig({ AUTH_OIDC_ISSUER: 'login.fylke.no' })).toThrow(ConfigError);
    expect(() => loadConfig({ AUTH_OIDC_ISSUER: 'ftp://login.fylke.no' })).toThrow(ConfigError);
  });
});
