import { integer, type Env } from './env-values.js';

/** What `sendEmail` accepts, and how long accepted mail is kept (issue 16). */
export interface OutboundLimits {
  /** `OUTBOUND_MAX_MESSAGE_BYTES`: the largest message accepted, measured encoded (MIME, base64 attachments) as it will be sent. */
  readonly maxMessageBytes: number;
  /** `OUTBOUND_MAX_RECIPIENTS`: the most recipients of one message, to, cc and bcc together. */
  readonly maxRecipients: number;
  /** `OUTBOUND_RETENTION_DAYS`: after this, a message's bodies, attachments and headers are deleted; its record stays 30 days. */
  readonly retentionDays: number;
}

/** `OUTBOUND_MAX_MESSAGE_BYTES` (10 MiB), `OUTBOUND_MAX_RECIPIENTS` (100), `OUTBOUND_RETENTION_DAYS` (7). */
export function outboundLimitsFrom(env: Env): OutboundLimits {
  return Object.freeze({
    // 10 MiB encoded: about 7.5 MiB of attachments, under the 10-35 MiB most providers take.
    maxMessageBytes: integer(env, 'OUTBOUND_MAX_MESSAGE_BYTES', 10 * 1024 * 1024, 1_024, 100 * 1024 * 1024),
    maxRecipients: integer(env, 'OUTBOUND_MAX_RECIPIENTS', 100, 1, 10_000),
    // Under 30: the record (and so the content) is deleted after 30 days whatever this says.
    retentionDays: integer(env, 'OUTBOUND_RETENTION_DAYS', 7, 0, 30),
  });
}

/** The defaults, for callers of buildApp that do not read the environment. */
export const DEFAULT_OUTBOUND_LIMITS: OutboundLimits = outboundLimitsFrom({});
