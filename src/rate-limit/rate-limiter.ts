/** Outcome of one attempt against a limit. */
export type RateDecision = { allowed: true; remaining: number } | { allowed: false; retryAfterMs: number };

export interface RateLimiterOptions {
  /** Attempts allowed per key within `windowMs`. */
  limit: number;
  windowMs: number;
  /** Injected for tests; defaults to Date.now. */
  now?: () => number;
  /** Keys kept at most; the oldest are forgotten first, so memory stays bounded under attack. */
  maxKeys?: number;
}

/**
 * An in-memory sliding-window limiter per key (a caller, an address). Per instance: with several
 * replicas each enforces its own budget, which bounds abuse without a shared store.
 */
export class RateLimiter {
  private readonly hits = new Map<string, number[]>();
  private readonly now: () => number;
  private readonly maxKeys: number;

  constructor(private readonly options: RateLimiterOptions) {
    this.now = options.now ?? Date.now;
    this.maxKeys = options.maxKeys ?? 10_000;
  }

  /** Records an attempt for `key` when allowed; a refused attempt is not counted. */
  attempt(key: string): RateDecision {
    const now = this.now();
    const recent = this.recent(key, now);
    if (recent.length >= this.options.limit) {
      return { allowed: false, retryAfterMs: Math.max(1, (recent[0] ?? now) + this.options.windowMs - now) };
    }
    recent.push(now);
    this.remember(key, recent);
    return { allowed: true, remaining: this.options.limit - recent.length };
  }

  /** What `attempt` would decide now, without recording anything. */
  peek(key: string): RateDecision {
    const now = this.now();
    const recent = this.recent(key, now);
    if (recent.length >= this.options.limit) {
      return { allowed: false, retryAfterMs: Math.max(1, (recent[0] ?? now) + this.options.windowMs - now) };
    }
    return { allowed: true, remaining: this.options.limit - recent.length };
  }

  /** Counts an event (e.g. a failed login) without asking whether it is allowed. */
  record(key: string): void {
    const now = this.now();
    const recent = this.recent(key, now);
    recent.push(now);
    this.remember(key, recent);
  }

  /** Events for `key` within the window. */
  count(key: string): number {
    return this.recent(key, this.now()).length;
  }

  reset(key: string): void {
    this.hits.delete(key);
  }

  private recent(key: string, now: number): number[] {
    const since = now - this.options.windowMs;
    return (this.hits.get(key) ?? []).filter((t) => t > since);
  }

  private remember(key: string, recent: number[]): void {
    this.hits.delete(key);
    this.hits.set(key, recent);
    if (this.hits.size > this.maxKeys) {
      const oldest = this.hits.keys().next();
      if (!oldest.done) this.hits.delete(oldest.value);
    }
  }
}
