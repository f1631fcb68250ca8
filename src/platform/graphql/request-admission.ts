import { HeaderMap } from '@apollo/server';
import type { FastifyRequest } from 'fastify';
import { GraphQLError, Kind, OperationTypeNode, parse } from 'graphql';
import type { Caller } from '../auth/token-authenticator.js';
import { ErrorCode, UnauthenticatedError } from '../errors/domain-errors.js';
import type { RequestContext } from './context.js';
import { SubscriptionOverHttpError } from './subscription-context.js';

/** Who is calling, as `Authentication.authenticate` answers it. */
export type Authenticate = (authorization: string | undefined, address: string) => Promise<Caller | undefined>;

export interface RequestAdmissionOptions {
  authenticate: Authenticate;
  /** Longest query text, in UTF-8 bytes. */
  maxQueryBytes: number;
}

/**
 * RFC 6750: no credentials, a bare challenge; credentials that do not authenticate, `invalid_token`.
 * Apollo Server turns `extensions.http` into the response status and headers, and drops it from the body.
 */
function unauthenticated(hadCredentials: boolean): UnauthenticatedError {
  const error = new UnauthenticatedError();
  const challenge = hadCredentials ? 'Bearer error="invalid_token"' : 'Bearer';
  Object.assign(error.extensions, { http: { status: 401, headers: new HeaderMap([['www-authenticate', challenge]]) } });
  return error;
}

function queryTooLong(): GraphQLError {
  return new GraphQLError('The query text is too long', { extensions: { code: ErrorCode.BAD_REQUEST, http: { status: 400 } } });
}

/**
 * Whether the document in `query` holds a subscription. Only texts that contain the word are
 * parsed (a second parse, for those alone). Apollo would validate the whole document, and
 * graphql-js 16's SingleFieldSubscriptionsRule throws instead of reporting on a subscription's root
 * field with `@include`/`@skip` on a variable, which Apollo answers with a masked 500; so a
 * subscription is refused here even beside the operation a request selects.
 */
function holdsSubscription(query: string): boolean {
  if (!query.includes('subscription')) return false;
  try {
    return parse(query, { noLocation: true }).definitions.some(
      (definition) => definition.kind === Kind.OPERATION_DEFINITION && definition.operation === OperationTypeNode.SUBSCRIPTION,
    );
  } catch {
    return false; // Apollo reports the syntax error.
  }
}

function subscriptionOverHttp(): SubscriptionOverHttpError {
  const error = new SubscriptionOverHttpError();
  Object.assign(error.extensions, { http: { status: 400 } });
  return error;
}

/** The query texts a request carries: the body's `query` (POST) or every `query` search parameter (GET). */
function queryTexts(request: FastifyRequest): string[] {
  if (request.method === 'GET') {
    const search = request.url.indexOf('?');
    return search === -1 ? [] : new URLSearchParams(request.url.slice(search + 1)).getAll('query');
  }
  const body: unknown = request.body;
  const query = body !== null && typeof body === 'object' && !Array.isArray(body) ? (body as { query?: unknown }).query : undefined;
  return typeof query === 'string' ? [query] : [];
}

/**
 * Apollo Server's context function, which it runs before it reads, parses, validates or stores the
 * operation: so this is where a request is refused that should cost nothing. A request without a
 * valid token gets UNAUTHENTICATED (401); only the landing page (served before the context) and
 * the health routes answer anonymously. An authenticated request whose query text is longer than
 * `maxQueryBytes` gets BAD_REQUEST (400: the request is well-formed HTTP within the body limit;
 * one of its fields breaks a GraphQL limit, as Apollo's other BAD_REQUESTs do), and so does a
 * subscription (served over WebSocket only). A bad token still
 * counts against its address's failure limit (`authenticate` does that).
 */
export function requestAdmission(options: RequestAdmissionOptions): (request: FastifyRequest) => Promise<RequestContext> {
  return async (request) => {
    const authorization = request.headers.authorization;
    const caller = await options.authenticate(authorization, request.ip);
    if (caller === undefined) throw unauthenticated(authorization !== undefined && authorization !== '');
    for (const query of queryTexts(request)) {
      // Bytes, as the limit is stated; a string's length is a cheap lower bound checked first.
      if (query.length > options.maxQueryBytes || Buffer.byteLength(query, 'utf8') > options.maxQueryBytes) throw queryTooLong();
      if (holdsSubscription(query)) throw subscriptionOverHttp();
    }
    return { requestId: request.id, caller, log: request.log };
  };
}
