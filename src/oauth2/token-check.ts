import type { OAuth2Client } from './oauth2-client.js';
import { fetchToken, tokenEndpointAddress, type TokenEndpointOptions } from './token-endpoint.js';
import { TokenError, type TokenFailureCode } from './token-error.js';

/**
 * What the connection test's TOKEN step needs from the token cache: one detailed, uncached token
 * fetch for a server's OAuth 2.0 client. The token cache (src/oauth2/) provides it; the step turns
 * it into the report. Never carries a secret, except `token`, which the step conceals and uses
 * only to sign in.
 */
export interface TokenCheckResult {
  /** The token endpoint as `host:port` (no path, no query). */
  endpoint: string;
  /** A TCP connection to the endpoint was made (the network policy permitted its address). */
  reached: boolean;
  /** The endpoint's certificate chain and host name verified (system store or MAIL_TLS_CA_FILE). */
  tlsVerified: boolean;
  /** The endpoint answered 200 with an access token. */
  grantAccepted: boolean;
  /** The scopes the provider granted (`scope` of the answer), or null when it named none. */
  scopeGranted: string | null;
  /** When the token expires (`expires_in`), or null when the answer gave none. */
  expiresAt: Date | null;
  /**
   * Why no token was obtained, safe to show: the provider's `error` and `error_description`
   * (`invalid_client: AADSTS7000215 ...`), or what went wrong on the way (refused address, TLS
   * name mismatch, timeout, an answer that is not JSON). Null on success.
   */
  error: string | null;
  /** The access token, when one was obtained. */
  token: string | undefined;
}

/** One detailed token fetch, bypassing the cache's stored token. */
export type TokenCheck = (signal: AbortSignal) => Promise<TokenCheckResult>;

/** The failures that happen before any TCP connection to the endpoint is made. */
const NOT_REACHED: ReadonlySet<TokenFailureCode> = new Set(['CLIENT_MISCONFIGURED', 'ADDRESS_NOT_ALLOWED', 'ENDPOINT_UNREACHABLE']);
/** The failures of (or before) the TLS handshake: the certificate was not verified. */
const TLS_NOT_VERIFIED: ReadonlySet<TokenFailureCode> = new Set(['TLS_FAILED', 'CERTIFICATE_UNTRUSTED', 'CERTIFICATE_NAME_MISMATCH', 'CERTIFICATE_EXPIRED']);

function endpointOf(tokenUrl: string): string {
  try {
    const { host, port } = tokenEndpointAddress(tokenUrl);
    return `${host}:${port}`;
  } catch {
    return 'the token URL';
  }
}

/**
 * The TOKEN step's detailed fetch for `client`: one request to its token endpoint through the
 * service's network policy and TLS trust, bypassing every cache, bounded by the test's `signal`.
 */
export function tokenCheck(client: OAuth2Client, options: Omit<TokenEndpointOptions, 'signal'>): TokenCheck {
  const endpoint = endpointOf(client.tokenUrl);
  return async (signal) => {
    try {
      const granted = await fetchToken(client, { ...options, signal });
      return {
        endpoint,
        reached: true,
        tlsVerified: granted.tls.verified,
        grantAccepted: true,
        scopeGranted: granted.scope,
        expiresAt: granted.expiresAt,
        error: null,
        token: granted.accessToken,
      };
    } catch (error) {
      // fetchToken throws TokenError only, whose message is safe to show.
      const code: TokenFailureCode = error instanceof TokenError ? error.code : 'ENDPOINT_UNREACHABLE';
      const reached = !NOT_REACHED.has(code);
      return {
        endpoint,
        reached,
        tlsVerified: reached && !TLS_NOT_VERIFIED.has(code),
        grantAccepted: false,
        scopeGranted: null,
        expiresAt: null,
        error: error instanceof TokenError ? error.message : 'the token request failed',
        token: undefined,
      };
    }
  };
}
