import { ConfigError } from './config-error.js';
import { flag, text, type Env } from './env-values.js';

/** What the admin console at /admin needs from the configuration. */
export interface AdminConsoleSettings {
  /** `ADMIN_CONSOLE`: serve the console at /admin (default true). */
  readonly enabled: boolean;
  /**
   * `AUTH_OIDC_CLIENT_ID` (with `AUTH_JWKS_URL`'s `AUTH_ISSUER`): the console offers "Sign in
   * with <issuer>", the authorization-code flow with PKCE of a public client; unset: tokens only.
   */
  readonly oidc: AdminConsoleOidc | undefined;
}

export interface AdminConsoleOidc {
  readonly issuer: string;
  readonly clientId: string;
  /** `AUTH_OIDC_SCOPE`: what the console asks for (default `openid profile email`). */
  readonly scope: string;
}

/** `ADMIN_CONSOLE`, `AUTH_OIDC_CLIENT_ID` and `AUTH_OIDC_SCOPE`; `issuer` is `AUTH_ISSUER` when OIDC is configured. */
export function adminConsoleFrom(env: Env, issuer: string | undefined): AdminConsoleSettings {
  const enabled = flag(env, 'ADMIN_CONSOLE', true);
  const clientId = text(env, 'AUTH_OIDC_CLIENT_ID');
  const scope = text(env, 'AUTH_OIDC_SCOPE');
  if (clientId === undefined) {
    if (scope !== undefined) throw new ConfigError('AUTH_OIDC_SCOPE', 'only read with AUTH_OIDC_CLIENT_ID');
    return { enabled, oidc: undefined };
  }
  if (issuer === undefined)
    throw new ConfigError('AUTH_OIDC_CLIENT_ID', 'needs AUTH_JWKS_URL and AUTH_ISSUER: the console signs in at the issuer whose tokens the API accepts');
  if (!/^[\x21-\x7e]{1,200}$/.test(clientId)) throw new ConfigError('AUTH_OIDC_CLIENT_ID', 'expected a client id of 1-200 visible ASCII characters');
  let issuerUrl: URL;
  try {
    issuerUrl = new URL(issuer);
  } catch {
    throw new ConfigError('AUTH_ISSUER', 'with AUTH_OIDC_CLIENT_ID the issuer must be a URL (the console reads its .well-known/openid-configuration)');
  }
  if (issuerUrl.protocol !== 'https:' && issuerUrl.protocol !== 'http:') throw new ConfigError('AUTH_ISSUER', 'expected an http(s) URL');
  const finalScope = scope ?? 'openid profile email';
  if (!/^[\x21\x23-\x5b\x5d-\x7e]+( [\x21\x23-\x5b\x5d-\x7e]+)*$/.test(finalScope))
    throw new ConfigError('AUTH_OIDC_SCOPE', 'expected space-separated scope names (RFC 6749 section 3.3)');
  return { enabled, oidc: { issuer, clientId, scope: finalScope } };
}
