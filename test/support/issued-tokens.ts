import { randomBytes } from 'node:crypto';
import type { AccessTokenSource, TokenStatus } from '../../src/oauth2/oauth2-client';

/**
 * A small real `AccessTokenSource` for the wire tests: it issues opaque tokens of its own (or
 * whatever `issue` makes, e.g. a signed JWT), caches one, fetches one at a time however many
 * callers wait, and counts fetches and rejections. `valid` is what a test's mail server accepts.
 */
export class IssuedTokens implements AccessTokenSource {
  fetches = 0;
  readonly rejected: string[] = [];
  /** Every token handed out. */
  readonly issued: string[] = [];
  private current: string | undefined;
  private pending: Promise<string> | undefined;
  private lastError: string | null = null;
  /** Set to make the next fetches fail with this (safe) text. */
  failWith: string | null = null;

  constructor(
    private readonly issue: () => string | Promise<string> = () => `tok-${randomBytes(18).toString('base64url')}`,
    /** Delay of each fetch, to keep callers waiting together. */
    private readonly fetchDelayMs = 0,
  ) {}

  token(): Promise<string> {
    if (this.current !== undefined) return Promise.resolve(this.current);
    this.pending ??= this.fetch().finally(() => (this.pending = undefined));
    return this.pending;
  }

  private async fetch(): Promise<string> {
    this.fetches++;
    if (this.fetchDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.fetchDelayMs));
    if (this.failWith !== null) {
      this.lastError = this.failWith;
      throw new Error('token endpoint failed');
    }
    const token = await this.issue();
    this.issued.push(token);
    this.current = token;
    this.lastError = null;
    return token;
  }

  reject(token: string): void {
    this.rejected.push(token);
    if (token === this.current) this.current = undefined;
  }

  status(): TokenStatus {
    return { state: this.lastError ? 'FAILED' : this.current ? 'VALID' : 'NONE', expiresAt: null, lastError: this.lastError };
  }
}
