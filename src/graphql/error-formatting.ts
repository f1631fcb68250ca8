import type { GraphQLFormattedError } from 'graphql';
import { GraphQLError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import type { ApolloServerPlugin } from '@apollo/server';
import { DomainError, ErrorCode } from '../errors.js';
import type { RequestContext } from './context.js';

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

/** True for errors whose text we wrote, or Apollo wrote about the request: safe to show. */
export function isClientSafe(error: unknown): boolean {
  const original = unwrapResolverError(error);
  if (original instanceof DomainError) return true;
  // Request-level errors from Apollo/graphql-js have no original error behind them.
  return (
    original instanceof GraphQLError &&
    original.originalError === undefined &&
    APOLLO_REQUEST_CODES.has(String(original.extensions.code))
  );
}

/**
 * Masks everything that is not a domain error or a request error: Apollo Server would pass a
 * resolver's error text through word for word (a database error names its host and user).
 * Variable coercion messages are trimmed of the rejected value, which may be a password.
 */
export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  if (!isClientSafe(error)) return { message: INTERNAL_MESSAGE, extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } };
  const { stacktrace: _stacktrace, ...extensions } = formatted.extensions ?? {};
  const message = formatted.message.replace(/got invalid value .*? at "/s, 'got an invalid value at "').replace(/got invalid value [\s\S]*?;/, 'got an invalid value;');
  return { ...formatted, message, extensions };
}

/** Logs every masked error in full, and gives the client its request id to quote. */
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
        for (const error of response.body.singleResult.errors ?? []) {
          if (error.extensions?.code === ErrorCode.INTERNAL_SERVER_ERROR) {
            Object.assign(error, { extensions: { ...error.extensions, requestId: contextValue.requestId } });
          }
        }
      },
    };
  },
};
