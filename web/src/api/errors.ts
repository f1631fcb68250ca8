import { CombinedGraphQLErrors, ServerError } from '@apollo/client/errors';

/** One GraphQL error as the API sends it: `extensions.code` from a closed set, `extensions.field` naming the input path. */
export interface ApiError {
  readonly message: string;
  readonly code: string | undefined;
  readonly field: readonly string[] | undefined;
  readonly extensions: Readonly<Record<string, unknown>>;
}

function stringList(value: unknown): string[] | undefined {
  return Array.isArray(value) && value.every((part) => typeof part === 'string') ? value : undefined;
}

/** The API's errors in an Apollo Client error (none for a network failure). */
export function apiErrors(error: unknown): ApiError[] {
  if (!CombinedGraphQLErrors.is(error)) return [];
  return error.errors.map((e) => {
    const extensions = e.extensions ?? {};
    return {
      message: e.message,
      code: typeof extensions.code === 'string' ? extensions.code : undefined,
      field: stringList(extensions.field),
      extensions,
    };
  });
}

export function isUnauthenticated(error: unknown): boolean {
  if (ServerError.is(error) && error.statusCode === 401) return true;
  return apiErrors(error).some((e) => e.code === 'UNAUTHENTICATED');
}

/** A sentence for an error no field claims. */
export function describeError(error: unknown): string {
  const [first] = apiErrors(error);
  if (first) return first.message;
  if (error instanceof Error) return `The service could not be reached: ${error.message}`;
  return 'The service could not be reached';
}
