import cors from '@fastify/cors';
import type { FastifyError, FastifyInstance } from 'fastify';
import { ErrorCode } from '../errors/domain-errors.js';

export interface HttpSecurityOptions {
  /** Origins browsers may call the API from (CORS); none means same-origin only. */
  corsOrigins: readonly string[];
  /** Request headers allowed besides CORS_REQUEST_HEADERS (`CORS_ALLOWED_HEADERS`). */
  corsAllowedHeaders: readonly string[];
  /** The Apollo Sandbox landing page is served at `GET /graphql`. */
  landingPage: boolean;
}

/** A response body shaped like a GraphQL error, so every client reads failures the same way. */
function errorBody(message: string, code: ErrorCode, requestId: string) {
  return { errors: [{ message, extensions: { code, requestId } }] };
}

/** Client-facing text for Fastify's own request errors; never the parser's message, which quotes the body. */
function describe(error: FastifyError): string {
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return 'The request body is not valid JSON';
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return 'The request body is too large';
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return 'Unsupported content type: send application/json';
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return 'The Content-Length header does not match the body';
    default:
      return 'Bad request';
  }
}

/**
 * The headers OWASP's REST Security Cheat Sheet lists for every API response (Content-Type comes
 * from Apollo Server). helmet's other headers (COOP, Origin-Agent-Cluster, Referrer-Policy,
 * X-DNS-Prefetch-Control, X-Download-Options, X-Permitted-Cross-Domain-Policies, X-XSS-Protection)
 * act on HTML documents only; Node validates every header of every response, and those seven cost
 * a measurable share of the read path for nothing a JSON API needs.
 */
const SECURITY_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  // Settings are sensitive: no browser or proxy keeps a copy.
  'cache-control': 'no-store',
  // The API serves JSON only: nothing may load, frame or submit from its responses.
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
  'strict-transport-security': 'max-age=31536000; includeSubDomains',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
});

/**
 * Request headers a browser on an allowed origin may send (beyond the CORS-safelisted ones): what
 * GraphQL clients send, Apollo Client's when it is named (`clientAwareness`), a request id, and
 * W3C trace context, which OpenTelemetry's browser instrumentation adds to every fetch it traces.
 * A header missing here fails the browser's preflight, and with it the request.
 */
export const CORS_REQUEST_HEADERS: readonly string[] = Object.freeze([
  'authorization',
  'content-type',
  'apollo-require-preflight',
  'x-apollo-operation-name',
  'apollographql-client-name',
  'apollographql-client-version',
  'x-request-id',
  'traceparent',
  'tracestate',
]);

/**
 * Security headers, CORS from an allowlist, and GraphQL-shaped answers for requests Fastify
 * refuses before Apollo Server sees them (malformed JSON, too large, wrong content type, unknown
 * route). Register before the routes.
 */
export async function registerHttpSecurity(http: FastifyInstance, options: HttpSecurityOptions): Promise<void> {
  http.addHook('onRequest', (_request, reply, done) => {
    reply.headers(SECURITY_HEADERS);
    done();
  });
  if (options.landingPage) {
    // The Sandbox page carries its own nonce-based policy in a <meta> tag that allows Apollo's
    // embed; a strict header policy would be applied as well and block it. Only that HTML page.
    http.addHook('onSend', async (request, reply, payload) => {
      // Only the Sandbox page: the admin console's HTML (/admin) keeps its own strict policy.
      if (request.routeOptions.url === '/graphql' && String(reply.getHeader('content-type') ?? '').startsWith('text/html'))
        reply.removeHeader('content-security-policy');
      return payload;
    });
  }
  // No allowed origin: no CORS at all, and browsers keep to the same origin (a preflight is
  // refused). Registered anyway, @fastify/cors runs on every request to add only `Vary: Origin`.
  if (options.corsOrigins.length > 0) {
    await http.register(cors, {
      origin: [...options.corsOrigins],
      methods: ['GET', 'POST'],
      allowedHeaders: [...new Set([...CORS_REQUEST_HEADERS, ...options.corsAllowedHeaders])],
      exposedHeaders: ['x-request-id', 'retry-after'],
      credentials: false,
      maxAge: 600,
    });
  }

  http.setErrorHandler((error: FastifyError, request, reply) => {
    const status = error.statusCode ?? 500;
    if (status >= 500) {
      request.log.error({ err: error }, 'unexpected error before GraphQL, masked for the client');
      return reply.code(500).send(errorBody('Internal server error', ErrorCode.INTERNAL_SERVER_ERROR, request.id));
    }
    request.log.info({ code: error.code, status }, 'request refused before GraphQL');
    return reply.code(status).send(errorBody(describe(error), ErrorCode.BAD_REQUEST, request.id));
  });
  http.setNotFoundHandler((request, reply) => reply.code(404).send(errorBody('Not found', ErrorCode.NOT_FOUND, request.id)));
}
