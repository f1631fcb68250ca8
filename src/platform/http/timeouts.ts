import type { ServerOptions } from 'node:http';
import type { HttpLimits } from '../../config/http-settings.js';

/** The Fastify server options that bound how long a client may hold a connection. */
export interface ServerTimeouts {
  requestTimeout: number;
  connectionTimeout: number;
  keepAliveTimeout: number;
  http: ServerOptions;
}

/**
 * Fastify leaves `requestTimeout` and `connectionTimeout` at 0 (none): a client that sent its
 * headers and a few bytes of its body kept its socket for as long as it liked. Node enforces the
 * request and header timeouts on a timer (`connectionsCheckingInterval`, 30 s by default, which
 * would let a slow client hold on for up to twice the timeout); it runs here at a tenth of the
 * header timeout, at most once a second.
 */
export function serverTimeouts(limits: HttpLimits): ServerTimeouts {
  return {
    requestTimeout: limits.requestTimeoutMs,
    connectionTimeout: limits.connectionTimeoutMs,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    http: {
      requestTimeout: limits.requestTimeoutMs,
      headersTimeout: limits.headersTimeoutMs,
      keepAliveTimeout: limits.keepAliveTimeoutMs,
      connectionsCheckingInterval: Math.max(10, Math.min(1_000, Math.floor(limits.headersTimeoutMs / 10))),
    },
  };
}
