import { RateLimiter } from '../../src/platform/rate-limit/rate-limiter';

describe('RateLimiter', () => {
  let clock = 0;
  const limiter = () => new RateLimiter({ limit: 3, windowMs: 1_000, now: () => clock, maxKeys: 2 });
  beforeEach(() => {
    clock = 10_000;
  });

  it('allows up to the limit within the window, then refuses with the time until the oldest attempt expires', () => {
    const l = limiter();
    expect([l.attempt('a'), l.attempt('a'), l.attempt('a')].map((d) => d.allowed)).toEqual([true, true, true]);
    clock += 400;
    expect(l.attempt('a')).toEqual({ allowed: false, retryAfterMs: 600 });
    clock += 601;
    expect(l.attempt('a')).toEqual({ allowed: true, remaining: 2 });
  });

  it('keeps a separate budget per key', () => {
    const l = limiter();
    for (let i = 0; i < 3; i++) l.attempt('a');
    expect(l.attempt('a').allowed).toBe(false);
    expect(l.attempt('b').allowed).toBe(true);
  });

  it('does not count refused attempts against the caller', () => {
    const l = limiter();
    for (let i = 0; i < 10; i++) l.attempt('a');
    expect(l.count('a')).toBe(3);
  });

  it('records events and forgets the least recently used keys beyond its bound', () => {
    const l = limiter();
    l.record('a');
    l.record('b');
    l.record('c');
    expect(l.count('a')).toBe(0);
    expect(l.count('b')).toBe(1);
    expect(l.count('c')).toBe(1);
    l.reset('c');
    expect(l.count('c')).toBe(0);
  });
});
