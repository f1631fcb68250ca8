/**
 * Why a token could not be obtained: a code from a closed set and a message safe to show an
 * administrator (in `TokenStatus.lastError`, a connection test's TOKEN step, a log line). A
 * message never holds a secret, an assertion or a token, and of the endpoint's body only the
 * OAuth `error` code, the AADSTS code and a short description with control characters removed.
 */

export type TokenFailureCode =
  /** The client's settings cannot make a request: not an https URL, a secret or key missing or unreadable. */
  | 'CLIENT_MISCONFIGURED'
  /** Every address of the endpoint's host is refused by MAIL_NETWORK_DENY / MAIL_NETWORK_ALLOW. */
  | 'ADDRESS_NOT_ALLOWED'
  /** The host has no address, or nothing accepts a connection there. */
  | 'ENDPOINT_UNREACHABLE'
  /** Connecting or the whole request took longer than the limit. */
  | 'TIMEOUT'
  /** The TLS handshake failed before a certificate was judged (no TLS on that port, no common version). */
  | 'TLS_FAILED'
  /** The certificate chain leads to no trusted authority (system store + MAIL_TLS_CA_FILE). */
  | 'CERTIFICATE_UNTRUSTED'
  /** The certificate is not issued for the token URL's host. */
  | 'CERTIFICATE_NAME_MISMATCH'
  /** The certificate has expired or is not yet valid. */
  | 'CERTIFICATE_EXPIRED'
  /** The endpoint answered, but not with an OAuth token response (HTML, garbage, too large, a redirect, no access_token). */
  | 'INVALID_RESPONSE'
  /** The endpoint refused the grant with an OAuth error (`invalid_client`, `invalid_grant`, `unauthorized_client`...). */
  | 'GRANT_REFUSED';

export interface TokenErrorDetails {
  /** GRANT_REFUSED: the provider's OAuth `error` code, sanitized. */
  readonly providerError?: string | undefined;
  /** GRANT_REFUSED from Microsoft Entra ID: `AADSTS7000215` and the like. */
  readonly aadsts?: string | undefined;
  /** The HTTP status of the endpoint's answer, when there was one. */
  readonly httpStatus?: number | undefined;
}

export class TokenError extends Error {
  readonly providerError: string | undefined;
  readonly aadsts: string | undefined;
  readonly httpStatus: number | undefined;

  constructor(
    readonly code: TokenFailureCode,
    message: string,
    details: TokenErrorDetails = {},
  ) {
    super(message);
    this.name = 'TokenError';
    this.providerError = details.providerError;
    this.aadsts = details.aadsts;
    this.httpStatus = details.httpStatus;
  }
}

/** The longest provider description kept in a message. */
const DESCRIPTION_LIMIT = 200;

/**
 * Text from the endpoint made safe to show: control characters (line breaks, ANSI escapes,
 * bidi overrides) become spaces, runs of space collapse, `hidden` strings (the secrets sent) are
 * blanked, and the result is cut to `limit` characters.
 */
export function safeText(text: string, hidden: readonly string[], limit = DESCRIPTION_LIMIT): string {
  // ANSI escape sequences go whole (their parameters are printable), then every other control character.
  let clean = text.replace(/\u001b\[[0-9;?]*[ -/]*[@-~]/g, ' ').replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu, ' ');
  for (const secret of hidden) if (secret.length >= 4) clean = clean.split(secret).join('[hidden]');
  clean = clean.replace(/\s+/g, ' ').trim();
  return clean.length > limit ? `${clean.slice(0, limit - 1)}…` : clean;
}

/** An OAuth `error` code as RFC 6749 §5.2 allows it (printable ASCII), else undefined. */
export function safeErrorCode(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  return /^[\x20-\x21\x23-\x5b\x5d-\x7e]{1,64}$/.test(value) ? value.trim() || undefined : undefined;
}
