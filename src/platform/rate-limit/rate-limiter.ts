/** Outcome of one attempt against a limit. */
export type RateDecision = { allowed: true; remaining: number } | { allowed: false; retryAfterMs: number };

/** An attempt counted up front (see `claim`): `before` attempts preceded it; `undo` takes it back. */
export type RateClaim = { allowed: true; before: number; undo: () => void } | { allowed: false; retryAfterMs: number };

export interface RateLimiterOptions {
  /** Attempts allowed per key within `windowMs`. */
  limit: number;
  windowMs: number;
  /** Injected for tests; defaults to Date.now. */
  now?: () => number;
  /**
   * Keys kept at most, so memory stays bounded under attack (at most `maxKeys` × `limit`
   * timestamps). Beyond it the least recently used key below its limit is forgotten; a key at
   * its limit (a lockout) goes only when every other key kept is at its limit, the least
   * recently used first (roughly, the one whose lockout ends soonest).
   */
  maxKeys?: number;
}

/**
 * An in-memory sliding-window limiter per key (a caller, an address). Per instance: with several
 * replicas each enforces its own budget, which bounds abuse without a shared store. Every method
 * is synchronous, so a check and its count cannot be separated by another request.
 */
export class RateLimiter {
  /** Keys below the limit, least recently used first. */
  private readonly open = new Map<string, number[]>();
  /** Keys that reached the limit (their lockout may since have aged out), least recently used first. */
  private readonly full = new Map<string, number[]>();
  private readonly now: () => number;
  private readonly maxKeys: number;

  constructor(private readonly options: RateLimiterOptions) {
    this.now = options.now ?? Date.now;
    this.maxKeys = options.maxKeys ?? 10_000;
  }

  /** Keys currently kept. */
  get size(): number {
    return this.open.size + this.full.size;
  }

  /** Records an attempt for `key` when allowed; a refused attempt is not counted. */
  attempt(key: string): RateDecision {
    const claim = this.claim(key);
    return claim.allowed ? { allowed: true, remaining: this.options.limit - claim.before - 1 } : claim;
  }

  /**
   * Counts an attempt for `key` now, when allowed, before the caller awaits anything: concurrent
   * attempts each see the ones before them, so no more than `limit` get through. `undo` takes the
   * attempt back when it turns out not to count (a login that succeeded).
   */
  claim(key: string): RateClaim {
    const now = this.now();
    const recent = this.recent(key, now);
    if (recent.length >= this.options.limit) return this.refusal(recent, now);
    recent.push(now);
    this.remember(key, recent);
    let undone = false;
    return {
      allowed: true,
      before: recent.length - 1,
      undo: () => {
        if (undone) return;
        undone = true;
        const current = this.open.get(key) ?? this.full.get(key);
        const at = current?.lastIndexOf(now) ?? -1;
        if (current && at >= 0) this.remember(key, [...current.slice(0, at), ...current.slice(at + 1)]);
      },
    };
  }

  /** What `attempt` would decide now, without recording anything. */
  peek(key: string): RateDecision {
    const now = this.now();
    const recent = this.recent(key, now);
    if (recent.length >= this.options.limit) return this.refusal(recent, now);
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
    this.open.delete(key);
    this.full.delete(key);
  }

  private refusal(recent: number[], now: number): RateDecision & { allowed: false } {
    return { allowed: false, retryAfterMs: Math.max(1, (recent[0] ?? now) + this.options.windowMs - now) };
  }

  private recent(key: string, now: number): number[] {
    const since = now - this.options.windowMs;
    return (this.open.get(key) ?? this.full.get(key) ?? []).filter((t) => t > since);
  }

  private remember(key: string, recent: number[]): void {
    this.open.delete(key);
    this.full.delete(key);
    if (recent.length === 0) return;
    (recent.length >= this.options.limit ? this.full : this.open).set(key, recent);
    while (this.size > this.maxKeys) {
      // Forgetting a key at its limit would lift its lockout: only when no other key is below it.
      // The key just counted is kept, or a limiter full of lockouts would never count a new key.
      const othersOpen = this.open.size > (this.open.has(key) ? 1 : 0);
      const victims = othersOpen ? this.open : this.full;
      const oldest = victims.keys().next();
      if (oldest.done) break;
      victims.delete(oldest.value);
    }
  }
}
