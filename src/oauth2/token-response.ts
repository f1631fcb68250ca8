/**
 * Reads a token endpoint's answer (RFC 6749 §5.1 / §5.2): a token with its expiry and scope, or
 * a classified TokenError. Pure: the HTTP exchange is in token-endpoint.ts.
 */
import { safeErrorCode, safeText, TokenError } from './token-error.js';

/**
 * The lifetime assumed when `expires_in` is missing or absurd (not a whole number of seconds
 * from 1 to 24 hours): 5 minutes, short enough that a token the provider meant to be shorter
 * lives on only briefly, long enough not to ask the endpoint for every message.
 */
export const DEFAULT_TOKEN_LIFETIME_SECONDS = 300;
const LONGEST_TOKEN_LIFETIME_SECONDS = 24 * 3600;

export interface GrantedToken {
  readonly accessToken: string;
  readonly expiresAt: Date;
  /** The lifetime the endpoint gave in `expires_in`, or null when the default was used. */
  readonly expiresIn: number | null;
  /** The scope the endpoint granted (`scope`), or null when it did not say. */
  readonly scope: string | null;
}

function lifetime(value: unknown): number | null {
  const seconds = typeof value === 'string' && /^\d{1,9}$/.test(value) ? Number(value) : value;
  return typeof seconds === 'number' && Number.isInteger(seconds) && seconds >= 1 && seconds <= LONGEST_TOKEN_LIFETIME_SECONDS ? seconds : null;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Microsoft's AADSTS code: `error_codes: [7000215]`, or `AADSTS7000215` in the description. */
function aadstsCode(body: Record<string, unknown>): string | undefined {
  const codes = body.error_codes;
  if (Array.isArray(codes) && Number.isInteger(codes[0]) && (codes[0] as number) > 0) return `AADSTS${String(codes[0])}`;
  const description = body.error_description;
  return typeof description === 'string' ? /\bAADSTS\d{1,9}\b/.exec(description)?.[0] : undefined;
}

/**
 * Microsoft's descriptions start with the AADSTS code and end with trace and correlation ids and
 * a timestamp: the first sentence after the code is what an administrator needs.
 */
function description(body: Record<string, unknown>, hidden: readonly string[]): string | undefined {
  const text = body.error_description;
  if (typeof text !== 'string') return undefined;
  const withoutTrace = text.split(/\s*(?:Trace ID|Correlation ID|Timestamp):/i)[0] ?? '';
  const clean = safeText(withoutTrace.replace(/^\s*AADSTS\d+:\s*/, ''), hidden);
  return clean === '' ? undefined : clean;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** What the body looks like, for a message that quotes none of it. */
function shape(text: string, contentType: string): string {
  if (/html/i.test(contentType) || /^\s*</.test(text)) return 'an HTML page';
  if (text.trim() === '') return 'an empty body';
  return 'a body that is not JSON';
}

/**
 * The token in a 200 answer, or the TokenError the answer stands for. `hidden` are the secrets
 * sent, blanked out of anything quoted.
 */
export function readTokenResponse(status: number, contentType: string, text: string, now: Date, hidden: readonly string[]): GrantedToken {
  const body = parseJson(text);
  if (!isObject(body)) {
    throw new TokenError(
      'INVALID_RESPONSE',
      `the token endpoint answered HTTP ${status} with ${shape(text, contentType)}, not an OAuth 2.0 token response; is the token URL right?`,
      {
        httpStatus: status,
      },
    );
  }
  const providerError = safeErrorCode(body.error);
  if (status !== 200 || body.error !== undefined) {
    if (!providerError) {
      throw new TokenError('INVALID_RESPONSE', `the token endpoint answered HTTP ${status} without an OAuth 2.0 error code`, { httpStatus: status });
    }
    const aadsts = aadstsCode(body);
    const said = description(body, hidden);
    const code = aadsts ? `${providerError}: ${aadsts}` : providerError;
    throw new TokenError('GRANT_REFUSED', `the token endpoint refused the grant: ${code}${said ? ` (${said})` : ''}`, {
      providerError,
      aadsts,
      httpStatus: status,
    });
  }
  const accessToken = body.access_token;
  if (typeof accessToken !== 'string' || accessToken === '') {
    throw new TokenError('INVALID_RESPONSE', 'the token endpoint answered HTTP 200 without an access_token', { httpStatus: status });
  }
  const tokenType = body.token_type;
  if (tokenType !== undefined && (typeof tokenType !== 'string' || tokenType.toLowerCase() !== 'bearer')) {
    throw new TokenError('INVALID_RESPONSE', 'the token endpoint issued a token that is not a bearer token (token_type)', { httpStatus: status });
  }
  const expiresIn = lifetime(body.expires_in);
  const scope = typeof body.scope === 'string' ? safeText(body.scope, hidden, 1000) : null;
  const seconds = expiresIn ?? DEFAULT_TOKEN_LIFETIME_SECONDS;
  return { accessToken, expiresAt: new Date(now.getTime() + seconds * 1000), expiresIn, scope };
}
