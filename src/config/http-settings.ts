import { ConfigError } from './config-error.js';
import { corsAllowedHeadersFrom } from './cors-settings.js';
import { integer, text, type Env } from './env-values.js';

/** Limits on what one HTTP request may ask of the service. */
export interface HttpLimits {
  readonly bodyLimitBytes: number;
  /** Origins allowed by CORS (Apollo Sandbox's is added in development). */
  readonly corsOrigins: readonly string[];
  /** `CORS_ALLOWED_HEADERS`: request headers allowed besides the service's own (see cors-settings). */
  readonly corsAllowedHeaders: readonly string[];
  readonly maxDepth: number;
  readonly maxCost: number;
  readonly maxAliases: number;
  readonly maxTokens: number;
  readonly maxDirectives: number;
  /** No schema details (field suggestions) in client errors: on in production. */
  readonly hideSchemaDetails: boolean;
  /** Longest GraphQL query text, in UTF-8 bytes; a longer one is refused before it is parsed. */
  readonly maxQueryBytes: number;
  /** Time to receive a whole request, headers and body (Node's `server.requestTimeout`). */
  readonly requestTimeoutMs: number;
  /** Time to receive a request's headers (Node's `server.headersTimeout`); at most `requestTimeoutMs`. */
  readonly headersTimeoutMs: number;
  /** How long an idle keep-alive connection is kept open between requests (Node 20 adds up to 1 s). */
  readonly keepAliveTimeoutMs: number;
  /**
   * A connection with no traffic either way for this long is closed (Fastify's `connectionTimeout`,
   * Node's socket timeout). Longer than the slowest answer: testMailSession may take 30 s.
   */
  readonly connectionTimeoutMs: number;
}

/** Apollo Sandbox on Apollo's site, allowed to call the service in development only. */
export const APOLLO_SANDBOX_ORIGIN = 'https://studio.apollographql.com';

export function httpLimitsFrom(env: Env, nodeEnv: 'development' | 'production' | 'test'): HttpLimits {
  const corsOrigins = (text(env, 'CORS_ORIGINS') ?? '')
    .split(',')
    .map((origin) => origin.trim())
    .filter(Boolean);
  for (const origin of corsOrigins) {
    if (!/^https?:\/\/[^/\s]+$/.test(origin))
      throw new ConfigError('CORS_ORIGINS', `expected origins such as https://admin.example.com (scheme and host, no path), got "${origin}"`);
  }
  if (nodeEnv === 'development' && !corsOrigins.includes(APOLLO_SANDBOX_ORIGIN)) corsOrigins.push(APOLLO_SANDBOX_ORIGIN);
  return {
    bodyLimitBytes: integer(env, 'HTTP_BODY_LIMIT_BYTES', 256 * 1024, 1024, 64 * 1024 * 1024),
    corsOrigins,
    corsAllowedHeaders: corsAllowedHeadersFrom(env),
    maxDepth: integer(env, 'GRAPHQL_MAX_DEPTH', 8, 1, 1_000),
    maxCost: integer(env, 'GRAPHQL_MAX_COST', 5_000, 1, 1_000_000),
    maxAliases: integer(env, 'GRAPHQL_MAX_ALIASES', 15, 0, 1_000),
    maxTokens: integer(env, 'GRAPHQL_MAX_TOKENS', 1_000, 10, 1_000_000),
    maxDirectives: integer(env, 'GRAPHQL_MAX_DIRECTIVES', 50, 0, 1_000),
    hideSchemaDetails: nodeEnv === 'production',
    maxQueryBytes: integer(env, 'GRAPHQL_MAX_QUERY_BYTES', 16 * 1024, 64, 16 * 1024 * 1024),
    ...httpTimeoutsFrom(env),
  };
}

type HttpTimeouts = Pick<HttpLimits, 'requestTimeoutMs' | 'headersTimeoutMs' | 'keepAliveTimeoutMs' | 'connectionTimeoutMs'>;

/** Slow clients are cut off: a connection that trickles or idles no longer holds a socket forever. */
export function httpTimeoutsFrom(env: Env): HttpTimeouts {
  const requestTimeoutMs = integer(env, 'HTTP_REQUEST_TIMEOUT_MS', 30_000, 100, 600_000);
  const headersTimeoutMs = integer(env, 'HTTP_HEADERS_TIMEOUT_MS', Math.min(10_000, requestTimeoutMs), 100, 600_000);
  // Node refuses to start a server whose header timeout is longer than its request timeout.
  if (headersTimeoutMs > requestTimeoutMs)
    throw new ConfigError('HTTP_HEADERS_TIMEOUT_MS', `must not be longer than HTTP_REQUEST_TIMEOUT_MS (${requestTimeoutMs})`);
  return {
    requestTimeoutMs,
    headersTimeoutMs,
    keepAliveTimeoutMs: integer(env, 'HTTP_KEEP_ALIVE_TIMEOUT_MS', 5_000, 100, 600_000),
    connectionTimeoutMs: integer(env, 'HTTP_CONNECTION_TIMEOUT_MS', 60_000, 1_000, 3_600_000),
  };
}

/** Defaults of the settings above, for callers of buildApp that do not read the environment. */
export const DEFAULT_HTTP_LIMITS: HttpLimits = Object.freeze(httpLimitsFrom({}, 'test'));
