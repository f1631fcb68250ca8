/** GraphQL documents and small helpers shared by the API tests (not a test file itself). */
import type { TestDatabase } from '../support/database';
import type { GraphQLResult, TestApp } from '../support/test-app';

export interface ServerView {
  host: string | null;
  port: number;
  security: string;
  user: string | null;
  passwordSet: boolean;
}

export interface IncomingView extends ServerView {
  protocol: string;
  deleteAfterFetch: boolean;
}

export interface TransportView {
  state: string;
  appliedVersion: number;
  changedAt: string;
  lastError: string | null;
}

export interface MailSessionView {
  incoming: IncomingView;
  outgoing: ServerView;
  additionalProperties: { key: string; value: string }[];
  defaultSender: { name: string | null; address: string | null };
  version: number;
  updatedAt: string;
  updatedBy: string | null;
  transports: { outgoing: TransportView; incoming: TransportView };
}

export interface WarningView {
  code: string;
  /** Input path, e.g. ["outgoing", "port"]. */
  field: string[];
  message: string;
}

export interface UpdatePayload {
  mailSession: MailSessionView;
  warnings: WarningView[];
}

const TRANSPORT_FIELDS = 'state appliedVersion changedAt lastError';

/** Every readable field of the settings. */
export const SESSION_FIELDS = `
  incoming { protocol host port security user passwordSet deleteAfterFetch }
  outgoing { host port security user passwordSet }
  additionalProperties { key value }
  defaultSender { name address }
  version
  updatedAt
  updatedBy
  transports { outgoing { ${TRANSPORT_FIELDS} } incoming { ${TRANSPORT_FIELDS} } }
`;

export const READ_MAIL_SESSION = `query ReadMailSession { mailSession { ${SESSION_FIELDS} } }`;

export const UPDATE_MAIL_SESSION = `
  mutation UpdateMailSession($input: UpdateMailSessionInput!) {
    updateMailSession(input: $input) {
      mailSession { ${SESSION_FIELDS} }
      warnings { code field message }
    }
  }
`;

/** Reads the settings; fails the test on any error. */
export async function readSession(t: TestApp, token?: string | null): Promise<MailSessionView> {
  const result = await t.gql<{ mailSession: MailSessionView }>(READ_MAIL_SESSION, undefined, token);
  expect(result.errors).toBeUndefined();
  if (!result.data) throw new Error(`no data in the response: ${JSON.stringify(result)}`);
  return result.data.mailSession;
}

/** Sends `updateMailSession(input)` and returns the raw result. */
export function updateSession(t: TestApp, input: Record<string, unknown>, token?: string | null): Promise<GraphQLResult<{ updateMailSession: UpdatePayload }>> {
  return t.gql<{ updateMailSession: UpdatePayload }>(UPDATE_MAIL_SESSION, { input }, token);
}

/** Sends an update that must succeed; fails the test on any error. */
export async function updateOk(t: TestApp, input: Record<string, unknown>): Promise<UpdatePayload> {
  const result = await updateSession(t, input);
  expect(result.errors).toBeUndefined();
  if (!result.data) throw new Error(`no data in the response: ${JSON.stringify(result)}`);
  return result.data.updateMailSession;
}

export interface ErrorView {
  code: unknown;
  field: unknown;
  message: string;
  extensions: Record<string, unknown>;
}

/** The single error of a result; fails the test when there is not exactly one. */
export function onlyError(result: GraphQLResult<unknown>): ErrorView {
  expect(result.errors).toHaveLength(1);
  const error = result.errors?.[0];
  if (!error) throw new Error(`expected an error: ${JSON.stringify(result)}`);
  const extensions = error.extensions ?? {};
  return { code: extensions.code, field: extensions.field, message: error.message, extensions };
}

/** What is stored: the settings row and the number of history rows. */
export async function storedState(db: TestDatabase): Promise<{ row: Record<string, unknown>; revisions: number }> {
  const [row] = await db.query('SELECT * FROM mail_session WHERE id = 1');
  const [count] = await db.query<{ count: string }>('SELECT count(*)::text AS count FROM mail_session_revision');
  if (!row || !count) throw new Error('the settings row is missing');
  return { row, revisions: Number(count.count) };
}

/**
 * Sends an update that must be refused with BAD_USER_INPUT naming `field`, and checks that
 * nothing changed: not the settings the API serves, not the stored row, not the history.
 */
export async function expectRefused(t: TestApp, db: TestDatabase, input: Record<string, unknown>, field: string): Promise<ErrorView> {
  const before = await readSession(t);
  const storedBefore = await storedState(db);
  const result = await updateSession(t, input);
  const error = onlyError(result);
  expect(error.code).toBe('BAD_USER_INPUT');
  expect(error.field).toBe(field);
  expect(result.data ?? null).toBeNull();
  expect(await readSession(t)).toEqual(before);
  expect(await storedState(db)).toEqual(storedBefore);
  return error;
}
