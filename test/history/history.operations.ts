/** GraphQL documents shared by the history and source tests (not a test file itself). */
import type { GraphQLResult, TestApp } from '../support/test-app';
import { SESSION_FIELDS, type UpdatePayload } from '../api/mail-session.operations';

/** A typed field change as the API answers it: `__typename`, the path, and that type's own value fields. */
export interface FieldChangeView {
  __typename: string;
  field: string[];
  [values: string]: unknown;
}

export interface RevisionView {
  id: string;
  version: number;
  changedAt: string;
  changedBy: string;
  changes: FieldChangeView[];
  settings: {
    incoming: { protocol: string; host: string | null; port: number; security: string; user: string | null; passwordSet: boolean; deleteAfterFetch: boolean };
    outgoing: { host: string | null; port: number; security: string; user: string | null; passwordSet: boolean };
    additionalProperties: { key: string; value: string }[];
    defaultSender: { name: string | null; address: string | null };
  };
}

export interface HistoryPage {
  edges: { cursor: string; node: RevisionView }[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  totalCount: number;
}

/** Every implementation of FieldChange with its own value fields. */
export const FIELD_CHANGE_FIELDS = `
  __typename field
  ... on StringFieldChange { oldString newString }
  ... on EmailAddressFieldChange { oldAddress newAddress }
  ... on IntFieldChange { oldInt newInt }
  ... on BooleanFieldChange { oldBoolean newBoolean }
  ... on ConnectionSecurityFieldChange { oldSecurity newSecurity }
  ... on MailProtocolFieldChange { oldProtocol newProtocol }
  ... on MailPropertiesFieldChange { oldProperties { key value } newProperties { key value } }
  ... on SecretFieldChange { change }
`;

export const HISTORY = `
  query History($first: Int, $after: String, $last: Int, $before: String) {
    mailSessionHistory(first: $first, after: $after, last: $last, before: $before) {
      edges {
        cursor
        node {
          id version changedAt changedBy
          changes { ${FIELD_CHANGE_FIELDS} }
          settings {
            incoming { protocol host port security user passwordSet deleteAfterFetch }
            outgoing { host port security user passwordSet }
            additionalProperties { key value }
            defaultSender { name address }
          }
        }
      }
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      totalCount
    }
  }
`;

export const RESTORE = `
  mutation Restore($input: RestoreMailSessionInput!) {
    restoreMailSession(input: $input) {
      mailSession { id ${SESSION_FIELDS} source }
      warnings { code field message }
      revision { id version changedBy changes { ${FIELD_CHANGE_FIELDS} } }
    }
  }
`;

/** The connection arguments of mailSessionHistory. */
export interface PageVariables {
  first?: number | null;
  after?: string;
  last?: number;
  before?: string;
}

/** What restoreMailSession answers: the update payload's fields and the revision it committed. */
export interface RestorePayload extends UpdatePayload {
  mailSession: UpdatePayload['mailSession'] & { id: string };
  revision: { id: string; version: number; changedBy: string; changes: FieldChangeView[] } | null;
}

export function history(t: TestApp, variables: PageVariables = {}, token?: string | null): Promise<GraphQLResult<{ mailSessionHistory: HistoryPage }>> {
  return t.gql<{ mailSessionHistory: HistoryPage }>(HISTORY, { ...variables }, token);
}

/** Reads one page that must succeed. */
export async function historyOk(t: TestApp, variables: PageVariables = {}): Promise<HistoryPage> {
  const result = await history(t, variables);
  expect(result.errors).toBeUndefined();
  if (!result.data) throw new Error(`no data: ${JSON.stringify(result)}`);
  return result.data.mailSessionHistory;
}

/** Every revision, newest first, read page by page. */
export async function allRevisions(t: TestApp, pageSize = 100): Promise<RevisionView[]> {
  const revisions: RevisionView[] = [];
  let after: string | undefined;
  for (;;) {
    const page = await historyOk(t, { first: pageSize, ...(after && { after }) });
    revisions.push(...page.edges.map((edge) => edge.node));
    if (!page.pageInfo.hasNextPage) return revisions;
    after = page.pageInfo.endCursor ?? undefined;
  }
}

export function restore(
  t: TestApp,
  version: number,
  expectedVersion?: number,
  token?: string | null,
): Promise<GraphQLResult<{ restoreMailSession: RestorePayload }>> {
  return t.gql<{ restoreMailSession: RestorePayload }>(RESTORE, { input: { version, ...(expectedVersion !== undefined && { expectedVersion }) } }, token);
}

const path = (field: string) => field.split('.');

/** The FieldChangeView each implementation answers, for expectations. */
export const changed = {
  string: (field: string, oldString: string | null, newString: string | null) => ({
    __typename: 'StringFieldChange',
    field: path(field),
    oldString,
    newString,
  }),
  address: (oldAddress: string | null, newAddress: string | null) => ({
    __typename: 'EmailAddressFieldChange',
    field: ['defaultSender', 'address'],
    oldAddress,
    newAddress,
  }),
  int: (field: string, oldInt: number, newInt: number) => ({ __typename: 'IntFieldChange', field: path(field), oldInt, newInt }),
  boolean: (field: string, oldBoolean: boolean, newBoolean: boolean) => ({ __typename: 'BooleanFieldChange', field: path(field), oldBoolean, newBoolean }),
  security: (field: string, oldSecurity: string, newSecurity: string) => ({
    __typename: 'ConnectionSecurityFieldChange',
    field: path(field),
    oldSecurity,
    newSecurity,
  }),
  protocol: (oldProtocol: string, newProtocol: string) => ({
    __typename: 'MailProtocolFieldChange',
    field: ['incoming', 'protocol'],
    oldProtocol,
    newProtocol,
  }),
  properties: (oldProperties: { key: string; value: string }[], newProperties: { key: string; value: string }[]) => ({
    __typename: 'MailPropertiesFieldChange',
    field: ['additionalProperties'],
    oldProperties,
    newProperties,
  }),
  secret: (field: string, change: 'SET' | 'CHANGED' | 'REMOVED') => ({ __typename: 'SecretFieldChange', field: path(field), change }),
};
