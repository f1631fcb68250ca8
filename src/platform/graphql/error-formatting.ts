import type { GraphQLFormattedError } from 'graphql';
import { GraphQLError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import type { ApolloServerPlugin } from '@apollo/server';
import { DomainError, ErrorCode } from '../errors/domain-errors.js';
import type { RequestContext } from './context.js';
import { withoutSchemaDetails } from './schema-details.js';
import { oneErrorPerVariable, variableOf, withVariableProblem } from './variable-errors.js';

/** Codes Apollo Server raises itself, before any resolver runs. */
const APOLLO_REQUEST_CODES = new Set<string>([
  ErrorCode.GRAPHQL_PARSE_FAILED,
  ErrorCode.GRAPHQL_VALIDATION_FAILED,
  ErrorCode.BAD_REQUEST,
  ErrorCode.BAD_USER_INPUT,
  ErrorCode.OPERATION_RESOLUTION_FAILURE,
  ErrorCode.PERSISTED_QUERY_NOT_FOUND,
  ErrorCode.PERSISTED_QUERY_NOT_SUPPORTED,
]);

const INTERNAL_MESSAGE = 'Internal server error';

/**
 * True for errors whose text we wrote, or Apollo wrote about the request: safe to show. Request
 * errors (parse, validation, variable coercion) come before execution and have no path; anything
 * raised while resolving a field has one and is safe only as a domain error.
 */
export function isClientSafe(error: unknown): boolean {
  if (unwrapResolverError(error) instanceof DomainError) return true;
  return error instanceof GraphQLError && error.path === undefined && APOLLO_REQUEST_CODES.has(String(error.extensions.code));
}

/** graphql-js's suggestion at the end of a message, or graphql-armor's stand-in for it. */
const SUGGESTION = / ?(?:Did you mean [^?]*|\[Suggestion hidden\])\?$/;

/**
 * graphql-js repeats a rejected variable's value in its message (`Variable "$input" got invalid
 * value { ...password: "..." } at "input.x"; <reason>`), and often in the reason too. Keep the
 * variable, the path and the reason, without any value. `reason` is the message of the error
 * graphql-js wraps (its `originalError`); without it only the variable is named.
 */
export function withoutVariableValue(message: string, reason: string | undefined): string {
  const head = /^Variable "\$\w+"/.exec(message)?.[0];
  if (head === undefined || !message.startsWith(' got invalid value ', head.length)) return message;
  // A suggestion ends the reason; graphql-armor may have replaced it in the message only.
  const suggestion = SUGGESTION.exec(message)?.[0] ?? '';
  const bare = message.slice(0, message.length - suggestion.length);
  const bareReason = reason?.replace(SUGGESTION, '');
  if (bareReason === undefined || !bare.endsWith(`; ${bareReason}`)) return `${head} got an invalid value`;
  const at = / at "([^"]*)"$/.exec(bare.slice(0, -(bareReason.length + 2)))?.[1];
  const safeReason = bareReason.replace(/^Value "[\s\S]*" does not exist/, 'Value does not exist').replace(/:\s[\s\S]*$/, '');
  return `${head} got an invalid value${at === undefined ? '' : ` at "${at}"`}: ${safeReason}${suggestion}`;
}

/** The reason graphql-js gave for a variable coercion error, found down the error's causes. */
function coercionReason(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; current instanceof Error && depth < 4; depth++) {
    const cause: unknown = (current as { originalError?: unknown }).originalError;
    if (current.message.startsWith('Variable "$') && cause instanceof Error) return cause.message;
    current = cause;
  }
  return undefined;
}

export interface ErrorFormatOptions {
  /** Production: no suggestions and no type names in messages (see schema-details.ts). */
  hideSchemaDetails: boolean;
}

/**
 * Apollo Server's `formatError`. Masks everything that is not a domain error or a request error:
 * Apollo Server would pass a resolver's error text through word for word (a database error names
 * its host and user). Gives a variable coercion error the shape of every BAD_USER_INPUT (`field`,
 * `problems`), and, with `hideSchemaDetails`, leaves schema details out of every message.
 */
export function errorFormatter(options: ErrorFormatOptions): (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError {
  const wording = options.hideSchemaDetails ? withoutSchemaDetails : (message: string) => message;
  return (formatted, error) => {
    if (!isClientSafe(error)) return { message: INTERNAL_MESSAGE, extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } };
    const { stacktrace: _stacktrace, ...extensions } = formatted.extensions ?? {};
    const safe = { ...formatted, message: wording(withoutVariableValue(formatted.message, coercionReason(error))), extensions };
    const fromVariable = extensions.code === ErrorCode.BAD_USER_INPUT && formatted.path === undefined && variableOf(formatted.message) !== undefined;
    return fromVariable ? withVariableProblem(safe) : safe;
  };
}

/**
 * Logs every masked error in full, gives every error the request id to quote, and one
 * BAD_USER_INPUT per variable (see `oneErrorPerVariable`).
 */
export const errorLoggingPlugin: ApolloServerPlugin<RequestContext> = {
  async requestDidStart() {
    return {
      async didEncounterErrors({ errors, contextValue }) {
        for (const error of errors) {
          if (isClientSafe(error)) continue;
          contextValue.log.error({ err: unwrapResolverError(error), path: error.path }, 'unexpected error, masked for the client');
        }
      },
      async willSendResponse({ response, contextValue }) {
        if (response.body.kind !== 'single') return;
        const { singleResult } = response.body;
        if (singleResult.errors === undefined) return;
        singleResult.errors = oneErrorPerVariable(singleResult.errors).map((error) => ({
          ...error,
          extensions: { ...error.extensions, requestId: contextValue.requestId },
        }));
      },
    };
  },
};
