import { HeaderMap } from '@apollo/server';
import type { Logger } from 'pino';
import type { AuthFailureLimits, AuthToken, OidcConfig } from '../../config/auth-settings.js';
import { RateLimitedError, UnavailableError } from '../errors/domain-errors.js';
import { clientKey } from '../rate-limit/client-key.js';
import { RateLimiter } from '../rate-limit/rate-limiter.js';
import { JwtAuthenticator, type JwtOutcome, looksLikeJwt } from './jwt-authenticator.js';
import { type Caller, TokenAuthenticator } from './token-authenticator.js';

export interface AuthenticationOptions {
  tokens: readonly AuthToken[];
  oidc?: OidcConfig | undefined;
  failures: AuthFailureLimits;
  log: Logger;
  /** Injected for tests. */
  now?: () => number;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Who is calling: a static token or an OpenID Connect access token. Failed attempts are counted
 * per client (an IPv4 address, an IPv6 /64: see clientKey): past `slowAfter` every attempt from
 * it waits longer, past `refuseAfter` it is refused with RATE_LIMITED until the failures age out
 * of the window. An attempt is counted before its token is checked, so concurrent attempts cannot
 * overtake the lockout, and a locked-out client is the last to be forgotten when the limiter is
 * full. A request without an Authorization header is not an attempt. Tokens are never logged.
 */
export class Authentication {
  private readonly tokens: TokenAuthenticator;
  private readonly jwt: JwtAuthenticator | undefined;
  private readonly failures: RateLimiter;

  constructor(private readonly options: AuthenticationOptions) {
    this.tokens = new TokenAuthenticator(options.tokens);
    this.jwt = options.oidc && new JwtAuthenticator(options.oidc);
    this.failures = new RateLimiter({ limit: options.failures.refuseAfter, windowMs: options.failures.windowMs, now: options.now });
  }

  /**
   * The caller for an Authorization header from `address`; undefined when absent or invalid.
   * Throws RATE_LIMITED while `address` is locked out, UNAVAILABLE when the identity provider's
   * keys cannot be fetched (not counted as a failure).
   */
  async authenticate(authorization: string | undefined, address: string): Promise<Caller | undefined> {
    if (authorization === undefined || authorization === '') return undefined;
    const { slowAfter, delayMs } = this.options.failures;
    const key = clientKey(address);
    const token = /^Bearer\s+(\S+)\s*$/i.exec(authorization)?.[1];
    const jwt = token !== undefined && this.jwt && looksLikeJwt(token) ? this.jwt : undefined;
    // An access token verified lately or being verified now is no new guess: a client sends one
    // with many concurrent requests, which must not fill the failure budget while in flight.
    if (jwt && token !== undefined && jwt.isKnown(token)) {
      this.refuseWhileLockedOut(address, key);
      return this.verified(await jwt.verify(token), address, key, () => this.failures.record(key));
    }
    // Counted as a failure now, before any await, and taken back if it succeeds: counted after
    // the check, a burst of concurrent attempts would all pass the lockout before any was counted.
    const attempt = this.failures.claim(key);
    if (!attempt.allowed) this.lockedOut(address, key, attempt.retryAfterMs);
    const failed = attempt.before;
    // Delay before checking, so the answer's timing is the same for good and bad tokens.
    if (failed >= slowAfter && delayMs > 0) await sleep(Math.min(delayMs * (failed - slowAfter + 1), delayMs * 10));

    if (token === undefined) {
      this.fail(address, key, 'malformed Authorization header');
      return;
    }
    const caller = this.tokens.lookup(token);
    if (caller) {
      attempt.undo();
      return caller;
    }
    if (!jwt) {
      this.fail(address, key, 'unknown token');
      return;
    }
    const outcome = await jwt.verify(token);
    if (outcome.ok || outcome.reason === 'identity provider unreachable') attempt.undo();
    return this.verified(outcome, address, key, () => undefined);
  }

  /** Throws RATE_LIMITED while `key` is locked out. */
  private refuseWhileLockedOut(address: string, key: string): void {
    const decision = this.failures.peek(key);
    if (!decision.allowed) this.lockedOut(address, key, decision.retryAfterMs);
  }

  private lockedOut(address: string, key: string, retryAfterMs: number): never {
    this.options.log.warn({ address, key }, 'authentication refused: too many failures from this address');
    throw rateLimited(retryAfterMs);
  }

  /** The caller of a verified access token; `count` records a refusal not yet counted. */
  private verified(outcome: JwtOutcome, address: string, key: string, count: () => void): Caller | undefined {
    if (outcome.ok) return outcome.caller;
    if (outcome.reason === 'identity provider unreachable') {
      this.options.log.error({ address }, "cannot verify an access token: the identity provider's key set is unreachable");
      throw new UnavailableError('The identity provider cannot be reached to verify the token; try again shortly');
    }
    count();
    this.fail(address, key, `access token refused: ${outcome.reason}`);
  }

  /** Logs a failure, already counted. */
  private fail(address: string, key: string, reason: string): undefined {
    this.options.log.warn({ address, key, reason, recentFailures: this.failures.count(key) }, 'authentication failed');
    return undefined;
  }
}

function rateLimited(retryAfterMs: number): RateLimitedError {
  const seconds = Math.ceil(retryAfterMs / 1000);
  const error = new RateLimitedError('Too many failed authentication attempts from this address', seconds);
  // Apollo Server turns `extensions.http` into the response status and headers, and drops it from the body.
  Object.assign(error.extensions, { http: { status: 429, headers: new HeaderMap([['retry-after', String(seconds)]]) } });
  return error;
}
