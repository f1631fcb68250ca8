import { ConfigError } from './config-error.js';
import { integer, text, type Env } from './env-values.js';

/** How this instance works the outbound mail queue (issue 16). */
export interface OutboundSettings {
  /** `OUTBOUND_CONCURRENCY`: messages this instance sends at once. */
  readonly concurrency: number;
  /** `OUTBOUND_MAX_ATTEMPTS`: attempts before a message that keeps failing transiently ends FAILED. */
  readonly maxAttempts: number;
  /** `OUTBOUND_RETRY_BASE_MS`: the wait after the first failed attempt; doubled after each one. */
  readonly retryBaseMs: number;
  /** `OUTBOUND_RETRY_MAX_MS`: the longest wait between two attempts. */
  readonly retryMaxMs: number;
  /** `OUTBOUND_MAX_PER_MINUTE`: messages per minute to the SMTP server, all instances together; undefined: no limit. */
  readonly maxPerMinute: number | undefined;
  /** `OUTBOUND_ATTEMPT_LEASE_SECONDS`: how long an attempt may hold its job before another instance takes it over. */
  readonly attemptLeaseSeconds: number;
  /** `OUTBOUND_POLL_INTERVAL_MS`: how often an idle instance looks for due messages. */
  readonly pollIntervalMs: number;
  /** `QUEUE_MAINTENANCE_INTERVAL_SECONDS`: how often (one instance of all) takes back the jobs of vanished instances. */
  readonly queueMaintenanceSeconds: number;
}

export const DEFAULT_OUTBOUND_SETTINGS: OutboundSettings = Object.freeze({
  concurrency: 4,
  maxAttempts: 10,
  // 3 min doubled up to 12 h: the 9 waits between 10 attempts add up to about a day (24.75 h).
  retryBaseMs: 180_000,
  retryMaxMs: 43_200_000,
  maxPerMinute: undefined,
  // Longer than any send can take (nodemailer's timeouts), so a slow attempt is never sent twice.
  attemptLeaseSeconds: 900,
  pollIntervalMs: 500,
  queueMaintenanceSeconds: 30,
});

export function outboundSettingsFrom(env: Env): OutboundSettings {
  const defaults = DEFAULT_OUTBOUND_SETTINGS;
  const retryBaseMs = integer(env, 'OUTBOUND_RETRY_BASE_MS', defaults.retryBaseMs, 10, 86_400_000);
  const retryMaxMs = integer(env, 'OUTBOUND_RETRY_MAX_MS', Math.max(defaults.retryMaxMs, retryBaseMs), 10, 86_400_000);
  if (retryMaxMs < retryBaseMs) throw new ConfigError('OUTBOUND_RETRY_MAX_MS', `must not be shorter than OUTBOUND_RETRY_BASE_MS (${retryBaseMs})`);
  return Object.freeze({
    concurrency: integer(env, 'OUTBOUND_CONCURRENCY', defaults.concurrency, 1, 64),
    maxAttempts: integer(env, 'OUTBOUND_MAX_ATTEMPTS', defaults.maxAttempts, 1, 100),
    retryBaseMs,
    retryMaxMs,
    maxPerMinute: text(env, 'OUTBOUND_MAX_PER_MINUTE') === undefined ? undefined : integer(env, 'OUTBOUND_MAX_PER_MINUTE', 0, 1, 100_000),
    // pg-boss takes leases under 24 hours.
    attemptLeaseSeconds: integer(env, 'OUTBOUND_ATTEMPT_LEASE_SECONDS', defaults.attemptLeaseSeconds, 5, 86_399),
    pollIntervalMs: integer(env, 'OUTBOUND_POLL_INTERVAL_MS', defaults.pollIntervalMs, 20, 60_000),
    queueMaintenanceSeconds: integer(env, 'QUEUE_MAINTENANCE_INTERVAL_SECONDS', defaults.queueMaintenanceSeconds, 1, 3_600),
  });
}
