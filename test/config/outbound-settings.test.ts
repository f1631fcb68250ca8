import { DEFAULT_OUTBOUND_SETTINGS } from '../../src/config/outbound-settings';
import { loadConfig } from '../../src/config/env';
import { retryDelayMs } from '../../src/outbound/delivery-backoff';
import { configError } from '../support/config-error';

describe('OUTBOUND_* settings', () => {
  it('defaults to 4 at once, 10 attempts spread over about a day, no pace', () => {
    const outbound = loadConfig({}).outbound;
    expect(outbound).toEqual(DEFAULT_OUTBOUND_SETTINGS);
    expect(outbound).toMatchObject({ concurrency: 4, maxAttempts: 10, maxPerMinute: undefined });
    // The nine waits between ten attempts, without jitter.
    const waits = Array.from({ length: outbound.maxAttempts - 1 }, (_, index) => retryDelayMs(index + 1, outbound.retryBaseMs, outbound.retryMaxMs, () => 0));
    const hours = waits.reduce((sum, wait) => sum + wait, 0) / 3_600_000;
    expect(hours).toBeGreaterThan(20);
    expect(hours).toBeLessThan(30);
  });

  it('reads each variable', () => {
    expect(
      loadConfig({
        OUTBOUND_CONCURRENCY: '8',
        OUTBOUND_MAX_ATTEMPTS: '3',
        OUTBOUND_RETRY_BASE_MS: '1000',
        OUTBOUND_RETRY_MAX_MS: '5000',
        OUTBOUND_MAX_PER_MINUTE: '30',
        OUTBOUND_ATTEMPT_LEASE_SECONDS: '60',
        OUTBOUND_POLL_INTERVAL_MS: '250',
        QUEUE_MAINTENANCE_INTERVAL_SECONDS: '5',
      }).outbound,
    ).toEqual({
      concurrency: 8,
      maxAttempts: 3,
      retryBaseMs: 1000,
      retryMaxMs: 5000,
      maxPerMinute: 30,
      attemptLeaseSeconds: 60,
      pollIntervalMs: 250,
      queueMaintenanceSeconds: 5,
    });
  });

  it.each([
    [{ OUTBOUND_CONCURRENCY: '0' }, /^OUTBOUND_CONCURRENCY: expected a whole number from 1 to 64/],
    [{ OUTBOUND_MAX_PER_MINUTE: '0' }, /^OUTBOUND_MAX_PER_MINUTE: expected a whole number from 1/],
    [{ OUTBOUND_MAX_ATTEMPTS: 'many' }, /^OUTBOUND_MAX_ATTEMPTS: /],
    [{ OUTBOUND_RETRY_BASE_MS: '60000', OUTBOUND_RETRY_MAX_MS: '1000' }, /^OUTBOUND_RETRY_MAX_MS: must not be shorter than OUTBOUND_RETRY_BASE_MS/],
    [{ OUTBOUND_ATTEMPT_LEASE_SECONDS: '86400' }, /^OUTBOUND_ATTEMPT_LEASE_SECONDS: /],
  ])('refuses %j, naming the variable', (env, message) => {
    expect(configError(() => loadConfig(env)).message).toMatch(message);
  });
});

describe('the retry delay', () => {
  it('doubles from the base per failed attempt up to the maximum, with at most 10% jitter', () => {
    expect([1, 2, 3, 4].map((attempt) => retryDelayMs(attempt, 100, 500, () => 0))).toEqual([100, 200, 400, 500]);
    expect(retryDelayMs(1, 1_000, 10_000, () => 0.999)).toBeLessThanOrEqual(1_100);
  });
});
