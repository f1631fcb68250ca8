// OpenID Connect sign-in as a public client: the authorization-code flow with PKCE (RFC 7636).
// The verifier and state wait in session storage during the round trip to the provider.
import { saveToken } from './token-store';

interface OidcSettings {
  readonly issuer: string;
  readonly clientId: string;
  readonly scope: string;
}

interface Discovery {
  readonly authorization_endpoint: string;
  readonly token_endpoint: string;
}

const PENDING = 'mail-session-service.oidc';

function base64url(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}

function randomString(): string {
  return base64url(crypto.getRandomValues(new Uint8Array(32)));
}

async function discover(issuer: string): Promise<Discovery> {
  const response = await fetch(`${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`);
  if (!response.ok) throw new Error(`The identity provider's configuration could not be read (HTTP ${response.status})`);
  return (await response.json()) as Discovery;
}

function redirectUri(): string {
  return `${location.origin}/admin/`;
}

/** Leaves for the provider's sign-in page. */
export async function startOidcSignIn(settings: OidcSettings): Promise<void> {
  const { authorization_endpoint } = await discover(settings.issuer);
  const verifier = randomString();
  const state = randomString();
  const challenge = base64url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))));
  sessionStorage.setItem(PENDING, JSON.stringify({ verifier, state }));
  const url = new URL(authorization_endpoint);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: settings.clientId,
    redirect_uri: redirectUri(),
    scope: settings.scope,
    state,
    code_challenge: challenge,
    code_challenge_method: 'S256',
  }).toString();
  location.assign(url.toString());
}

/**
 * Back from the provider (`/admin/?code=...&state=...`): trades the code for an access token and
 * removes the code from the address bar. Resolves false when the page was not such a return.
 */
export async function finishOidcSignIn(settings: OidcSettings | null): Promise<boolean> {
  const params = new URLSearchParams(location.search);
  const code = params.get('code');
  const error = params.get('error');
  if (code === null && error === null) return false;
  history.replaceState(history.state, '', location.pathname);
  const pending = sessionStorage.getItem(PENDING);
  sessionStorage.removeItem(PENDING);
  if (error !== null) throw new Error(`The identity provider refused the sign-in: ${error}`);
  if (settings === null || pending === null || code === null) return false;
  const { verifier, state } = JSON.parse(pending) as { verifier: string; state: string };
  if (params.get('state') !== state) throw new Error('The sign-in answer does not match the request (state): try again');
  const { token_endpoint } = await discover(settings.issuer);
  const response = await fetch(token_endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: redirectUri(), client_id: settings.clientId, code_verifier: verifier }),
  });
  if (!response.ok) throw new Error(`The identity provider did not issue a token (HTTP ${response.status})`);
  const { access_token } = (await response.json()) as { access_token?: unknown };
  if (typeof access_token !== 'string') throw new Error('The identity provider answered without an access token');
  saveToken(access_token);
  return true;
}
