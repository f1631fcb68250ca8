import { ErrorCode } from './domain-errors.js';

/** The two media types a GraphQL response is sent as (GraphQL over HTTP). */
export type GraphQLMediaType = 'application/graphql-response+json' | 'application/json';

/**
 * Codes of request errors: the document or the variables are wrong, so nothing was executed and
 * the response has no `data`. BAD_USER_INPUT is one when a variable cannot be coerced.
 */
const REQUEST_ERROR_CODES: ReadonlySet<string> = new Set([
  ErrorCode.GRAPHQL_PARSE_FAILED,
  ErrorCode.GRAPHQL_VALIDATION_FAILED,
  ErrorCode.BAD_USER_INPUT,
  ErrorCode.OPERATION_RESOLUTION_FAILURE,
  ErrorCode.PERSISTED_QUERY_NOT_FOUND,
  ErrorCode.PERSISTED_QUERY_NOT_SUPPORTED,
]);

/** Statuses of errors outside execution that are neither HTTP-level nor request errors. */
const STATUS_WITHOUT_DATA: Readonly<Partial<Record<string, number>>> = {
  [ErrorCode.FORBIDDEN]: 403,
  [ErrorCode.NOT_FOUND]: 404,
  [ErrorCode.CONFLICT]: 409,
  [ErrorCode.SEND_FAILED]: 502,
  [ErrorCode.UNAVAILABLE]: 503,
};

/** What decides the status of a response that carries errors. */
export interface ErrorResponse {
  /** The media type the response is sent as (negotiated from the request's Accept). */
  mediaType: GraphQLMediaType;
  /** The response has a `data` entry (even `null`): execution started. */
  hasData: boolean;
  /** `extensions.code` of each error. */
  codes: readonly string[];
  /** The status the response was given before (Apollo Server's or Fastify's). */
  status: number;
}

/**
 * The HTTP status of a response with errors; the one mapping every error is held to (the README
 * lists it per code). Following GraphQL over HTTP:
 *
 * - UNAUTHENTICATED: 401 (with `WWW-Authenticate`), RATE_LIMITED: 429 (with `Retry-After`),
 *   under both media types: HTTP-level outcomes, the request as a whole was refused.
 * - BAD_REQUEST: the request is not a well-formed GraphQL-over-HTTP request (no query, bad JSON,
 *   a GET mutation, an Accept the server cannot answer): the status it was given (400, 405, 406,
 *   413, 415).
 * - With `data` (even null), execution ran: 200, whatever the codes of the field errors
 *   (BAD_USER_INPUT from a rule, FORBIDDEN, CONFLICT, NOT_FOUND, UNAVAILABLE, SEND_FAILED,
 *   INTERNAL_SERVER_ERROR).
 * - Without `data`, request errors (parse, validation, a variable that cannot be coerced): 400 as
 *   `application/graphql-response+json`, 200 as legacy `application/json` (where clients such as
 *   Apollo Client 3 read a non-2xx response as a network error and lose the GraphQL errors).
 * - Without `data`, any other error (before execution: the identity provider cannot be reached,
 *   an internal error): its own status (UNAVAILABLE 503, INTERNAL_SERVER_ERROR 500, ...).
 */
export function errorResponseStatus(response: ErrorResponse): number {
  const { codes } = response;
  if (codes.length === 0) return response.status;
  if (codes.includes(ErrorCode.UNAUTHENTICATED)) return 401;
  if (codes.includes(ErrorCode.RATE_LIMITED)) return 429;
  if (codes.includes(ErrorCode.BAD_REQUEST)) return response.status >= 400 && response.status < 500 ? response.status : 400;
  if (response.hasData) return 200;
  if (codes.every((code) => REQUEST_ERROR_CODES.has(code))) return response.mediaType === 'application/json' ? 200 : 400;
  return Math.max(...codes.map((code) => STATUS_WITHOUT_DATA[code] ?? 500));
}
