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
