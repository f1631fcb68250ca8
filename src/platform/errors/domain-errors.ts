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

/** Where in an input a problem is: keys and list indexes from the argument down, e.g. `["outgoing", "port"]`. */
export type InputPath = readonly (string | number)[];

/** One problem of an input: where, and what is wrong (no value is ever repeated). */
export interface InputProblem {
  field: InputPath;
  message: string;
}

/**
 * An input path as the rules write it (`outgoing.port`, `additionalProperties[2].key`) as a path
 * array (`["outgoing", "port"]`, `["additionalProperties", 2, "key"]`), the form graphql-js gives
 * an error's `path`.
 */
export function inputPath(text: string): InputPath {
  const path: (string | number)[] = [];
  for (const match of text.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) path.push(match[2] === undefined ? (match[1] ?? '') : Number(match[2]));
  return path;
}

/**
 * Input that breaks a rule. Always in one shape: `field`, the path of the (first) problem as an
 * array (empty when the problem is the input as a whole), and `problems`, every problem found
 * (`field` and `message` each). `field` in `details` may be given as the rules write it
 * (`outgoing.port`).
 */
export class BadUserInputError extends DomainError {
  readonly problems: readonly InputProblem[];

  constructor(message: string, details: { field?: string | InputPath; problems?: readonly InputProblem[] } & Record<string, unknown> = {}) {
    const { field: given, problems: listed, ...rest } = details;
    const field = typeof given === 'string' ? inputPath(given) : (given ?? listed?.[0]?.field ?? []);
    const problems = listed ?? [{ field, message }];
    super(message, ErrorCode.BAD_USER_INPUT, { field, problems, ...rest });
    this.problems = problems;
  }

  /**
   * The same refusal for an input nested in another one: every problem's path, and `field`, start
   * with `prefix` (testMailSession's candidate is `settings` of its input). Messages stay as the
   * rules wrote them.
   */
  nestedUnder(prefix: InputPath): BadUserInputError {
    const problems = this.problems.map((problem) => ({ field: [...prefix, ...problem.field], message: problem.message }));
    const { field, problems: _problems, code: _code, ...rest } = this.extensions as { field?: InputPath; problems?: unknown; code?: unknown };
    return new BadUserInputError(this.message, { ...rest, field: [...prefix, ...(field ?? [])], problems });
  }

  /** One error for several problems (each error's own), or the one error itself. */
  static combine(errors: readonly BadUserInputError[]): BadUserInputError | undefined {
    if (errors.length <= 1) return errors[0];
    const problems = errors.flatMap((error) => error.problems);
    return new BadUserInputError(problems.map((problem) => problem.message).join('; '), { problems });
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
