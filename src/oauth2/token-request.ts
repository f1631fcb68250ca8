/**
 * The form a token endpoint is sent for each grant (application/x-www-form-urlencoded), and the
 * secrets in it, so that whatever the endpoint echoes back can be blanked out.
 */
import { importPKCS8, SignJWT } from 'jose';
import type { OAuth2Client } from './oauth2-client.js';
import { TokenError } from './token-error.js';

/** grant_type of RFC 7523's JWT bearer assertion. */
export const JWT_BEARER_GRANT_TYPE = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

/** How long a JWT_BEARER assertion is valid; Google accepts at most one hour. */
export const ASSERTION_LIFETIME_SECONDS = 3600;

export interface TokenRequest {
  readonly form: URLSearchParams;
  /** Every secret the form carries (client secret, refresh token, assertion). */
  readonly secrets: readonly string[];
}

function required(value: string | undefined, what: string): string {
  if (value === undefined || value === '') throw new TokenError('CLIENT_MISCONFIGURED', `the OAuth 2.0 client has no ${what}; enter it again`);
  return value;
}

/** The signed RS256 assertion of a JWT_BEARER grant: iss = service account, sub = user, aud = token URL. */
export async function jwtAssertion(client: OAuth2Client, now: Date): Promise<string> {
  const issuer = required(client.serviceAccountEmail, 'service account e-mail');
  const pem = required(client.privateKey, 'private key');
  let key: Awaited<ReturnType<typeof importPKCS8>>;
  try {
    key = await importPKCS8(pem, 'RS256');
  } catch {
    // jose's message names the key's shape only, but nothing of the key belongs in a message.
    throw new TokenError('CLIENT_MISCONFIGURED', 'the private key is not an RSA private key in PKCS#8 PEM form (-----BEGIN PRIVATE KEY-----)');
  }
  const issuedAt = Math.floor(now.getTime() / 1000);
  const claims = client.scope ? { scope: client.scope } : {};
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'RS256', typ: 'JWT' })
    .setIssuer(issuer)
    .setSubject(client.user)
    .setAudience(client.tokenUrl)
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + ASSERTION_LIFETIME_SECONDS)
    .sign(key);
}

/** The form for `client`'s grant; throws TokenError CLIENT_MISCONFIGURED when a secret is missing. */
export async function tokenRequest(client: OAuth2Client, now: Date): Promise<TokenRequest> {
  const form = new URLSearchParams();
  switch (client.grant) {
    case 'CLIENT_CREDENTIALS': {
      // Microsoft's v2.0 endpoint takes the client's credentials in the body (client_secret_post).
      const secret = required(client.clientSecret, 'client secret');
      form.set('grant_type', 'client_credentials');
      form.set('client_id', client.clientId);
      form.set('client_secret', secret);
      if (client.scope) form.set('scope', client.scope);
      return { form, secrets: [secret] };
    }
    case 'REFRESH_TOKEN': {
      const refreshToken = required(client.refreshToken, 'refresh token');
      form.set('grant_type', 'refresh_token');
      form.set('client_id', client.clientId);
      // A public client (an installed app) has no secret; a confidential one sends it.
      if (client.clientSecret) form.set('client_secret', client.clientSecret);
      form.set('refresh_token', refreshToken);
      if (client.scope) form.set('scope', client.scope);
      return { form, secrets: [refreshToken, ...(client.clientSecret ? [client.clientSecret] : [])] };
    }
    case 'JWT_BEARER': {
      const assertion = await jwtAssertion(client, now);
      form.set('grant_type', JWT_BEARER_GRANT_TYPE);
      form.set('assertion', assertion);
      return { form, secrets: [assertion] };
    }
  }
}
