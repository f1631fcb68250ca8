import { ErrorCode } from './domain-errors.js';

/** What a client can rely on for one code: its HTTP status per media type, its extensions, when it happens. */
interface CodeContract {
  /** As `application/graphql-response+json` / as `application/json`. */
  status: string;
  extensions: string;
  when: string;
}

const EVERY_ERROR = '`code`, `requestId`';

/**
 * The codes a client sees, in the order the README lists them. `errorResponseStatus`
 * (http-status.ts) is the mapping itself; test/api/errors.http-status.test.ts holds both to it.
 */
export const ERROR_CODE_CONTRACT: Readonly<Record<ErrorCode, CodeContract>> = {
  [ErrorCode.BAD_USER_INPUT]: {
    status: 'a variable that cannot be coerced (no `data`): 400 / 200; a broken rule (`data` present): 200 / 200',
    extensions: `${EVERY_ERROR}, \`field\` (input path as an array, e.g. ["outgoing", "port"]; [] for the input as a whole), \`problems\` (every problem of the input: { field, message }); some add their own (\`changedFields\`, \`key\`, \`line\`)`,
    when: 'an argument breaks its type or a rule (validation, cross-field rules, password re-entry)',
  },
  [ErrorCode.UNAUTHENTICATED]: {
    status: '401 / 401, with `WWW-Authenticate: Bearer`',
    extensions: EVERY_ERROR,
    when: 'no bearer token, or one that does not authenticate; nothing else is told to such a caller',
  },
  [ErrorCode.FORBIDDEN]: {
    status: '200 / 200',
    extensions: EVERY_ERROR,
    when: 'the token lacks the role the operation needs, or the settings are managed (read-only)',
  },
  [ErrorCode.CONFLICT]: {
    status: '200 / 200',
    extensions: `${EVERY_ERROR}, \`currentVersion\`, \`expectedVersion\``,
    when: '`expectedVersion` is not the current version',
  },
  [ErrorCode.NOT_FOUND]: { status: '200 / 200', extensions: EVERY_ERROR, when: 'the revision or object asked for does not exist' },
  [ErrorCode.UNAVAILABLE]: {
    status: '200 / 200 (before execution, e.g. the identity provider: 503 / 503)',
    extensions: EVERY_ERROR,
    when: 'a dependency (the database, the live outgoing transport, the identity provider) cannot be reached; nothing was changed, except a sendEmail whose commit was cut: its message then says the message may have been accepted (send it again with the same idempotencyKey)',
  },
  [ErrorCode.RATE_LIMITED]: {
    status: '429 / 429, with `Retry-After` (seconds)',
    extensions: `${EVERY_ERROR}, \`retryAfterSeconds\``,
    when: 'too many failed authentications from one address, or testMailSession/sendTestEmail calls by one caller',
  },
  [ErrorCode.SEND_FAILED]: {
    status: '200 / 200',
    extensions: `${EVERY_ERROR}, \`reason\`, \`responseCode\`, \`rejected\` (when the server said)`,
    when: 'the mail server refused or dropped the test message',
  },
  [ErrorCode.INTERNAL_SERVER_ERROR]: {
    status: '200 / 200 with `data`; 500 / 500 without',
    extensions: EVERY_ERROR,
    when: 'anything unexpected; the message is generic, the log has the original under `requestId`',
  },
  [ErrorCode.GRAPHQL_PARSE_FAILED]: { status: '400 / 200', extensions: EVERY_ERROR, when: 'the document is not valid GraphQL syntax' },
  [ErrorCode.GRAPHQL_VALIDATION_FAILED]: {
    status: '400 / 200',
    extensions: EVERY_ERROR,
    when: 'the document does not validate against the schema or breaks a limit (depth, cost, aliases, directives)',
  },
  [ErrorCode.BAD_REQUEST]: {
    status: 'the request’s own: 400, 405, 406, 413 or 415 (both)',
    extensions: EVERY_ERROR,
    when: 'not a well-formed GraphQL-over-HTTP request: bad JSON, no query, query text too long, a GET mutation, an Accept the service cannot answer, CSRF prevention',
  },
  [ErrorCode.OPERATION_RESOLUTION_FAILURE]: { status: '400 / 200', extensions: EVERY_ERROR, when: 'the operation to run cannot be determined (operationName)' },
  [ErrorCode.PERSISTED_QUERY_NOT_FOUND]: { status: '400 / 200', extensions: EVERY_ERROR, when: 'never: persisted queries are off' },
  [ErrorCode.PERSISTED_QUERY_NOT_SUPPORTED]: { status: '400 / 200', extensions: EVERY_ERROR, when: 'a persisted query is sent (they are off)' },
};

/** The schema's description (SDL): the error contract, every code with its HTTP statuses, extensions and cause. */
export function errorCodesDescription(): string {
  const lines = Object.entries(ERROR_CODE_CONTRACT).map(
    ([code, contract]) => `- ${code}: HTTP ${contract.status}. Extensions: ${contract.extensions}. When: ${contract.when}.`,
  );
  return [
    'Mail session service: the mail server settings of one application.',
    '',
    'Errors: every error has `extensions.code`, one of the codes below, and `extensions.requestId` (also the `X-Request-Id` response header) to quote. HTTP statuses are given as `application/graphql-response+json` / `application/json` (the media type the request accepts, GraphQL over HTTP): a response with `data` (even null) is 200; one without is 400 as `application/graphql-response+json` and 200 as `application/json`; 401 and 429 are HTTP-level refusals under both.',
    '',
    ...lines,
  ].join('\n');
}
