import { ConfigError } from './config-error.js';
import { integer, text, type Env } from './env-values.js';

/** Where and how each stored inbound message is pushed (issue 17). */
export interface InboundWebhookSettings {
  /** `INBOUND_WEBHOOK_URL`: http(s), no user name or password in it, no fragment. */
  readonly url: string;
  /** `INBOUND_WEBHOOK_SECRET`: the HMAC-SHA256 key of the `Mail-Session-Signature` header. */
  readonly secret: string;
  /** `INBOUND_WEBHOOK_RETRY_LIMIT`: retries after the first attempt before the job fails for good. */
  readonly retryLimit: number;
  /** `INBOUND_WEBHOOK_RETRY_DELAY_SECONDS`: the first retry's delay; each later one about doubles (with jitter). */
  readonly retryDelaySeconds: number;
  /** `INBOUND_WEBHOOK_TIMEOUT_MS`: one attempt (resolve, connect, send, answer) ends within this. */
  readonly timeoutMs: number;
}

/** What the service does with stored inbound messages besides serving them over GraphQL. */
export interface InboundSettings {
  /** `INBOUND_RETENTION_DAYS`: a message's raw source is deleted this many days after it was stored (0: at the next sweep). */
  readonly retentionDays: number;
  /** Unset: no webhook; messages are read over GraphQL only. */
  readonly webhook: InboundWebhookSettings | undefined;
}

/** The shortest webhook secret taken: 128 bits of hex, or a Stripe-style `whsec_` key. */
const MIN_SECRET_LENGTH = 24;

function webhookUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError('INBOUND_WEBHOOK_URL', 'expected an http(s) URL, e.g. https://app.example.com/hooks/inbound-mail');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new ConfigError('INBOUND_WEBHOOK_URL', `expected an http(s) URL, not ${url.protocol}`);
  // A password in the URL would be written wherever the URL is (logs, job rows); the signature authenticates.
  if (url.username !== '' || url.password !== '') throw new ConfigError('INBOUND_WEBHOOK_URL', 'must not carry a user name or password');
  if (url.hash !== '') throw new ConfigError('INBOUND_WEBHOOK_URL', 'must not have a fragment (#...)');
  return url.toString();
}

/**
 * `INBOUND_RETENTION_DAYS`, and the webhook: `INBOUND_WEBHOOK_URL` with `INBOUND_WEBHOOK_SECRET`
 * (required with it, also as `INBOUND_WEBHOOK_SECRET_FILE`), `INBOUND_WEBHOOK_RETRY_LIMIT`,
 * `INBOUND_WEBHOOK_RETRY_DELAY_SECONDS`, `INBOUND_WEBHOOK_TIMEOUT_MS`.
 */
export function inboundSettingsFrom(env: Env): InboundSettings {
  const retentionDays = integer(env, 'INBOUND_RETENTION_DAYS', 7, 0, 3650);
  const rawUrl = text(env, 'INBOUND_WEBHOOK_URL');
  const secret = text(env, 'INBOUND_WEBHOOK_SECRET');
  if (rawUrl === undefined) {
    if (secret !== undefined) throw new ConfigError('INBOUND_WEBHOOK_SECRET', 'set without INBOUND_WEBHOOK_URL: give the URL too, or leave both unset');
    return Object.freeze({ retentionDays, webhook: undefined });
  }
  const url = webhookUrl(rawUrl);
  if (secret === undefined) throw new ConfigError('INBOUND_WEBHOOK_SECRET', 'required with INBOUND_WEBHOOK_URL: the key the receiver verifies signatures with');
  if (secret.length < MIN_SECRET_LENGTH)
    throw new ConfigError('INBOUND_WEBHOOK_SECRET', `must be at least ${MIN_SECRET_LENGTH} characters, e.g. \`openssl rand -hex 32\``);
  return Object.freeze({
    retentionDays,
    webhook: Object.freeze({
      url,
      secret,
      retryLimit: integer(env, 'INBOUND_WEBHOOK_RETRY_LIMIT', 10, 0, 100),
      retryDelaySeconds: integer(env, 'INBOUND_WEBHOOK_RETRY_DELAY_SECONDS', 5, 1, 3600),
      timeoutMs: integer(env, 'INBOUND_WEBHOOK_TIMEOUT_MS', 10_000, 100, 120_000),
    }),
  });
}

/** Defaults, for callers of buildApp that do not read the environment: 7 days, no webhook. */
export const DEFAULT_INBOUND_SETTINGS: InboundSettings = Object.freeze(inboundSettingsFrom({}));
