/**
 * The access tokens of one OAuth 2.0 client configuration, in memory only: a token is reused
 * until shortly before it expires, one fetch runs at a time however many callers wait, a token
 * the mail server refused is evicted (unless a newer one replaced it already), and after a
 * failure callers get the classified error at once until a short backoff has passed.
 */
import type { Logger } from 'pino';
import type { AccessTokenSource, OAuth2Client, TokenStatus } from './oauth2-client.js';
import { TokenError } from './token-error.js';
import type { TokenFetchResult } from './token-endpoint.js';

/** Obtains one token for a client (fetchToken bound to the network policy and trust). */
export type TokenFetcher = (client: OAuth2Client) => Promise<TokenFetchResult>;

export interface TokenCacheOptions {
  /** Refresh this long before expiry (30 s), or a quarter of the lifetime when that is shorter. */
  readonly refreshMarginMs?: number | undefined;
  /** The wait after a first failure before the next fetch (1 s), doubled per failure up to `maxBackoffMs`. */
  readonly backoffMs?: number | undefined;
  readonly maxBackoffMs?: number | undefined;
  readonly now?: (() => number) | undefined;
  readonly log?: Logger | undefined;
  /** Called each time a fetch has settled (a token obtained or a failure kept): the status may have changed. */
  readonly onSettled?: (() => void) | undefined;
}

export const DEFAULT_REFRESH_MARGIN_MS = 30_000;
export const DEFAULT_BACKOFF_MS = 1_000;
export const DEFAULT_MAX_BACKOFF_MS = 60_000;

interface CachedToken {
  readonly token: string;
  readonly expiresAt: number;
  readonly refreshAt: number;
}

function asTokenError(error: unknown): TokenError {
  // fetchToken throws TokenError only; anything else is a bug whose text is not known to be safe.
  return error instanceof TokenError ? error : new TokenError('INVALID_RESPONSE', 'the token could not be obtained (unexpected error)');
}

export class TokenCache implements AccessTokenSource {
  private current: CachedToken | undefined;
  private pending: Promise<string> | undefined;
  private failure: { error: TokenError; retryAt: number } | undefined;
  private failures = 0;
  private readonly margin: number;
  private readonly backoff: number;
  private readonly maxBackoff: number;
  private readonly now: () => number;

  constructor(
    private readonly client: OAuth2Client,
    private readonly fetcher: TokenFetcher,
    private readonly options: TokenCacheOptions = {},
  ) {
    this.margin = options.refreshMarginMs ?? DEFAULT_REFRESH_MARGIN_MS;
    this.backoff = options.backoffMs ?? DEFAULT_BACKOFF_MS;
    this.maxBackoff = options.maxBackoffMs ?? DEFAULT_MAX_BACKOFF_MS;
    this.now = options.now ?? Date.now;
  }

  token(): Promise<string> {
    const now = this.now();
    if (this.current && now < this.current.refreshAt) return Promise.resolve(this.current.token);
    if (this.pending) return this.pending;
    if (this.failure && now < this.failure.retryAt) return this.stillValid(now) ?? Promise.reject(this.failure.error);
    this.pending = this.refresh();
    return this.pending;
  }

  reject(token: string): void {
    if (this.current?.token !== token) return;
    this.current = undefined;
    this.options.log?.info(
      { event: 'oauth2_token_rejected', clientId: this.client.clientId },
      'the mail server refused the cached access token; it is evicted',
    );
  }

  status(): TokenStatus {
    const now = this.now();
    const valid = this.current && now < this.current.expiresAt ? this.current : undefined;
    const lastError = this.failure?.error.message ?? null;
    if (this.pending) return { state: 'REFRESHING', expiresAt: valid ? new Date(valid.expiresAt) : null, lastError };
    if (valid) return { state: 'VALID', expiresAt: new Date(valid.expiresAt), lastError };
    if (this.failure) return { state: 'FAILED', expiresAt: null, lastError };
    return { state: 'NONE', expiresAt: null, lastError: null };
  }

  /** The last error, for a caller that wants its code (the connection test, the transport state). */
  lastError(): TokenError | undefined {
    return this.failure?.error;
  }

  /** The cached token while it has not expired yet (a refresh failed before expiry). */
  private stillValid(now: number): Promise<string> | undefined {
    return this.current && now < this.current.expiresAt ? Promise.resolve(this.current.token) : undefined;
  }

  private async refresh(): Promise<string> {
    try {
      const result = await this.fetcher(this.client);
      const fetchedAt = this.now();
      const expiresAt = result.expiresAt.getTime();
      const lifetime = Math.max(0, expiresAt - fetchedAt);
      this.current = { token: result.accessToken, expiresAt, refreshAt: expiresAt - Math.min(this.margin, lifetime / 4) };
      this.failure = undefined;
      this.failures = 0;
      this.options.log?.info(
        { event: 'oauth2_token_fetched', clientId: this.client.clientId, expiresAt: result.expiresAt.toISOString(), scope: result.scope },
        'access token obtained',
      );
      return result.accessToken;
    } catch (caught) {
      const error = asTokenError(caught);
      this.failures += 1;
      const wait = Math.min(this.maxBackoff, this.backoff * 2 ** (this.failures - 1));
      this.failure = { error, retryAt: this.now() + wait };
      this.options.log?.warn({ event: 'oauth2_token_failed', clientId: this.client.clientId, code: error.code, retryInMs: wait }, error.message);
      const now = this.now();
      if (this.current && now < this.current.expiresAt) return this.current.token;
      throw error;
    } finally {
      this.pending = undefined;
      this.settled();
    }
  }

  private settled(): void {
    try {
      this.options.onSettled?.();
    } catch (error) {
      // A listener's failure must not turn a token that was obtained into a failed sign-in.
      this.options.log?.error({ err: error, clientId: this.client.clientId }, 'a listener of token status changes failed');
    }
  }
}
