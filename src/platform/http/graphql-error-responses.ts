import type { FastifyInstance, FastifyReply } from 'fastify';
import { errorResponseStatus, type GraphQLMediaType } from '../errors/http-status.js';

interface ErrorBody {
  data?: unknown;
  errors: { extensions?: Record<string, unknown> }[];
}

function errorBody(payload: unknown): ErrorBody | undefined {
  // A success costs one substring search; only a response with errors is read.
  if (typeof payload !== 'string' || !payload.includes('"errors"')) return undefined;
  try {
    const body: unknown = JSON.parse(payload);
    return body !== null && typeof body === 'object' && Array.isArray((body as ErrorBody).errors) ? (body as ErrorBody) : undefined;
  } catch {
    return undefined;
  }
}

function mediaTypeOf(reply: FastifyReply): GraphQLMediaType {
  return String(reply.getHeader('content-type') ?? '').startsWith('application/graphql-response+json')
    ? 'application/graphql-response+json'
    : 'application/json';
}

/** The longest wait any RATE_LIMITED error of the response asks for, in whole seconds (at least 1). */
function retryAfter(body: ErrorBody): number {
  const waits = body.errors.map((error) => Number(error.extensions?.retryAfterSeconds)).filter((seconds) => Number.isFinite(seconds));
  return Math.max(1, ...waits.map(Math.ceil));
}

/**
 * Holds every GraphQL error response at `path` to one mapping of codes to HTTP statuses
 * (`errorResponseStatus`, in platform/errors/http-status.ts), whichever layer raised the error
 * (the context function, Apollo's request checks, a resolver, Fastify): sets the status, adds
 * `Retry-After` to RATE_LIMITED and `WWW-Authenticate` to UNAUTHENTICATED when missing, and gives
 * every error the request id (`extensions.requestId`, also sent as `X-Request-Id`) to quote.
 */
export function registerGraphQLErrorResponses(http: FastifyInstance, path = '/graphql'): void {
  // Synchronous (a callback, not a promise): it runs on every response of the read path.
  http.addHook('onSend', (request, reply, payload, done) => {
    const body = request.routeOptions.url === path ? errorBody(payload) : undefined;
    if (body === undefined) {
      done(null, payload);
      return;
    }
    for (const error of body.errors) error.extensions = { ...error.extensions, requestId: request.id };
    const codes = body.errors.map((error) => String(error.extensions?.code));
    const status = errorResponseStatus({ mediaType: mediaTypeOf(reply), hasData: 'data' in body, codes, status: reply.statusCode });
    reply.code(status);
    if (status === 429) reply.header('retry-after', String(retryAfter(body)));
    if (status === 401 && !reply.hasHeader('www-authenticate')) reply.header('www-authenticate', 'Bearer');
    done(null, JSON.stringify(body));
  });
}
