import { GraphQLError } from 'graphql';

/** The closed set of `extensions.code` values a client can see. */
export enum ErrorCode {
  BAD_USER_INPUT = 'BAD_USER_INPUT',
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  FORBIDDEN = 'FORBIDDEN',
  CONFLICT = 'CONFLICT',
  NOT_FOUND = 'NOT_FOUND',
  UNAVAILABLE = 'UNAVAILABLE',
  RATE_LIMITED = 'RATE_LIMITED',
  /** The mail server refused or dropped a message this service tried to send. */
  SEND_FAILED = 'SEND_FAILED',
  INTERNAL_SERVER_ERROR = 'INTERNAL_SERVER_ERROR',
  // Raised by Apollo Server itself before any resolver runs; their messages are safe to show.
  GRAPHQL_PARSE_FAILED = 'GRAPHQL_PARSE_FAILED',
  GRAPHQL_VALIDATION_FAILED = 'GRAPHQL_VALIDATION_FAILED',
  BAD_REQUEST = 'BAD_REQUEST',
  OPERATION_RESOLUTION_FAILURE = 'OPERATION_RESOLUTION_FAILURE',
  PERSISTED_QUERY_NOT_FOUND = 'PERSISTED_QUERY_NOT_FOUND',
  PERSISTED_QUERY_NOT_SUPPORTED = 'PERSISTED_QUERY_NOT_SUPPORTED',
}

/** Base of every error whose message is safe to show a client as it is. */
export abstract class DomainError extends GraphQLError {
  protected constructor(message: string, code: ErrorCode, extensions: Record<string, unknown> = {}) {
    super(message, { extensions: { ...extensions, code } });
    this.name = new.target.name;
  }
}

/** Input that breaks a rule. `field` is the input path, e.g. `outgoing.port`. */
export class BadUserInputError extends DomainError {
  constructor(message: string, details: { field?: string } & Record<string, unknown> = {}) {
    super(message, ErrorCode.BAD_USER_INPUT, details);
  }
}

export class UnauthenticatedError extends DomainError {
  constructor(message = 'A valid bearer token is required') {
    super(message, ErrorCode.UNAUTHENTICATED);
  }
}

export class ForbiddenError extends DomainError {
  constructor(message = 'This token may not perform that operation') {
    super(message, ErrorCode.FORBIDDEN);
  }
}

/** An optimistic-concurrency failure: the caller's view of the settings is stale. */
export class ConflictError extends DomainError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super(message, ErrorCode.CONFLICT, details);
  }
}

export class NotFoundError extends DomainError {
  constructor(message: string) {
    super(message, ErrorCode.NOT_FOUND);
  }
}

/** A dependency (the database) cannot be reached; the request changed nothing. */
export class UnavailableError extends DomainError {
  constructor(message = 'The service is temporarily unavailable; nothing was changed. Try again shortly.') {
    super(message, ErrorCode.UNAVAILABLE);
  }
}

/** Too many requests of one kind from one caller; `retryAfterSeconds` says when to try again. */
export class RateLimitedError extends DomainError {
  constructor(message: string, retryAfterSeconds: number) {
    super(`${message}; try again in ${retryAfterSeconds} s`, ErrorCode.RATE_LIMITED, { retryAfterSeconds });
  }
}

/** A message could not be sent: the mail server's reply (its own text) says why. */
export class SendFailedError extends DomainError {
  constructor(message: string, details: { responseCode?: number; rejected?: string[]; reason?: string } = {}) {
    super(message, ErrorCode.SEND_FAILED, details);
  }
}
