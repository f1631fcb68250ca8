import { ApolloClient, HttpLink, InMemoryCache, gql, type TypedDocumentNode } from '@apollo/client';
import { relayStylePagination } from '@apollo/client/utilities';
import { filter, firstValueFrom } from 'rxjs';
import { updateOk } from '../api/mail-session.operations';
import { VIEWER_TOKEN, useTestApp } from '../support/test-app';

interface Page {
  mailSessionHistory: {
    edges: { cursor: string; node: { id: string; version: number } }[];
    pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
    totalCount: number;
  };
}

const HISTORY: TypedDocumentNode<Page> = gql`
  query PagedHistory($first: Int, $after: String, $last: Int, $before: String) {
    mailSessionHistory(first: $first, after: $after, last: $last, before: $before) {
      edges {
        cursor
        node {
          id
          version
        }
      }
      pageInfo {
        hasNextPage
        hasPreviousPage
        startCursor
        endCursor
      }
      totalCount
    }
  }
`;

const REVISIONS = 11;
const descending = (from: number, to: number) => Array.from({ length: from - to + 1 }, (_, i) => from - i);

describe("mailSessionHistory with Apollo Client 4's relayStylePagination", () => {
  const t = useTestApp();

  beforeAll(async () => {
    for (let port = 2001; port <= 2000 + REVISIONS; port++) await updateOk(t, { outgoing: { port } });
  });

  function client() {
    return new ApolloClient({
      link: new HttpLink({ uri: t.url, headers: { authorization: `Bearer ${VIEWER_TOKEN}` } }),
      cache: new InMemoryCache({ typePolicies: { Query: { fields: { mailSessionHistory: relayStylePagination() } } } }),
    });
  }

  /** Fetches page after page into one watched query; answers the merged list the cache then holds. */
  async function pageThrough(variables: Record<string, number>, next: (page: Page['mailSessionHistory']) => Record<string, string> | null) {
    const apollo = client();
    try {
      const watched = apollo.watchQuery({ query: HISTORY, variables });
      const subscription = watched.subscribe(() => undefined);
      const initial = await firstValueFrom(watched.pipe(filter((value) => !value.loading)));
      expect(initial.error).toBeUndefined();
      let page = initial.dataState === 'complete' ? initial.data.mailSessionHistory : undefined;
      let fetches = 1;
      // Each next page follows the cursors of the page fetched last; fetchMore merges it into the watched list.
      for (let more = page && next(page); more && fetches < 10; more = page && next(page)) {
        const fetched = await watched.fetchMore({ variables: more });
        page = fetched.data?.mailSessionHistory;
        fetches++;
      }
      subscription.unsubscribe();
      const cached = apollo.readQuery({ query: HISTORY, variables });
      return { merged: cached?.mailSessionHistory, fetches };
    } finally {
      apollo.stop();
    }
  }

  it('pages forwards with first and after, merging every page into one list in the cache', async () => {
    const { merged, fetches } = await pageThrough({ first: 4 }, (page) =>
      page.pageInfo.hasNextPage && page.pageInfo.endCursor ? { after: page.pageInfo.endCursor } : null,
    );
    expect(fetches).toBe(3);
    expect(merged?.edges.map((e) => e.node.version)).toEqual(descending(REVISIONS, 1));
    expect(new Set(merged?.edges.map((e) => e.node.id)).size).toBe(REVISIONS);
    expect(merged?.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: false });
    expect(merged?.totalCount).toBe(REVISIONS);
  });

  it('pages backwards with last and before, prepending each page', async () => {
    const { merged, fetches } = await pageThrough({ last: 4 }, (page) =>
      page.pageInfo.hasPreviousPage && page.pageInfo.startCursor ? { before: page.pageInfo.startCursor } : null,
    );
    expect(fetches).toBe(3);
    expect(merged?.edges.map((e) => e.node.version)).toEqual(descending(REVISIONS, 1));
    expect(merged?.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: false });
  });
});
