import { integer, type Env } from './env-values.js';

/** How the one poller of the deployment reads the incoming mailbox (issue 17). */
export interface InboundReaderSettings {
  /**
   * Longest time the deployment goes without a poller after the one holding the lock (or its
   * database connection) died: the other instances try the lock this often, a third of it apart.
   */
  readonly failoverMs: number;
  /** Between two polls of a POP3 mailbox, or of an IMAP server without IDLE; with IDLE, between two safety checks. */
  readonly pollIntervalMs: number;
  /** Larger messages are recorded REFUSED with their headers and left on the server. */
  readonly maxMessageBytes: number;
}

/** `INBOUND_FAILOVER_MS`, `INBOUND_POLL_INTERVAL_MS`, `INBOUND_MAX_MESSAGE_BYTES`. */
export function inboundReaderSettingsFrom(env: Env): InboundReaderSettings {
  return Object.freeze({
    failoverMs: integer(env, 'INBOUND_FAILOVER_MS', 10_000, 300, 600_000),
    pollIntervalMs: integer(env, 'INBOUND_POLL_INTERVAL_MS', 60_000, 100, 86_400_000),
    maxMessageBytes: integer(env, 'INBOUND_MAX_MESSAGE_BYTES', 25 * 1024 * 1024, 1024, 1024 * 1024 * 1024),
  });
}

/** Defaults of the settings above, for callers of buildApp that do not read the environment. */
export const DEFAULT_INBOUND_READER_SETTINGS: InboundReaderSettings = inboundReaderSettingsFrom({});
