import { adminConsoleFrom } from '../../src/config/admin-console-settings';
import { ConfigError } from '../../src/config/config-error';

const ISSUER = 'https://login.example.com/realms/mail';

describe('the admin console settings', () => {
  it('serve the console by default, with token sign-in only', () => {
    expect(adminConsoleFrom({}, undefined)).toEqual({ enabled: true, oidc: undefined });
    expect(adminConsoleFrom({ ADMIN_CONSOLE: 'off' }, undefined)).toEqual({ enabled: false, oidc: undefined });
  });

  it('offer OIDC sign-in at the issuer the API already trusts, with the default scope', () => {
    expect(adminConsoleFrom({ AUTH_OIDC_CLIENT_ID: 'mail-console' }, ISSUER)).toEqual({
      enabled: true,
      oidc: { issuer: ISSUER, clientId: 'mail-console', scope: 'openid profile email' },
    });
    expect(adminConsoleFrom({ AUTH_OIDC_CLIENT_ID: 'mail-console', AUTH_OIDC_SCOPE: 'openid email mail-admin' }, ISSUER).oidc?.scope).toBe(
      'openid email mail-admin',
    );
  });

  it.each([
    [{ AUTH_OIDC_CLIENT_ID: 'mail-console' }, undefined, 'AUTH_OIDC_CLIENT_ID'],
    [{ AUTH_OIDC_CLIENT_ID: 'mail console' }, ISSUER, 'AUTH_OIDC_CLIENT_ID'],
    [{ AUTH_OIDC_SCOPE: 'openid' }, ISSUER, 'AUTH_OIDC_SCOPE'],
    [{ AUTH_OIDC_CLIENT_ID: 'c', AUTH_OIDC_SCOPE: 'openid  "x"' }, ISSUER, 'AUTH_OIDC_SCOPE'],
    [{ AUTH_OIDC_CLIENT_ID: 'c' }, 'urn:not-a-web-issuer', 'AUTH_ISSUER'],
    [{ ADMIN_CONSOLE: 'maybe' }, undefined, 'ADMIN_CONSOLE'],
  ])('refuse %j (issuer %s), naming %s', (env, issuer, variable) => {
    let thrown: unknown;
    try {
      adminConsoleFrom(env, issuer);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ConfigError);
    expect((thrown as ConfigError).message).toContain(variable);
  });
});
