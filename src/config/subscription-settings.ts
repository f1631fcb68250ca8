import { integer, type Env } from './env-values.js';

/** Limits on the GraphQL subscription sockets (graphql-ws over WebSocket at `/graphql`). */
export interface SubscriptionLimits {
  /** Open subscription sockets this instance accepts in all; more are refused with 503 before the upgrade. */
  readonly maxConnections: number;
  /** Open subscription sockets one client address (see clientKey) may hold; more are refused with 429. */
  readonly maxConnectionsPerAddress: number;
  /** Subscriptions one socket may hold at once; a further subscribe is refused with BAD_REQUEST. */
  readonly maxSubscriptionsPerConnection: number;
  /** Time a new socket has to send `connection_init` before graphql-ws closes it (4408). */
  readonly initTimeoutMs: number;
  /** Ping interval; a peer that has not answered a ping by the next one is cut off. */
  readonly keepAliveMs: number;
  /** Bytes a socket may have waiting to be sent; a socket past it is cut off (a consumer that stopped reading). */
  readonly maxBufferedBytes: number;
  /** Events one subscription may have waiting while its socket is still busy sending; past it the socket is cut off. */
  readonly maxPendingEvents: number;
  /** Longest wait on close for sockets to answer the 1001 close frame before they are cut off. */
  readonly closeTimeoutMs: number;
}

/**
 * `SUBSCRIPTION_MAX_CONNECTIONS`, `SUBSCRIPTION_MAX_CONNECTIONS_PER_ADDRESS`,
 * `SUBSCRIPTION_MAX_PER_CONNECTION`, `SUBSCRIPTION_INIT_TIMEOUT_MS`, `SUBSCRIPTION_KEEPALIVE_MS`, `SUBSCRIPTION_MAX_BUFFERED_BYTES`,
 * `SUBSCRIPTION_MAX_PENDING_EVENTS`.
 */
export function subscriptionLimitsFrom(env: Env): SubscriptionLimits {
  return Object.freeze({
    maxConnections: integer(env, 'SUBSCRIPTION_MAX_CONNECTIONS', 1_000, 0, 1_000_000),
    maxConnectionsPerAddress: integer(env, 'SUBSCRIPTION_MAX_CONNECTIONS_PER_ADDRESS', 20, 1, 1_000_000),
    maxSubscriptionsPerConnection: integer(env, 'SUBSCRIPTION_MAX_PER_CONNECTION', 10, 1, 10_000),
    initTimeoutMs: integer(env, 'SUBSCRIPTION_INIT_TIMEOUT_MS', 3_000, 100, 600_000),
    keepAliveMs: integer(env, 'SUBSCRIPTION_KEEPALIVE_MS', 12_000, 100, 600_000),
    maxBufferedBytes: integer(env, 'SUBSCRIPTION_MAX_BUFFERED_BYTES', 1024 * 1024, 1024, 1024 * 1024 * 1024),
    maxPendingEvents: integer(env, 'SUBSCRIPTION_MAX_PENDING_EVENTS', 16, 1, 10_000),
    closeTimeoutMs: 2_000,
  });
}

/** Defaults of the settings above, for callers of buildApp that do not read the environment. */
export const DEFAULT_SUBSCRIPTION_LIMITS: SubscriptionLimits = subscriptionLimitsFrom({});
