/** GraphQL documents shared by the history and source tests (not a test file itself). */
import type { GraphQLResult, TestApp } from '../support/test-app';
import { SESSION_FIELDS, type UpdatePayload } from '../api/mail-session.operations';

export interface FieldChangeView {
  field: string;
  oldValue: unknown;
  newValue: unknown;
  secret: boolean;
}

export interface RevisionView {
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
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

export const HISTORY = `
  query History($first: Int, $after: String) {
    mailSessionHistory(first: $first, after: $after) {
      edges {
        cursor
        node {
          version changedAt changedBy
          changes { field oldValue newValue secret }
          settings {
            incoming { protocol host port security user passwordSet deleteAfterFetch }
            outgoing { host port security user passwordSet }
            additionalProperties { key value }
            defaultSender { name address }
          }
        }
      }
      pageInfo { hasNextPage endCursor }
    }
  }
`;

export const RESTORE = `
  mutation Restore($version: Int!, $expectedVersion: Int) {
    restoreMailSession(version: $version, expectedVersion: $expectedVersion) {
      mailSession { ${SESSION_FIELDS} source }
      warnings { code field message }
    }
  }
`;

export function history(
  t: TestApp,
  variables: { first?: number; after?: string } = {},
  token?: string | null,
): Promise<GraphQLResult<{ mailSessionHistory: HistoryPage }>> {
  return t.gql<{ mailSessionHistory: HistoryPage }>(HISTORY, variables, token);
}

/** Reads one page that must succeed. */
export async function historyOk(t: TestApp, variables: { first?: number; after?: string } = {}): Promise<HistoryPage> {
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
): Promise<GraphQLResult<{ restoreMailSession: UpdatePayload }>> {
  return t.gql<{ restoreMailSession: UpdatePayload }>(RESTORE, { version, ...(expectedVersion !== undefined && { expectedVersion }) }, token);
}
